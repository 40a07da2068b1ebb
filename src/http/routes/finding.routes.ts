/**
 * Exposure: the prioritised findings worklist, roll-ups per organisation and its children, and who
 * is exposed to a CVE. Filters match `ward exposure list|summary|who`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FINDING_BASES } from '../../domain/platform/platform-defaults.js';
import { PRIORITIES } from '../../domain/priority/ssvc.js';
import { FINDING_CERTAINTIES } from '../../domain/rules/match-rule.js';
import { listExposure, summariseExposure, whoIsExposed } from '../../services/exposure/read.service.js';
import { recomputeExposure } from '../../services/exposure/recompute.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { CveId, ERRORS, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';
import {
  ExposedOrganisation,
  ExposureSummary,
  Finding,
  presentExposedOrganisation,
  presentExposureSummary,
  presentFinding,
  presentRecompute,
  RecomputeOutcome,
  WhoTotals,
} from '../schemas/finding.schemas.js';

export function findingRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/findings',
      {
        config: { cache: true },
        schema: {
          tags: ['exposure'],
          summary: 'The prioritised worklist: Act first, then known-exploited, then by CVSS',
          querystring: z.object({
            org: OrgCode.optional().describe('an organisation and everything under it'),
            kev: z.stringbool().optional().describe('only known-exploited vulnerabilities'),
            priority: z.enum(PRIORITIES).optional().describe('only one priority'),
            cve: CveId.optional().describe('only this CVE'),
            certainty: z
              .enum(FINDING_CERTAINTIES)
              .optional()
              .describe('only confirmed or only possible findings (both by default, confirmed first)'),
            basis: z
              .enum(FINDING_BASES)
              .optional()
              .describe(
                'only findings on reported components, or only on components assumed from platform defaults',
              ),
            outside: z
              .stringbool()
              .optional()
              .describe('only findings seen from outside (true) or only those that are not (false)'),
            all: z.stringbool().optional().describe('include fixed and excepted findings'),
            ...PageQuery,
          }),
          response: { 200: pageOf(Finding), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, outside, ...filters } = request.query;
        const binding = ['findings', actor.userId, { ...filters, outside }];
        const offset = cursor ? ctx.cursors.decode<number>(binding, cursor) : 0;
        const rows = await listExposure(ctx.database, actor, {
          ...filters,
          seenFromOutside: outside,
          limit: limit + 1,
          offset,
        });
        return page(ctx, binding, rows.map(presentFinding), limit, () => offset + limit);
      },
    );
    app.get(
      '/exposure/summary',
      {
        config: { cache: true },
        schema: {
          tags: ['exposure'],
          summary: 'Open findings by priority and KEV for an organisation and each child (roll-up)',
          querystring: z.object({
            org: OrgCode.optional().describe('your organisation (or the national root) by default'),
          }),
          response: { 200: ExposureSummary, ...ERRORS },
        },
      },
      async (request) =>
        presentExposureSummary(
          await summariseExposure(ctx.database, actorOf(request), request.query.org ?? null),
        ),
    );
    app.post(
      '/exposure/recompute',
      {
        schema: {
          tags: ['exposure'],
          summary:
            'Match every component again and refresh every finding (national admins); normally changes nothing',
          response: { 200: RecomputeOutcome, ...ERRORS },
        },
      },
      async (request) => presentRecompute(await recomputeExposure(ctx.database, actorOf(request))),
    );
    app.get(
      '/exposure/who/:cve',
      {
        config: { cache: true },
        schema: {
          tags: ['exposure'],
          summary: 'Every organisation you can see that is exposed to a CVE, most assets first',
          params: z.object({ cve: CveId }),
          querystring: z.object(PageQuery),
          response: {
            200: pageOf(ExposedOrganisation).extend({
              cve: z.string().describe('CVE id'),
              totals: WhoTotals,
            }),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const who = await whoIsExposed(ctx.database, actor, request.params.cve);
        const binding = ['who', actor.userId, who.cve];
        const offset = request.query.cursor ? ctx.cursors.decode<number>(binding, request.query.cursor) : 0;
        const slice = who.organisations.slice(offset, offset + request.query.limit + 1);
        return {
          cve: who.cve,
          totals: who.totals,
          ...page(
            ctx,
            binding,
            slice.map(presentExposedOrganisation),
            request.query.limit,
            () => offset + request.query.limit,
          ),
        };
      },
    );
  };
}
