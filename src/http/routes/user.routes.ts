/**
 * Users and memberships: administrators (org_admin on a subtree, national_admin everywhere) add
 * users, grant and revoke roles in their subtree, and list who has access.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addUser,
  grantRole,
  listMemberships,
  listUsers,
  revokeRole,
  showUser,
} from '../../services/access/user.service.js';
import { actorOf } from '../plugins/auth.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, OrgCode, PageQuery, pageOf, Uuid } from '../schemas/common.schemas.js';
import {
  AddedUser,
  Membership,
  presentAddedUser,
  presentMembership,
  presentUser,
  presentUserWithMemberships,
  Role,
  User,
  UserWithMemberships,
} from '../schemas/user.schemas.js';

export function userRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Users with a role in your administered subtree, by user name',
          querystring: z.object({
            org: OrgCode.optional().describe('only users with a role in this subtree'),
            ...PageQuery,
          }),
          response: { 200: pageOf(User), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, org } = request.query;
        const binding = ['users', actor.userId, org ?? null];
        const afterUsername = cursor ? ctx.cursors.decode<string>(binding, cursor) : null;
        const rows = await listUsers(ctx.database, actor, { org, afterUsername, limit: limit + 1 });
        return page(ctx, binding, rows.map(presentUser), limit, (u) => u.username);
      },
    );
    app.post(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Add a user with a role on an organisation; returns a one-time password',
          body: z.object({
            username: z.string().min(1).max(64).describe('user name (letters, digits, . _ @ -)'),
            displayName: z.string().max(200).optional().describe('name shown to people'),
            org: OrgCode.describe('organisation the role is granted on'),
            role: Role,
          }),
          response: { 201: AddedUser, ...ERRORS },
        },
      },
      async (request, reply) => {
        const added = await addUser(ctx.database, actorOf(request), { ...request.body, password: null });
        return reply.status(201).send(presentAddedUser(added));
      },
    );
    app.get(
      '/users/:id',
      {
        schema: {
          tags: ['users'],
          summary: 'One user and the roles you can see',
          params: z.object({ id: Uuid }),
          response: { 200: UserWithMemberships, ...ERRORS },
        },
      },
      async (request) =>
        presentUserWithMemberships(await showUser(ctx.database, actorOf(request), request.params.id)),
    );
    app.get(
      '/memberships',
      {
        schema: {
          tags: ['users'],
          summary: 'Roles granted in your administered subtree, by organisation then user',
          querystring: z.object({ org: OrgCode.optional().describe('only this subtree'), ...PageQuery }),
          response: { 200: pageOf(Membership), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { cursor, limit, org } = request.query;
        const binding = ['memberships', actor.userId, org ?? null];
        const after = cursor ? ctx.cursors.decode<[string, string]>(binding, cursor) : null;
        const rows = await listMemberships(ctx.database, actor, { org, after, limit: limit + 1 });
        return page(ctx, binding, rows.map(presentMembership), limit, (m) => [m.org, m.username]);
      },
    );
    app.put(
      '/memberships',
      {
        schema: {
          tags: ['users'],
          summary: "Grant a role on an organisation (or change the user's role there)",
          body: z.object({
            username: z.string().min(1).max(64).describe('the user'),
            org: OrgCode.describe('organisation the role is granted on'),
            role: Role,
          }),
          response: { 200: Membership, ...ERRORS },
        },
      },
      async (request) =>
        presentMembership(
          await grantRole(ctx.database, actorOf(request), {
            user: { username: request.body.username },
            org: request.body.org,
            role: request.body.role,
          }),
        ),
    );
    app.delete(
      '/memberships/:org/:userId',
      {
        schema: {
          tags: ['users'],
          summary: "Remove a user's role on an organisation",
          params: z.object({ org: OrgCode, userId: Uuid }),
          response: { 204: z.null(), ...ERRORS },
        },
      },
      async (request, reply) => {
        await revokeRole(ctx.database, actorOf(request), {
          user: { id: request.params.userId },
          org: request.params.org,
        });
        return reply.status(204).send(null);
      },
    );
  };
}
