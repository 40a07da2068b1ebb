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
import {
  AlertEditResult,
  AlertIssueResult,
  AlertRespondResult,
  AlertStatus,
  AlertSummary,
  AlertWithdrawResult,
  EditBody,
  IssueBody,
  presentAlertStatus,
  presentAlertSummary,
  presentEditResult,
  presentIssueResult,
  presentRespondResult,
  presentWithdrawResult,
  Reference,
  RespondBody,
  WithdrawBody,
} from '../schemas/alert.schemas.js';
import { ERRORS, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';

function alertContext(actor: Actor): AlertContext {
  return { actor, clock: systemClock, render: { publicUrl: config().notifications.publicUrl } };
}

export function alertRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/alerts',
      {
        config: { cache: true },
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
        const items = all.slice(offset, offset + limit + 1).map(presentAlertSummary);
        return page(ctx, binding, items, limit, () => offset + limit);
      },
    );
    app.get(
      '/alerts/:reference/status',
      {
        config: { cache: true },
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
        const status = await alertStatus(
          ctx.database,
          actorOf(request),
          systemClock,
          request.params.reference,
          {
            targets: request.query.targets,
            org: request.query.org ?? null,
          },
        );
        return presentAlertStatus(status);
      },
    );
    app.post(
      '/alerts',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Issue an alert (national roles)',
          body: IssueBody,
          response: { 201: AlertIssueResult, ...ERRORS },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const issued = await issueAlert(ctx.database, alertContext(actorOf(request)), {
          ...b,
          advisory: b.advisory ?? null,
        });
        return reply.status(201).send(presentIssueResult(issued));
      },
    );
    app.patch(
      '/alerts/:reference',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Edit an alert: a new version, every target told (national roles)',
          params: z.object({ reference: Reference }),
          body: EditBody,
          response: { 200: AlertEditResult, ...ERRORS },
        },
      },
      async (request) => {
        const edited = await editAlert(
          ctx.database,
          alertContext(actorOf(request)),
          request.params.reference,
          request.body,
        );
        return presentEditResult(edited);
      },
    );
    app.post(
      '/alerts/:reference/withdraw',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Withdraw an alert (national roles)',
          params: z.object({ reference: Reference }),
          body: WithdrawBody,
          response: { 200: AlertWithdrawResult, ...ERRORS },
        },
      },
      async (request) => {
        const withdrawn = await withdrawAlert(
          ctx.database,
          alertContext(actorOf(request)),
          request.params.reference,
          request.body.reason,
        );
        return presentWithdrawResult(withdrawn);
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
          response: { 200: AlertRespondResult, ...ERRORS },
        },
      },
      async (request) => {
        const b = request.body;
        const answered = await respondToAlert(ctx.database, alertContext(actorOf(request)), {
          reference: request.params.reference,
          orgs: b.orgs,
          under: b.under ?? null,
          status: b.status,
          note: b.note ?? null,
          reason: b.reason ?? null,
          nextUpdate: b.nextUpdate ?? null,
        });
        return presentRespondResult(answered);
      },
    );
  };
}
