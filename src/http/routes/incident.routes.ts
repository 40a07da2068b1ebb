/**
 * Incidents: report, list, read one, update its timeline, triage (the centre), share one of its
 * indicators, raise an alert from it (the centre).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { config } from '../../config.js';
import { systemClock } from '../../domain/alerts/clock.js';
import { INCIDENT_STATUSES } from '../../domain/incident/incident.js';
import { listIncidents, reportIncident, showIncident } from '../../services/incident/incident.service.js';
import {
  triageIncident,
  updateIncidentTimeline,
} from '../../services/incident/incident-lifecycle.service.js';
import { alertFromIncident, shareIncidentIndicator } from '../../services/incident/incident-share.service.js';
import { actorOf } from '../plugins/auth.js';
import type { RouteContext } from '../route-context.js';
import { ERRORS, OrgCode, Problem } from '../schemas/common.schemas.js';
import {
  IncidentAlert,
  IncidentAlertBody,
  IncidentDetail,
  IncidentReference,
  IncidentReport,
  IncidentReported,
  IncidentSummary,
  IncidentTriaged,
  IncidentUpdateBody,
  IncidentUpdated,
  IndicatorShared,
  presentIncidentAlert,
  ShareIndicatorBody,
  TriageBody,
} from '../schemas/incident.schemas.js';

const Params = z.object({ reference: IncidentReference });

export function incidentRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/incidents',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Incidents you may read (your subtree, and those shared with you), newest first',
          querystring: z.object({
            status: z.enum(INCIDENT_STATUSES).optional(),
            org: OrgCode.optional().describe('reported by this organisation or one under it'),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: { 200: z.array(IncidentSummary), ...ERRORS },
        },
      },
      async (request) => listIncidents(ctx.database, actorOf(request), request.query),
    );
    app.post(
      '/incidents',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Report an incident for an organisation (its responders and above)',
          body: IncidentReport,
          response: { 201: IncidentReported, ...ERRORS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await reportIncident(ctx.database, actorOf(request), request.body)),
    );
    app.get(
      '/incidents/:reference',
      {
        schema: {
          tags: ['incidents'],
          summary:
            'One incident: timeline, affected assets, indicators with markings and sightings, deadlines',
          params: Params,
          response: { 200: IncidentDetail, ...ERRORS },
        },
      },
      async (request) => showIncident(ctx.database, actorOf(request), request.params.reference),
    );
    app.post(
      '/incidents/:reference/updates',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Add to the timeline: a note, the full report, a status change (either side)',
          params: Params,
          body: IncidentUpdateBody,
          response: { 201: IncidentUpdated, 409: Problem, ...ERRORS },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await updateIncidentTimeline(
              ctx.database,
              actorOf(request),
              request.params.reference,
              request.body,
            ),
          ),
    );
    app.post(
      '/incidents/:reference/triage',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Triage: severity, lead analyst, significance (the national centre)',
          params: Params,
          body: TriageBody,
          response: { 200: IncidentTriaged, 409: Problem, ...ERRORS },
        },
      },
      async (request) =>
        triageIncident(ctx.database, actorOf(request), request.params.reference, request.body),
    );
    app.post(
      '/incidents/:reference/indicators/share',
      {
        schema: {
          tags: ['incidents'],
          summary:
            "Share one of the incident's indicators under a TLP marking (the centre or the reporting side)",
          params: Params,
          body: ShareIndicatorBody,
          response: { 201: IndicatorShared, ...ERRORS },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await shareIncidentIndicator(
              ctx.database,
              actorOf(request),
              request.params.reference,
              request.body,
            ),
          ),
    );
    app.post(
      '/incidents/:reference/alert',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Raise an alert (or a draft) from the incident in one step (national roles)',
          params: Params,
          body: IncidentAlertBody,
          response: { 201: IncidentAlert, ...ERRORS },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const result = await alertFromIncident(
          ctx.database,
          { actor, clock: systemClock, render: { publicUrl: config().notifications.publicUrl } },
          request.params.reference,
          request.body,
        );
        return reply.status(201).send(presentIncidentAlert(result));
      },
    );
  };
}
