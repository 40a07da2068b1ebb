/**
 * Product identity resolution: proposals that an inventory product is a product an advisory names
 * in its own words (read, scoped to the devices they touch), and the national decision on each.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  confirmAlias,
  listProposals,
  rejectAlias,
} from '../../services/identity/product-identity.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, OrgCode, PageQuery, Problem, pageOf } from '../schemas/common.schemas.js';
import {
  Alias,
  AliasDecision,
  AliasStatus,
  presentAlias,
  presentAliasDecision,
} from '../schemas/identity.schemas.js';

const Id = z.object({ id: z.coerce.number().int().min(1).describe('proposal id') });

export function identityRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/identity/proposals',
      {
        schema: {
          tags: ['exposure'],
          summary: 'Product identity proposals touching your devices (national roles: all), oldest first',
          querystring: z.object({
            status: AliasStatus.optional(),
            org: OrgCode.optional().describe("only those touching this organisation's subtree"),
            ...PageQuery,
          }),
          response: { 200: pageOf(Alias), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, org, status } = request.query;
        const binding = ['identity', actor.userId, org ?? null, status ?? null];
        const afterId = cursor ? ctx.cursors.decode<number>(binding, cursor) : null;
        const rows = await listProposals(ctx.database, actor, { status, org, afterId, limit: limit + 1 });
        return page(ctx, binding, rows.map(presentAlias), limit, (x) => x.id);
      },
    );
    app.post(
      '/identity/proposals/:id/confirm',
      {
        schema: {
          tags: ['exposure'],
          summary:
            'Confirm a proposal: the advisory product is the inventory product, everywhere (national roles)',
          params: Id,
          body: z
            .object({ note: z.string().max(2000).optional().describe('why (kept with the decision)') })
            .optional(),
          response: { 200: AliasDecision, 409: Problem, ...ERRORS },
        },
      },
      async (request) =>
        presentAliasDecision(
          await confirmAlias(
            ctx.database,
            actorOf(request),
            request.params.id,
            request.body?.note?.trim() || null,
          ),
        ),
    );
    app.post(
      '/identity/proposals/:id/reject',
      {
        schema: {
          tags: ['exposure'],
          summary: 'Reject a proposal or a confirmed alias (its rules and findings go); national roles',
          params: Id,
          body: z.object({
            reason: z.string().min(1).max(2000).describe('why they are not the same product'),
          }),
          response: { 200: AliasDecision, 409: Problem, ...ERRORS },
        },
      },
      async (request) =>
        presentAliasDecision(
          await rejectAlias(ctx.database, actorOf(request), request.params.id, request.body.reason),
        ),
    );
  };
}
