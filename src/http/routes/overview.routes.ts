/**
 * The federation overview (national, region, ICB): alert compliance with its weekly trend, the top
 * exposures, and medical devices at risk, each for a subtree of the caller's view. The roll-up per
 * child organisation is GET /exposure/summary. The services decide what the caller sees.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemClock } from '../../domain/alerts/clock.js';
import {
  alertComplianceOverview,
  medicalDevicesOverview,
  TOP_EXPOSURE_ORDERS,
  topExposuresOverview,
} from '../../services/federation/overview.service.js';
import { actorOf } from '../plugins/auth.js';
import type { RouteContext } from '../route-context.js';
import { ERRORS, OrgCode } from '../schemas/common.schemas.js';
import {
  AlertCompliance,
  MedicalDevices,
  presentAlertCompliance,
  presentMedicalDevices,
  presentTopExposures,
  TopExposures,
} from '../schemas/overview.schemas.js';

const OrgQuery = {
  org: OrgCode.optional().describe(
    'an organisation and its subtree; your own (or the national root) by default',
  ),
};

export function overviewRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/overview/alert-compliance',
      {
        config: { cache: true },
        schema: {
          tags: ['overview'],
          summary: 'Alerts acknowledged within their deadline, overdue, and the weekly trend, for a subtree',
          querystring: z.object({
            ...OrgQuery,
            weeks: z.coerce.number().int().min(1).max(104).default(12).describe('weeks of trend'),
          }),
          response: { 200: AlertCompliance, ...ERRORS },
        },
      },
      async (request) =>
        presentAlertCompliance(
          await alertComplianceOverview(
            ctx.database,
            actorOf(request),
            systemClock,
            request.query.org ?? null,
            request.query.weeks,
          ),
        ),
    );
    app.get(
      '/overview/top-exposures',
      {
        config: { cache: true },
        schema: {
          tags: ['overview'],
          summary: 'The CVEs with open findings in a subtree: organisations and devices exposed, KEV, EPSS',
          querystring: z.object({
            ...OrgQuery,
            order: z.enum(TOP_EXPOSURE_ORDERS).default('devices').describe('what to rank by'),
            limit: z.coerce.number().int().min(1).max(100).default(10).describe('CVEs listed'),
          }),
          response: { 200: TopExposures, ...ERRORS },
        },
      },
      async (request) =>
        presentTopExposures(
          await topExposuresOverview(ctx.database, actorOf(request), request.query.org ?? null, {
            order: request.query.order,
            limit: request.query.limit,
          }),
        ),
    );
    app.get(
      '/overview/medical-devices',
      {
        config: { cache: true },
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
        presentMedicalDevices(
          await medicalDevicesOverview(
            ctx.database,
            actorOf(request),
            request.query.org ?? null,
            request.query.limit,
          ),
        ),
    );
  };
}
