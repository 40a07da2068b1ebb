/**
 * Alerts: list and status (scoped to the caller's subtree), issue, edit and withdraw (national
 * roles), and responses for one organisation or in bulk (responders and above, for the targets in
 * their subtree).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { config } from '../../config.js';
import type { Actor } from '../../domain/access/actor.js';
import { systemClock } from '../../domain/alerts/clock.js';
import {
  type AlertContext,
  alertStatus,
  editAlert,
  issueAlert,
  listAlerts,
  respondToAlert,
  withdrawAlert,
} from '../../services/alerts/index.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { CveId, ERRORS, named, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';

const Reference = z
  .string()
  .regex(/^WA-\d{4}-\d{4,}$/i, 'an alert reference such as WA-2026-0001')
  .describe('alert reference');

const AlertSummary = z.object({
  reference: z.string(),
  title: z.string(),
  severity: z.string(),
  cves: z.array(z.string()),
  issuedAt: z.string(),
  version: z.number().int(),
  withdrawn: z.boolean(),
  targets: z.number().int().describe('targets in your subtree'),
  awaiting: z.number().int(),
  acknowledged: z.number().int(),
  inProgress: z.number().int(),
  resolved: z.number().int(),
  notApplicable: z.number().int(),
  overdue: z.number().int(),
});
named(AlertSummary, 'AlertSummary');

const COUNTS = {
  targets: z.number().int(),
  awaitingAck: z.number().int(),
  acknowledged: z.number().int(),
  inProgress: z.number().int(),
  resolved: z.number().int(),
  notApplicable: z.number().int(),
  overdue: z.number().int(),
  updateDue: z.number().int(),
  acknowledgedInTime: z.number().int(),
  shareAcknowledgedInTime: z.number(),
  assets: z.number().int(),
};
const Rollup = z.object({ code: z.string(), name: z.string(), parent: z.string().nullable(), ...COUNTS });
named(Rollup, 'AlertRollup');
const Target = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  parent: z.string().nullable(),
  reasons: z.array(z.string()),
  state: z.string(),
  devices: z.number().int(),
  deviceList: z.array(z.string()),
  targetedAt: z.string(),
  ackDueAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  nextUpdateDueAt: z.string().nullable(),
  overdue: z.boolean(),
  updateDue: z.boolean(),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  respondedBy: z.string().nullable(),
  evidence: z.object({
    exposedNow: z.boolean(),
    fixedAt: z.string().nullable(),
    flag: z.string().nullable(),
  }),
  history: z
    .array(
      z.object({
        at: z.string(),
        actor: z.string(),
        kind: z.string(),
        from: z.string().nullable(),
        to: z.string(),
        note: z.string().nullable(),
      }),
    )
    .optional(),
});
named(Target, 'AlertTarget');
const AlertStatus = z.object({
  alert: z.object({
    reference: z.string(),
    title: z.string(),
    severity: z.string(),
    action: z.string(),
    cves: z.array(z.string()),
    advisory: z.string().nullable(),
    targetSpecs: z.array(z.string()),
    ackHours: z.number().int(),
    version: z.number().int(),
    issuedAt: z.string(),
    issuedBy: z.string(),
    withdrawn: z
      .object({ at: z.string(), by: z.string().nullable(), reason: z.string().nullable() })
      .nullable(),
  }),
  asOf: z.string(),
  counts: z.object(COUNTS).describe('targets in your subtree by state'),
  overdue: z.object({
    total: z.number().int(),
    organisations: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        kind: z.string(),
        parent: z.string().nullable(),
        ackDueAt: z.string(),
        hoursOverdue: z.number(),
      }),
    ),
  }),
  evidence: z.object({
    verifiedByInventory: z.array(z.object({ code: z.string(), fixedAt: z.string() })),
    resolvedButStillExposed: z.array(z.string()),
  }),
  rollup: z.object({ regions: z.array(Rollup), icbs: z.array(Rollup) }),
  targets: z.array(Target).optional(),
});
named(AlertStatus, 'AlertStatus');

const IssueResult = z.object({
  reference: z.string(),
  title: z.string(),
  severity: z.string(),
  cves: z.array(z.string()),
  targets: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      reasons: z.array(z.string()),
      assets: z.number().int(),
      ackDueAt: z.string(),
    }),
  ),
  totals: z.object({ organisations: z.number().int(), assets: z.number().int() }),
  messages: z.number().int(),
  warnings: z.array(z.string()),
});
named(IssueResult, 'AlertIssueResult');

const IssueBody = z.object({
  title: z.string().min(1).max(300),
  severity: z.string().min(1).max(20).describe('high, medium, low or information'),
  action: z.string().min(1).max(4000).describe('what the organisations must do'),
  cves: z.array(CveId).max(200).default([]),
  advisory: z.string().max(200).nullable().optional(),
  targets: z
    .array(z.string().max(200))
    .max(200)
    .default([])
    .describe('target specs; `auto` (exposed organisations) by default'),
  ackHours: z.number().int().min(1).max(2160).optional().describe('hours to acknowledge (48 by default)'),
});

const RespondBody = z.object({
  orgs: z.array(OrgCode).max(5000).optional().describe('the organisations answered for…'),
  under: OrgCode.optional().describe('…or every target in this subtree (bulk)'),
  status: z.string().min(1).max(40).describe('acknowledged, in_progress, resolved or not_applicable'),
  note: z.string().max(4000).nullable().optional(),
  reason: z.string().max(4000).nullable().optional(),
  nextUpdate: z.string().max(40).nullable().optional(),
});

function alertContext(actor: Actor): AlertContext {
  return { actor, clock: systemClock, render: { publicUrl: config().notifications.publicUrl } };
}

export function alertRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/alerts',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Alerts newest first, with the targets in your subtree counted by state',
          querystring: z.object({
            open: z.stringbool().optional().describe('only alerts still being answered'),
            ...PageQuery,
          }),
          response: { 200: pageOf(AlertSummary), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, open } = request.query;
        const binding = ['alerts', actor.userId, open ?? null];
        const offset = cursor ? ctx.cursors.decode<number>(binding, cursor) : 0;
        const all = await listAlerts(ctx.database, actor, systemClock, { open });
        return page(ctx, binding, all.slice(offset, offset + limit + 1), limit, () => offset + limit);
      },
    );
    app.get(
      '/alerts/:reference/status',
      {
        schema: {
          tags: ['alerts'],
          summary: "An alert's status over your subtree: counts, overdue organisations, roll-ups, targets",
          params: z.object({ reference: Reference }),
          querystring: z.object({
            org: OrgCode.optional().describe('targets under this organisation'),
            targets: z.stringbool().optional().describe('list the targets'),
          }),
          response: { 200: AlertStatus, ...ERRORS },
        },
      },
      async (request) => {
        return alertStatus(ctx.database, actorOf(request), systemClock, request.params.reference, {
          targets: request.query.targets,
          org: request.query.org ?? null,
        });
      },
    );
    app.post(
      '/alerts',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Issue an alert (national roles)',
          body: IssueBody,
          response: { 201: IssueResult, ...ERRORS },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const issued = await issueAlert(ctx.database, alertContext(actorOf(request)), {
          ...b,
          advisory: b.advisory ?? null,
        });
        return reply.status(201).send(issued);
      },
    );
    app.patch(
      '/alerts/:reference',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Edit an alert: a new version, every target told (national roles)',
          params: z.object({ reference: Reference }),
          body: z.object({
            title: z.string().min(1).max(300).optional(),
            severity: z.string().min(1).max(20).optional(),
            action: z.string().min(1).max(4000).optional(),
            addCves: z.array(CveId).max(200).optional(),
            addTargets: z.array(z.string().max(200)).max(200).optional(),
            note: z.string().max(4000).optional(),
          }),
          response: {
            200: z.object({
              reference: z.string(),
              version: z.number().int(),
              changes: z.array(z.string()),
              newTargets: z.number().int(),
              messages: z.number().int(),
            }),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        return editAlert(
          ctx.database,
          alertContext(actorOf(request)),
          request.params.reference,
          request.body,
        );
      },
    );
    app.post(
      '/alerts/:reference/withdraw',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Withdraw an alert (national roles)',
          params: z.object({ reference: Reference }),
          body: z.object({ reason: z.string().min(1).max(2000) }),
          response: {
            200: z.object({
              reference: z.string(),
              version: z.number().int(),
              withdrawnAt: z.string(),
              messages: z.number().int(),
            }),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        return withdrawAlert(
          ctx.database,
          alertContext(actorOf(request)),
          request.params.reference,
          request.body.reason,
        );
      },
    );
    app.post(
      '/alerts/:reference/responses',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Respond for organisations in your subtree (one, several, or every target under one)',
          params: z.object({ reference: Reference }),
          body: RespondBody,
          response: {
            200: z.object({
              reference: z.string(),
              status: z.string(),
              at: z.string(),
              nextUpdateDueAt: z.string().nullable(),
              applied: z.array(
                z.object({ code: z.string(), from: z.string(), lateAcknowledgement: z.boolean() }),
              ),
              skipped: z.array(z.object({ code: z.string(), reason: z.string() })),
              messages: z.number().int(),
            }),
            ...ERRORS,
          },
        },
      },
      async (request) => {
        const b = request.body;
        return respondToAlert(ctx.database, alertContext(actorOf(request)), {
          reference: request.params.reference,
          orgs: b.orgs,
          under: b.under ?? null,
          status: b.status,
          note: b.note ?? null,
          reason: b.reason ?? null,
          nextUpdate: b.nextUpdate ?? null,
        });
      },
    );
  };
}
