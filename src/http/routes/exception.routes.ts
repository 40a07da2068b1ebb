/**
 * Exceptions: accept a finding for a while with compensating controls; list them.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeFor } from '../../domain/access/actor.js';
import { requireOrgAccess } from '../../services/access.service.js';
import { addException, listExceptionPage } from '../../services/exception.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { CveId, ERRORS, named, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';

const Exception = z.object({
  id: z.string().describe('exception id'),
  org: z.string().describe('ODS code'),
  cve: z.string(),
  asset: z.string().nullable().describe("the organisation's asset id, or null for all its assets"),
  reason: z.string(),
  controls: z.string().describe('compensating controls'),
  expiresAt: z.string(),
  active: z.boolean().describe('not yet expired'),
  createdBy: z.string(),
});
named(Exception, 'Exception');

const ExceptionBody = z.object({
  org: OrgCode,
  cve: CveId,
  asset: z
    .string()
    .min(1)
    .max(256)
    .nullable()
    .optional()
    .describe("the organisation's asset id; all its assets when absent"),
  reason: z.string().min(1).max(2000).describe('why the finding cannot be fixed now'),
  controls: z.string().min(1).max(2000).describe('what protects the asset meanwhile'),
  expires: z.iso.date().describe('expiry date (YYYY-MM-DD), in the future'),
});

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
          response: { 200: pageOf(Exception.extend({ createdAt: z.string() })), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, org, ...filters } = request.query;
        const binding = ['exceptions', actor.userId, org ?? null, filters];
        const before = cursor ? ctx.cursors.decode<[string, string]>(binding, cursor) : null;
        const under = org ? await requireOrgAccess(ctx.database, actor, 'read', org) : null;
        const rows = await listExceptionPage(ctx.database, scopeFor(actor, 'read'), {
          ...filters,
          underOrgId: under?.id ?? null,
          before,
          limit: limit + 1,
        });
        return page(ctx, binding, rows, limit, (x) => [x.createdAt, x.id]);
      },
    );
    app.post(
      '/exceptions',
      {
        schema: {
          tags: ['exposure'],
          summary: 'Record an exception (responders and above)',
          body: ExceptionBody,
          response: { 201: Exception, ...ERRORS },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        await requireOrgAccess(ctx.database, actor, 'write', request.body.org);
        const created = await addException(
          ctx.database,
          scopeFor(actor, 'write'),
          { ...request.body, asset: request.body.asset ?? null, createdBy: actor.label },
          new Date(),
          actor,
        );
        return reply.status(201).send(created);
      },
    );
  };
}
