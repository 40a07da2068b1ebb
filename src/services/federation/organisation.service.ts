/**
 * Use cases of the federation: import the organisation tree (national admins), list, show and draw
 * the organisations the caller can see. Each takes the caller and decides access itself.
 */

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/connect.js';
import { rebuildTargetCounts } from '../../db/repositories/alert-target-counts.repository.js';
import { rebuildDeviceRollup } from '../../db/repositories/exposure/device-exposure.repository.js';
import { rebuildExposureRollup } from '../../db/repositories/exposure/exposure-rollup.repository.js';
import {
  countDescendantsByKind,
  findOrganisationByCode,
  findScopeRoot,
  listAllOrganisations,
  listAncestors,
  listOrganisations as listOrganisationRows,
  listSubtree,
  type OrgRow,
  rebuildClosure,
  upsertOrganisations,
} from '../../db/repositories/organisation.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import type { Scope } from '../../domain/access/scope.js';
import { parseOrgCsv } from '../../domain/org/org-csv.js';
import { normaliseCode, type Organisation, type OrgKind } from '../../domain/org/organisation.js';
import { planOrgImport } from '../../domain/org/plan-org-import.js';
import { InvalidInputError, invalidFields, NotFoundError } from '../../errors.js';
import { requireNational, requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type Incoming, receive, type TextFile } from '../incoming.js';

export interface OrgImportResult {
  file: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Imports organisations from CSV text (national admins only): all or nothing. Throws
 * InvalidInputError listing every problem (`FILE:LINE: reason`) and writes nothing when any row is bad.
 */
/** Imports an uploaded organisation file: the caller's right is checked before the upload is read. */
export async function importOrganisationFile(
  database: Database,
  actor: Actor,
  incoming: Incoming<TextFile>,
): Promise<OrgImportResult> {
  requireNational(actor, 'admin', 'import the organisation tree');
  const file = await receive(incoming);
  return importOrganisations(database, actor, file.name, file.text);
}

export async function importOrganisations(
  database: Database,
  actor: Actor,
  file: string,
  text: string,
): Promise<OrgImportResult> {
  requireNational(actor, 'admin', 'import the organisation tree');
  const parsed = parseOrgCsv(file, text);
  if (parsed.problems.length > 0) throw new InvalidInputError(`${file}: not imported`, parsed.problems);
  return database.db.transaction().execute(async (trx) => {
    // One import at a time: the plan is made against the tree as it stands.
    await sql`LOCK TABLE organisations IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const existing = await listAllOrganisations(trx);
    const plan = planOrgImport(file, parsed.rows, existing);
    if (plan.problems.length > 0) {
      throw new InvalidInputError(
        `${file}: not imported (${plan.problems.length} problem${plan.problems.length > 1 ? 's' : ''})`,
        plan.problems,
      );
    }
    if (plan.writes.length > 0) {
      const ids = new Map(existing.map((o) => [o.code, o.id]));
      const withIds = plan.writes.map((w) => {
        const id = w.id ?? randomUUID();
        ids.set(w.code, id);
        return { ...w, id };
      });
      await upsertOrganisations(
        trx,
        withIds.map((w) => ({
          ...w,
          parentId: w.parentCode === null ? null : (ids.get(w.parentCode) as string),
        })),
      );
      if (plan.treeChanged) {
        await rebuildClosure(trx);
        await rebuildExposureRollup(trx);
        await rebuildTargetCounts(trx);
        await rebuildDeviceRollup(trx);
      }
    }
    const result = {
      file,
      rows: parsed.rows.length,
      created: plan.created,
      updated: plan.updated,
      unchanged: plan.unchanged,
    };
    if (plan.writes.length > 0) await audit(trx, actor, null, 'organisation.import', null, result, file);
    return result;
  });
}

/**
 * The organisation named (when in scope), else where the scope's view of the tree starts: the
 * national root, or the one organisation a single-subtree scope is rooted at. `field` is the request
 * field that names the organisation, for the problem when the caller must name one.
 */
export async function subtreeRoot(
  database: Database,
  scope: Scope,
  code: string | null,
  field: string,
): Promise<OrgRow> {
  const org =
    code === null
      ? await findScopeRoot(database.db, scope)
      : await findOrganisationByCode(database.db, normaliseCode(code), scope);
  if (!org) {
    if (code === null && !scope.all && scope.roots.length > 1)
      throw invalidFields({ [field]: 'you have roles on several organisations: name one (its ODS code)' });
    throw new NotFoundError(
      code === null ? 'no organisations yet' : `no organisation ${normaliseCode(code)}`,
    );
  }
  return org;
}

export interface OrgDetails {
  organisation: Organisation;
  ancestors: Organisation[];
  descendants: Partial<Record<OrgKind, number>>;
}

function plain(o: OrgRow): Organisation {
  return { id: o.id, code: o.code, name: o.name, kind: o.kind, parentCode: o.parentCode, depth: o.depth };
}

/** One organisation the actor can see, its ancestors (root first) and its descendants counted by kind. */
export async function showOrganisation(database: Database, actor: Actor, code: string): Promise<OrgDetails> {
  const org = await subtreeRoot(database, scopeFor(actor, 'read'), code, 'code');
  const [ancestors, descendants] = await Promise.all([
    listAncestors(database.db, org.id),
    countDescendantsByKind(database.db, org.id),
  ]);
  return { organisation: plain(org), ancestors: ancestors.map(plain), descendants };
}

export interface OrgTreeNode extends Organisation {
  children: OrgTreeNode[];
  /** Children of this node that the depth limit left out. */
  hiddenChildren: number;
}

/**
 * The subtree under `code` (the root of the actor's view when null), `depth` levels deep (all when
 * null), as far as the actor can see.
 */
export async function organisationTree(
  database: Database,
  actor: Actor,
  code: string | null,
  depth: number | null,
): Promise<OrgTreeNode> {
  const scope = scopeFor(actor, 'read');
  const root = await subtreeRoot(database, scope, code, 'code');
  const rows = await listSubtree(database.db, root.id, depth === null ? null : depth + 1, scope);
  const nodes = new Map<string, OrgTreeNode>();
  for (const row of rows) nodes.set(row.id, { ...plain(row), children: [], hiddenChildren: 0 });
  const limit = depth === null ? Number.POSITIVE_INFINITY : root.depth + depth;
  for (const row of rows) {
    if (row.id === root.id || !row.parentId) continue;
    const parent = nodes.get(row.parentId);
    if (!parent) continue;
    if (row.depth > limit) parent.hiddenChildren++;
    else parent.children.push(nodes.get(row.id) as OrgTreeNode);
  }
  return nodes.get(root.id) as OrgTreeNode;
}

export interface OrgListQuery {
  /** Only this organisation (ODS code) and its subtree; it must be one the actor can see. */
  under?: string | null;
  kind?: OrgKind;
  /** Organisations after this code (paging). */
  afterCode?: string | null;
  limit: number;
}

/** Organisations the actor can see, by ODS code. */
export async function listOrganisations(
  database: Database,
  actor: Actor,
  query: OrgListQuery,
): Promise<Organisation[]> {
  const root = query.under ? await requireOrgAccess(database, actor, 'read', query.under) : null;
  const rows = await listOrganisationRows(database.db, scopeFor(actor, 'read'), {
    underOrgId: root?.id ?? null,
    kind: query.kind,
    afterCode: query.afterCode,
    limit: query.limit,
  });
  return rows.map(plain);
}
