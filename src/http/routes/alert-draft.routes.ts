/**
 * Alert drafts (national roles): list them, issue one as it stands, dismiss one with a reason.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { config } from '../../config.js';
import type { Actor } from '../../domain/access/actor.js';
import { systemClock } from '../../domain/alerts/clock.js';
import {
  type AlertContext,
  dismissAlertDraft,
  issueAlertDraft,
  listAlertDrafts,
} from '../../services/alerts/index.js';
import { actorOf } from '../plugins/auth.js';
import type { RouteContext } from '../route-context.js';
import {
  AlertDraft,
  AlertDraftIssued,
  DismissDraftBody,
  DraftId,
  presentDraft,
  presentDraftIssued,
} from '../schemas/alert-draft.schemas.js';
import { ERRORS, Problem } from '../schemas/common.schemas.js';

function draftContext(actor: Actor): AlertContext {
  return { actor, clock: systemClock, render: { publicUrl: config().notifications.publicUrl } };
}

export function alertDraftRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/alert-drafts',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Alerts Ward drafted for review, newest first (national roles)',
          querystring: z.object({
            all: z.stringbool().optional().describe('issued and dismissed drafts too'),
          }),
          response: { 200: z.array(AlertDraft), ...ERRORS },
        },
      },
      async (request) =>
        (
          await listAlertDrafts(
            ctx.database,
            draftContext(actorOf(request)),
            request.query.all ? 'all' : 'pending',
          )
        ).map(presentDraft),
    );
    app.post(
      '/alert-drafts/:id/issue',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Issue a draft as it stands: the ordinary issue, targets told (national roles)',
          params: z.object({ id: DraftId }),
          response: { 201: AlertDraftIssued, 409: Problem, ...ERRORS },
        },
      },
      async (request, reply) => {
        const issued = await issueAlertDraft(ctx.database, draftContext(actorOf(request)), request.params.id);
        return reply.status(201).send(presentDraftIssued(issued));
      },
    );
    app.post(
      '/alert-drafts/:id/dismiss',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Dismiss a draft with a reason (national roles)',
          params: z.object({ id: DraftId }),
          body: DismissDraftBody,
          response: { 200: AlertDraft, 409: Problem, ...ERRORS },
        },
      },
      async (request) =>
        presentDraft(
          await dismissAlertDraft(
            ctx.database,
            draftContext(actorOf(request)),
            request.params.id,
            request.body.reason,
          ),
        ),
    );
  };
}
