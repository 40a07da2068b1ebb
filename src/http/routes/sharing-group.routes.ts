/**
 * Sharing groups: the named audiences AMBER objects are shared with. Everyone signed in lists them
 * (names and members are not secret); creating one, or adding members, needs write on the owning
 * organisation: its responders and administrators, and those above it with write there.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addSharingGroupMembers,
  createSharingGroup,
  listSharingGroups,
} from '../../services/sharing/sharing-group.service.js';
import { actorOf } from '../plugins/auth.js';
import type { RouteContext } from '../route-context.js';
import { ERRORS } from '../schemas/common.schemas.js';
import {
  AddMembersBody,
  CreateGroupBody,
  GroupResultSchema,
  presentGroup,
  presentGroupResult,
  SharingGroup,
} from '../schemas/sharing-group.schemas.js';

const tags = ['sharing'];

export function sharingGroupRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/sharing-groups',
      {
        schema: {
          tags,
          summary: 'Every sharing group with its members',
          response: { 200: z.object({ items: z.array(SharingGroup) }), ...ERRORS },
        },
      },
      async (request) => ({
        items: (await listSharingGroups(ctx.database, actorOf(request))).map(presentGroup),
      }),
    );
    app.post(
      '/sharing-groups',
      {
        schema: {
          tags,
          summary: 'Create a sharing group managed by an organisation (write on it)',
          body: CreateGroupBody,
          response: { 201: GroupResultSchema, ...ERRORS },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(presentGroupResult(await createSharingGroup(ctx.database, actorOf(request), request.body))),
    );
    app.post(
      '/sharing-groups/:name/members',
      {
        schema: {
          tags,
          summary: 'Add members to a sharing group (write on its owning organisation)',
          params: z.object({ name: z.string().min(1).max(80) }),
          body: AddMembersBody,
          response: { 200: GroupResultSchema, ...ERRORS },
        },
      },
      async (request) =>
        presentGroupResult(
          await addSharingGroupMembers(
            ctx.database,
            actorOf(request),
            request.params.name,
            request.body.members,
          ),
        ),
    );
  };
}
