/**
 * Product identity resolution: proposals that an inventory product is a product an advisory names
 * in its own words (read, scoped to the devices they touch), and the national decision on each.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireOrgAccess } from '../../services/access.service.js';
import {
  confirmAlias,
  listProposals,
  rejectAlias,
} from '../../services/identity/product-identity.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, named, OrgCode, PageQuery, Problem, pageOf } from '../schemas/common.schemas.js';

const Status = z.enum(['proposed', 'confirmed', 'rejected']);

const Names = z.object({ vendor: z.string(), product: z.string() });

const Evidence = z.object({
  vendor: z
    .object({ inventory: z.string(), advisory: z.string(), sharedName: z.string() })
    .describe('the two vendor names and the company name both reduce to'),
  tokens: z
    .array(z.string())
    .describe("the inventory product's model words, each found in the advisory's name"),
  advisoryProduct: z.string(),
  versions: z
    .array(
      z.object({
        version: z.string().describe("installed version ('' when the inventory gives none)"),
        verdict: z
          .enum(['match', 'assumed'])
          .describe("match: in the advisory's list; assumed: no version given"),
        advisories: z.array(z.string()),
      }),
    )
    .describe('installed versions the advisories name'),
});

const Alias = z.object({
  id: z.number().int().describe('proposal id'),
  status: Status.describe('proposed (shown as possible, never a finding), confirmed or rejected'),
  inventoryKey: z.string().describe('match key of the inventory product (a:vendor:product)'),
  inventory: Names,
  advisoryKey: z.string().describe("match key of the advisory's product"),
  advisory: Names,
  advisories: z.array(z.string()).describe('advisories naming the product at an installed version'),
  cves: z.array(z.string()),
  versions: z.array(z.string()).describe('installed versions the advisories name'),
  evidence: Evidence,
  devices: z.number().int().describe('live devices in your scope with a named version'),
  organisations: z.number().int().describe('organisations in your scope with such devices'),
  proposedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  reason: z.string().nullable().describe('the note of a confirmation, the reason of a rejection'),
});
named(Alias, 'ProductAlias');

const Decision = z.object({
  alias: Alias,
  rules: z.number().int().describe('match rules cloned (confirm) or removed (reject)'),
  findingsOpened: z.number().int(),
  findingsRemoved: z.number().int(),
});
named(Decision, 'AliasDecision');

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
            status: Status.optional(),
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
        const under = org ? await requireOrgAccess(ctx.database, actor, 'read', org) : null;
        const rows = await listProposals(ctx.database, actor, {
          status,
          underOrgId: under?.id ?? null,
          afterId,
          limit: limit + 1,
        });
        return page(ctx, binding, rows, limit, (x) => x.id);
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
          response: { 200: Decision, 409: Problem, ...ERRORS },
        },
      },
      async (request) =>
        confirmAlias(ctx.database, actorOf(request), request.params.id, request.body?.note?.trim() || null),
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
          response: { 200: Decision, 409: Problem, ...ERRORS },
        },
      },
      async (request) => rejectAlias(ctx.database, actorOf(request), request.params.id, request.body.reason),
    );
  };
}
