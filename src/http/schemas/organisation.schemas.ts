/**
 * Organisations as the API shows them — one organisation, the tree under one, one with its
 * ancestors and descendants, and the result of importing the tree — and their presenters.
 */
import { z } from 'zod';
import { ORG_KINDS, type Organisation as OrganisationValue } from '../../domain/org/organisation.js';
import type {
  OrgDetails,
  OrgImportResult as OrgImportResultValue,
  OrgTreeNode,
} from '../../services/federation/organisation.service.js';
import { named } from './common.schemas.js';

export const OrgKind = z.enum(ORG_KINDS).describe('kind of organisation (national, region, icb, trust, …)');

export const Organisation = named(
  z.object({
    id: z.string().describe('organisation id (UUID)'),
    code: z.string().describe('ODS code'),
    name: z.string().describe('name'),
    kind: OrgKind,
    parentCode: z.string().nullable().describe('ODS code of the parent (null for the national root)'),
    depth: z.number().int().describe('levels below the national root'),
  }),
  'Organisation',
);

interface TreeNodeShape extends z.infer<typeof Organisation> {
  children: TreeNodeShape[];
  hiddenChildren: number;
}

/** Recursive: OpenAPI refers to it as a named component. */
export const OrganisationTreeNode: z.ZodType<TreeNodeShape> = named(
  Organisation.extend({
    children: z.array(z.lazy(() => OrganisationTreeNode)).describe('child organisations'),
    hiddenChildren: z.number().int().describe('children below the depth limit, not shown'),
  }),
  'OrganisationTreeNode',
);

export const OrganisationDetails = named(
  z.object({
    organisation: Organisation.describe('the organisation'),
    ancestors: z.array(Organisation).describe('its ancestors, root first'),
    descendants: z
      .partialRecord(OrgKind, z.number().int().describe('how many'))
      .describe('its descendants counted by kind (kinds with none left out)'),
  }),
  'OrganisationDetails',
);

export const OrganisationImportResult = named(
  z.object({
    file: z.string().describe('the file imported'),
    rows: z.number().int().describe('organisations in the file'),
    created: z.number().int().describe('organisations added'),
    updated: z.number().int().describe('organisations renamed or moved'),
    unchanged: z.number().int().describe('organisations already as the file says'),
  }),
  'OrganisationImportResult',
);

export function presentOrganisation(o: OrganisationValue): z.infer<typeof Organisation> {
  return { id: o.id, code: o.code, name: o.name, kind: o.kind, parentCode: o.parentCode, depth: o.depth };
}

export function presentOrganisationTree(node: OrgTreeNode): TreeNodeShape {
  return {
    ...presentOrganisation(node),
    children: node.children.map(presentOrganisationTree),
    hiddenChildren: node.hiddenChildren,
  };
}

export function presentOrganisationDetails(d: OrgDetails): z.infer<typeof OrganisationDetails> {
  return {
    organisation: presentOrganisation(d.organisation),
    ancestors: d.ancestors.map(presentOrganisation),
    descendants: { ...d.descendants },
  };
}

export function presentOrganisationImport(r: OrgImportResultValue): z.infer<typeof OrganisationImportResult> {
  return { file: r.file, rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged };
}
