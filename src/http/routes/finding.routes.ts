/**
 * Exposure: the prioritised findings worklist, roll-ups per organisation and its children, and who
 * is exposed to a CVE. Filters match `ward exposure list|summary|who`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeFor } from '../../domain/access/actor.js';
import { FINDING_BASES } from '../../domain/platform/platform-defaults.js';
import { PRIORITIES } from '../../domain/priority/ssvc.js';
import { FINDING_CERTAINTIES } from '../../domain/rules/match-rule.js';
import { requireNational } from '../../services/access.service.js';
import { listExposure, summariseExposure, whoIsExposed } from '../../services/exposure.service.js';
import { recomputeExposure } from '../../services/matching.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { CveId, ERRORS, named, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';

const Finding = z.object({
  org: z.string().describe('ODS code of the organisation'),
  cve: z.string().describe('CVE id'),
  component: z.object({
    key: z.string().describe('match key: CPE part:vendor:product or purl type/namespace/name'),
    version: z.string().nullable(),
    update: z.string().nullable(),
    cpe: z.string().nullable(),
    purl: z.string().nullable(),
  }),
  assets: z.number().int().describe('assets with the component'),
  status: z.string().describe('open, reopened, excepted or fixed'),
  certainty: z
    .enum(FINDING_CERTAINTIES)
    .describe(
      'confirmed, or possible: something unknown would settle it (the first reason says what); never counted',
    ),
  basis: z
    .enum(FINDING_BASES)
    .describe('reported: the inventory lists the component; assumed: on by default on its platform'),
  assumedBy: z.string().nullable().describe('the platform whose defaults the assumed component comes from'),
  priority: z.enum(PRIORITIES).describe('SSVC decision: act, attend, track*, track'),
  reasons: z.array(z.string()).describe('why this priority'),
  cvss: z.object({
    score: z.number().nullable(),
    severity: z.string().nullable(),
    vector: z.string().nullable(),
  }),
  kev: z.boolean().describe('in CISA KEV'),
  kevDueDate: z.string().nullable().describe('KEV due date'),
  epss: z.number().nullable().describe('EPSS probability'),
  exposure: z.string().describe('open, controlled or small'),
  safetyImpact: z.boolean().describe('on a medical device or clinical system'),
  firstSeen: z.string().describe('when first found'),
});
named(Finding, 'Finding');

const Counts = {
  findings: z.number().int(),
  act: z.number().int(),
  attend: z.number().int(),
  trackStar: z.number().int(),
  track: z.number().int(),
  kev: z.number().int(),
  kevOverdue: z.number().int(),
  assets: z
    .number()
    .int()
    .describe('devices exposed, summed over the findings (a device with two findings counts twice)'),
  devicesExposed: z
    .number()
    .int()
    .describe('devices with an open finding, each counted once (additive over child organisations)'),
  cves: z.number().int().describe('distinct CVEs with open findings'),
};
const OrgRef = { code: z.string(), name: z.string(), kind: z.string() };

const Summary = z.object({
  org: z.object(OrgRef),
  totals: z.object(Counts).describe('open findings of the whole subtree'),
  children: z.array(z.object({ ...OrgRef, ...Counts })).describe('per child subtree, worst first'),
});
named(Summary, 'ExposureSummary');

const ExposedOrg = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  parent: z.string().nullable(),
  assets: z.number().int(),
  components: z.number().int(),
  priority: z.string(),
});
named(ExposedOrg, 'ExposedOrganisation');

export function findingRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/findings',
      {
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
            all: z.stringbool().optional().describe('include fixed and excepted findings'),
            ...PageQuery,
          }),
          response: { 200: pageOf(Finding), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, ...filters } = request.query;
        const binding = ['findings', actor.userId, filters];
        const offset = cursor ? ctx.cursors.decode<number>(binding, cursor) : 0;
        const rows = await listExposure(ctx.database, scopeFor(actor, 'read'), {
          ...filters,
          limit: limit + 1,
          offset,
        });
        return page(ctx, binding, rows, limit, () => offset + limit);
      },
    );
    app.get(
      '/exposure/summary',
      {
        schema: {
          tags: ['exposure'],
          summary: 'Open findings by priority and KEV for an organisation and each child (roll-up)',
          querystring: z.object({
            org: OrgCode.optional().describe('your organisation (or the national root) by default'),
          }),
          response: { 200: Summary, ...ERRORS },
        },
      },
      async (request) =>
        summariseExposure(ctx.database, scopeFor(actorOf(request), 'read'), request.query.org ?? null),
    );
    app.post(
      '/exposure/recompute',
      {
        schema: {
          tags: ['exposure'],
          summary:
            'Match every component again and refresh every finding (national admins); normally changes nothing',
          response: {
            200: z.object({
              components: z.number().int(),
              matches: z.number().int(),
              opened: z.number().int(),
              reopened: z.number().int(),
              fixed: z.number().int(),
            }),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        requireNational(actor, 'admin', 'recompute exposure');
        const { exposedOrgIds: _, ...result } = await recomputeExposure(ctx.database, undefined, actor);
        return result;
      },
    );
    app.get(
      '/exposure/who/:cve',
      {
        schema: {
          tags: ['exposure'],
          summary: 'Every organisation you can see that is exposed to a CVE, most assets first',
          params: z.object({ cve: CveId }),
          querystring: z.object(PageQuery),
          response: {
            200: pageOf(ExposedOrg).extend({
              cve: z.string(),
              totals: z
                .object({ organisations: z.number().int(), assets: z.number().int() })
                .describe('over all pages'),
            }),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const who = await whoIsExposed(ctx.database, scopeFor(actor, 'read'), request.params.cve);
        const binding = ['who', actor.userId, who.cve];
        const offset = request.query.cursor ? ctx.cursors.decode<number>(binding, request.query.cursor) : 0;
        const slice = who.organisations.slice(offset, offset + request.query.limit + 1);
        return {
          cve: who.cve,
          totals: who.totals,
          ...page(ctx, binding, slice, request.query.limit, () => offset + request.query.limit),
        };
      },
    );
  };
}
