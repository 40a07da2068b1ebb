/**
 * Organisations the caller can see: the tree under one, one with its ancestors, and a page of them;
 * importing the tree from CSV (national admins, as `ward org import`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOrganisations } from '../../db/repositories/organisation.repository.js';
import { scopeFor } from '../../domain/access/actor.js';
import { ORG_KINDS } from '../../domain/org/organisation.js';
import { requireNational, requireOrgAccess } from '../../services/access.service.js';
import {
  importOrganisations,
  organisationTree,
  showOrganisation,
} from '../../services/organisation.service.js';
import { actorOf } from '../plugins/auth.js';
import { uploadedText } from '../plugins/uploaded-files.js';
import { page, type RouteContext } from '../route-context.js';
import { ERRORS, named, OrgCode, PageQuery, pageOf } from '../schemas/common.schemas.js';

const Organisation = z.object({
  id: z.string().describe('organisation id (UUID)'),
  code: z.string().describe('ODS code'),
  name: z.string().describe('name'),
  kind: z.string().describe('national, region, icb, trust, site, gp_practice, …'),
  parentCode: z.string().nullable().describe('ODS code of the parent'),
  depth: z.number().int().describe('levels below the national root'),
});
named(Organisation, 'Organisation');

interface TreeNode extends z.infer<typeof Organisation> {
  children: TreeNode[];
  hiddenChildren: number;
}
const TreeNode: z.ZodType<TreeNode> = Organisation.extend({
  children: z.array(z.lazy(() => TreeNode)).describe('child organisations'),
  hiddenChildren: z.number().int().describe('children below the depth limit, not shown'),
});
// Recursive: OpenAPI refers to it as a named component.
if (!z.globalRegistry.has(TreeNode)) z.globalRegistry.add(TreeNode, { id: 'OrganisationTreeNode' });

const OrgImportResult = z.object({
  file: z.string(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
named(OrgImportResult, 'OrganisationImportResult');

const TreeQuery = z.object({
  code: OrgCode.optional().describe('subtree root; your own organisation (or the national root) by default'),
  depth: z.coerce.number().int().min(0).max(10).default(1).describe('levels below the root to include'),
});

export function organisationRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/organisations/tree',
      {
        schema: {
          tags: ['organisations'],
          summary: 'The tree under an organisation, to a depth',
          querystring: TreeQuery,
          response: { 200: TreeNode, ...ERRORS },
        },
      },
      async (request) =>
        organisationTree(
          ctx.database,
          scopeFor(actorOf(request), 'read'),
          request.query.code ?? null,
          request.query.depth,
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
        const root = under ? await requireOrgAccess(ctx.database, actor, 'read', under) : null;
        const rows = await listOrganisations(ctx.database.db, scopeFor(actor, 'read'), {
          underOrgId: root?.id ?? null,
          kind,
          afterCode,
          limit: limit + 1,
        });
        const items = rows.map(({ parentId: _, ...o }) => o);
        return page(ctx, binding, items, limit, (o) => o.code);
      },
    );
    app.post(
      '/organisations/imports',
      {
        schema: {
          tags: ['organisations'],
          summary: 'Import the organisation tree from a CSV file (national admins); all or nothing',
          consumes: ['multipart/form-data'],
          response: { 201: OrgImportResult, 413: ERRORS[400], ...ERRORS },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        requireNational(actor, 'admin', 'import the organisation tree');
        const file = await uploadedText(request, ctx.uploadLimitBytes);
        return reply.status(201).send(await importOrganisations(ctx.database, file.name, file.text, actor));
      },
    );
    app.get(
      '/organisations/:code',
      {
        schema: {
          tags: ['organisations'],
          summary: 'One organisation, its ancestors and its descendants counted by kind',
          params: z.object({ code: OrgCode }),
          response: {
            200: z.object({
              organisation: Organisation,
              ancestors: z.array(Organisation).describe('root first'),
              descendants: z.record(z.string(), z.number().int()).describe('descendants by kind'),
            }),
            ...ERRORS,
          },
        },
      },
      async (request) =>
        showOrganisation(ctx.database, scopeFor(actorOf(request), 'read'), request.params.code),
    );
  };
}
