/**
 * Exceptions: accept a finding for a while with compensating controls; list them.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addException, listExceptionPage } from '../../services/exposure/exception.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { CveId, ERRORS, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';
import { Exception, ExceptionRequest, presentException } from '../schemas/exception.schemas.js';

export function exceptionRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/exceptions',
      {
        schema: {
          tags: ['exposure'],
          summary: 'Exceptions you can see, newest first',
          querystring: z.object({
            org: OrgCode.optional().describe('an organisation and its subtree'),
            cve: CveId.optional(),
            active: z.stringbool().optional().describe('only those not yet expired'),
            ...PageQuery,
          }),
          response: { 200: pageOf(Exception), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, org, ...filters } = request.query;
        const binding = ['exceptions', actor.userId, org ?? null, filters];
        const before = cursor ? ctx.cursors.decode<[string, string]>(binding, cursor) : null;
        const rows = await listExceptionPage(ctx.database, actor, {
          ...filters,
          org,
          before,
          limit: limit + 1,
        });
        return page(ctx, binding, rows.map(presentException), limit, (x) => [x.createdAt, x.id]);
      },
    );
    app.post(
      '/exceptions',
      {
        schema: {
          tags: ['exposure'],
          summary: 'Record an exception (responders and above)',
          body: ExceptionRequest,
          response: { 201: Exception, ...ERRORS },
        },
      },
      async (request, reply) => {
        const created = await addException(ctx.database, actorOf(request), request.body);
        return reply.status(201).send(presentException(created));
      },
    );
  };
}
