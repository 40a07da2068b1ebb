/**
 * Vulnerabilities found on banners: open findings on the products external scans see on an
 * organisation's addresses, with the address each is on. (The observations themselves are
 * `GET /external`.)
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PRIORITIES } from '../../domain/priority/ssvc.js';
import { listExternalFindings } from '../../services/outside/external-findings.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';
import { ExternalFinding, presentExternalFinding } from '../schemas/external-finding.schemas.js';

export function externalFindingRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/external/findings',
      {
        schema: {
          tags: ['external'],
          summary:
            "Vulnerabilities on the products external scans see on an organisation's addresses, Act first",
          querystring: z.object({
            org: OrgCode.optional().describe(
              'an organisation and everything under it (your scope by default)',
            ),
            kev: z.stringbool().optional().describe('only known-exploited vulnerabilities'),
            priority: z.enum(PRIORITIES).optional().describe('only one priority'),
            ...PageQuery,
          }),
          response: { 200: pageOf(ExternalFinding), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, ...filters } = request.query;
        const binding = ['external-findings', actor.userId, filters];
        const offset = cursor ? ctx.cursors.decode<number>(binding, cursor) : 0;
        const rows = await listExternalFindings(ctx.database, actor, {
          ...filters,
          limit: limit + 1,
          offset,
        });
        return page(ctx, binding, rows.map(presentExternalFinding), limit, () => offset + limit);
      },
    );
  };
}
