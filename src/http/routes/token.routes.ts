/**
 * API tokens for machines: created by a signed-in user for themselves (shown once), listed, revoked.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createToken, listTokens, revokeToken } from '../../services/access/session.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, OrgCode, PageQuery, pageOf, Uuid } from '../schemas/common.schemas.js';
import { NewToken, presentNewToken, presentToken, Token } from '../schemas/token.schemas.js';
import { Role } from '../schemas/user.schemas.js';

export function tokenRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Your tokens (and, for administrators, those of users in your subtree), newest first',
          querystring: z.object(PageQuery),
          response: { 200: pageOf(Token), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const binding = ['tokens', actor.userId];
        const before = request.query.cursor
          ? ctx.cursors.decode<[string, string]>(binding, request.query.cursor)
          : null;
        const rows = await listTokens(ctx.database, actor, { before, limit: request.query.limit + 1 });
        return page(ctx, binding, rows.map(presentToken), request.query.limit, (t) => [t.createdAt, t.id]);
      },
    );
    app.post(
      '/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Create an API token for yourself: the token is in this response only',
          body: z.object({
            name: z.string().min(1).max(64).describe('what the token is for'),
            expiresInDays: z.number().int().min(1).max(366).default(90).describe('days until it expires'),
            org: OrgCode.optional().describe('limit the token to this subtree'),
            maxRole: Role.optional().describe('limit the token to this role'),
          }),
          response: { 201: NewToken, ...ERRORS },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const owner = request.auth?.user as NonNullable<typeof request.auth>['user'];
        const created = await createToken(
          ctx.database,
          actor,
          { id: owner.id, username: owner.username },
          request.body,
        );
        return reply.status(201).send(presentNewToken(created));
      },
    );
    app.delete(
      '/tokens/:id',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Revoke a token',
          params: z.object({ id: Uuid }),
          response: { 204: z.null(), ...ERRORS },
        },
      },
      async (request, reply) => {
        await revokeToken(ctx.database, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
