/**
 * The federation overview (national, region, ICB): alert compliance with its weekly trend, the top
 * exposures, and medical devices at risk, each for a subtree of the caller's view. The roll-up per
 * child organisation is GET /exposure/summary.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TOP_EXPOSURE_ORDERS } from '../../db/repositories/overview.repository.js';
import { scopeFor } from '../../domain/access/actor.js';
import { systemClock } from '../../domain/alerts/clock.js';
import {
  alertComplianceOverview,
  medicalDevicesOverview,
  topExposuresOverview,
} from '../../services/overview.service.js';
import { actorOf } from '../plugins/auth.js';
import type { RouteContext } from '../route-context.js';
import { ERRORS, named, OrgCode } from '../schemas/common.schemas.js';

const OrgQuery = {
  org: OrgCode.optional().describe(
    'an organisation and its subtree; your own (or the national root) by default',
  ),
};
const OrgRef = z
  .object({ code: z.string(), name: z.string(), kind: z.string() })
  .describe('the organisation whose subtree is counted');

const ComplianceCounts = {
  targets: z.number().int().describe('organisations targeted by live alerts (one per alert)'),
  acknowledgedInTime: z.number().int().describe('acknowledged no later than their deadline'),
  shareAcknowledgedInTime: z.number().describe('acknowledgedInTime / targets (0 when none)'),
  awaiting: z.number().int().describe('still awaiting acknowledgement'),
  overdue: z.number().int().describe('awaiting acknowledgement past the deadline'),
};

const Compliance = z.object({
  org: OrgRef,
  asOf: z.string().describe('the time overdue is reckoned at'),
  totals: z.object(ComplianceCounts).describe('every live alert'),
  trend: z
    .array(z.object({ week: z.string().describe('Monday of the week targeted'), ...ComplianceCounts }))
    .describe('per week in which organisations were targeted, oldest first; how those targets stand now'),
});
named(Compliance, 'AlertCompliance');

const TopExposures = z.object({
  org: OrgRef,
  items: z.array(
    z.object({
      cve: z.string(),
      description: z.string().describe('the start of the CVE description'),
      cvss: z.object({ score: z.number().nullable(), severity: z.string().nullable() }),
      kev: z.boolean().describe('in CISA KEV'),
      kevDueDate: z.string().nullable(),
      epss: z.number().nullable(),
      organisations: z.number().int().describe('organisations with open findings'),
      devices: z.number().int().describe('devices with a vulnerable component (summed over findings)'),
      actFindings: z.number().int().describe('findings of priority Act'),
    }),
  ),
});
named(TopExposures, 'TopExposures');

const MedicalDevices = z.object({
  org: OrgRef,
  totals: z.object({
    devices: z.number().int().describe('live medical devices'),
    atRisk: z.number().int().describe('with a component that has an open finding'),
    kev: z.number().int().describe('at risk from a known-exploited vulnerability'),
  }),
  manufacturers: z
    .array(
      z.object({
        name: z.string(),
        devices: z.number().int(),
        atRisk: z.number().int(),
        kev: z.number().int(),
      }),
    )
    .describe('most devices at risk first'),
});
named(MedicalDevices, 'MedicalDevices');

export function overviewRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/overview/alert-compliance',
      {
        schema: {
          tags: ['overview'],
          summary: 'Alerts acknowledged within their deadline, overdue, and the weekly trend, for a subtree',
          querystring: z.object({
            ...OrgQuery,
            weeks: z.coerce.number().int().min(1).max(104).default(12).describe('weeks of trend'),
          }),
          response: { 200: Compliance, ...ERRORS },
        },
      },
      async (request) =>
        alertComplianceOverview(
          ctx.database,
          scopeFor(actorOf(request), 'read'),
          systemClock,
          request.query.org ?? null,
          request.query.weeks,
        ),
    );
    app.get(
      '/overview/top-exposures',
      {
        schema: {
          tags: ['overview'],
          summary: 'The CVEs with open findings in a subtree: organisations and devices exposed, KEV, EPSS',
          querystring: z.object({
            ...OrgQuery,
            order: z.enum(TOP_EXPOSURE_ORDERS).default('devices').describe('what to rank by'),
            limit: z.coerce.number().int().min(1).max(100).default(10),
          }),
          response: { 200: TopExposures, ...ERRORS },
        },
      },
      async (request) =>
        topExposuresOverview(ctx.database, scopeFor(actorOf(request), 'read'), request.query.org ?? null, {
          order: request.query.order,
          limit: request.query.limit,
        }),
    );
    app.get(
      '/overview/medical-devices',
      {
        schema: {
          tags: ['overview'],
          summary: 'Medical devices in a subtree with open findings, by manufacturer',
          querystring: z.object({
            ...OrgQuery,
            limit: z.coerce.number().int().min(1).max(100).default(10).describe('manufacturers listed'),
          }),
          response: { 200: MedicalDevices, ...ERRORS },
        },
      },
      async (request) =>
        medicalDevicesOverview(
          ctx.database,
          scopeFor(actorOf(request), 'read'),
          request.query.org ?? null,
          request.query.limit,
        ),
    );
  };
}
