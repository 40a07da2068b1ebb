/**
 * Organisations the caller can see: the tree under one, one with its ancestors, and a page of them;
 * importing the tree from CSV (national admins, as `ward org import`). The services decide access.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ORG_KINDS } from '../../domain/org/organisation.js';
import {
  importOrganisationFile,
  listOrganisations,
  organisationTree,
  showOrganisation,
} from '../../services/federation/organisation.service.js';
import { actorOf } from '../plugins/auth.js';
import { uploadedText } from '../plugins/uploaded-files.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';
import {
  Organisation,
  OrganisationDetails,
  OrganisationImportResult,
  OrganisationTreeNode,
  presentOrganisation,
  presentOrganisationDetails,
  presentOrganisationImport,
  presentOrganisationTree,
} from '../schemas/organisation.schemas.js';

const TreeQuery = z.object({
  code: OrgCode.optional().describe('subtree root; your own organisation (or the national root) by default'),
  depth: z.coerce.number().int().min(0).max(10).default(1).describe('levels below the root to include'),
});

export function organisationRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/organisations/tree',
      {
        config: { cache: true },
        schema: {
          tags: ['organisations'],
          summary: 'The tree under an organisation, to a depth',
          querystring: TreeQuery,
          response: { 200: OrganisationTreeNode, ...ERRORS },
        },
      },
      async (request) =>
        presentOrganisationTree(
          await organisationTree(
            ctx.database,
            actorOf(request),
            request.query.code ?? null,
            request.query.depth,
          ),
        ),
    );
    app.get(
      '/organisations',
      {
        schema: {
          tags: ['organisations'],
          summary: 'Organisations you can see, by ODS code',
          querystring: z.object({
            under: OrgCode.optional().describe('only this organisation and its subtree'),
            kind: z.enum(ORG_KINDS).optional().describe('only this kind'),
            ...PageQuery,
          }),
          response: { 200: pageOf(Organisation), ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { under, kind, cursor, limit } = request.query;
        const binding = ['organisations', actor.userId, under ?? null, kind ?? null];
        const afterCode = cursor ? ctx.cursors.decode<string>(binding, cursor) : null;
        const rows = await listOrganisations(ctx.database, actor, {
          under,
          kind,
          afterCode,
          limit: limit + 1,
        });
        return page(ctx, binding, rows.map(presentOrganisation), limit, (o) => o.code);
      },
    );
    app.post(
      '/organisations/imports',
      {
        schema: {
          tags: ['organisations'],
          summary: 'Import the organisation tree from a CSV file (national admins); all or nothing',
          consumes: ['multipart/form-data'],
          response: { 201: OrganisationImportResult, 413: ERRORS[400], ...ERRORS },
        },
      },
      async (request, reply) => {
        const receive = () => uploadedText(request, ctx.uploadLimitBytes);
        const result = await importOrganisationFile(ctx.database, actorOf(request), receive);
        return reply.status(201).send(presentOrganisationImport(result));
      },
    );
    app.get(
      '/organisations/:code',
      {
        schema: {
          tags: ['organisations'],
          summary: 'One organisation, its ancestors and its descendants counted by kind',
          params: z.object({ code: OrgCode }),
          response: { 200: OrganisationDetails, ...ERRORS },
        },
      },
      async (request) =>
        presentOrganisationDetails(
          await showOrganisation(ctx.database, actorOf(request), request.params.code),
        ),
    );
  };
}
