/**
 * Organisations and their closure table. Plain functions over a Kysely executor (a database or a
 * transaction); reads take the caller's scope.
 */
import { type InferResult, type Kysely, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { OrgKind } from '../../domain/org/organisation.js';
import type { OrgWrite } from '../../domain/org/plan-org-import.js';
import { copyInto, createStagingTable } from '../copy.js';
import type { DB } from '../schema.js';
import { inScope, underOrg } from '../scope.js';

type Executor = Kysely<DB>;

function orgQuery(db: Executor) {
  return db
    .selectFrom('organisations as o')
    .leftJoin('organisations as p', 'p.id', 'o.parent_id')
    .select([
      'o.id',
      'o.code',
      'o.name',
      'o.kind',
      'o.depth',
      'o.parent_id as parentId',
      'p.code as parentCode',
    ]);
}

type OrgQueryRow = InferResult<ReturnType<typeof orgQuery>>[number];

/** An organisation with its parent's id and code, its kind one of the domain's kinds. */
export type OrgRow = Omit<OrgQueryRow, 'kind'> & { kind: OrgKind };

function toOrg(row: OrgQueryRow): OrgRow {
  return { ...row, kind: row.kind as OrgKind };
}

/** Every organisation (for planning imports: 21,000 rows is a small read). */
export async function listAllOrganisations(db: Executor): Promise<OrgRow[]> {
  return (await orgQuery(db).execute()).map(toOrg);
}

export async function countOrganisations(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return row?.n ?? 0;
}

export async function findOrganisationByCode(
  db: Executor,
  code: string,
  scope: Scope,
): Promise<OrgRow | undefined> {
  const row = await orgQuery(db).where('o.code', '=', code).where(inScope('o.id', scope)).executeTakeFirst();
  return row && toOrg(row);
}

export async function findOrganisationById(
  db: Executor,
  id: string,
  scope: Scope,
): Promise<OrgRow | undefined> {
  const row = await orgQuery(db).where('o.id', '=', id).where(inScope('o.id', scope)).executeTakeFirst();
  return row && toOrg(row);
}

/**
 * Where a caller's view of the tree starts: the national root for the full scope, the one root of
 * a single-subtree scope, else undefined (the caller must name an organisation).
 */
export async function findScopeRoot(db: Executor, scope: Scope): Promise<OrgRow | undefined> {
  if (scope.all) return findRootOrganisation(db);
  return scope.roots.length === 1 ? findOrganisationById(db, scope.roots[0] as string, scope) : undefined;
}

export async function findRootOrganisation(db: Executor): Promise<OrgRow | undefined> {
  const row = await orgQuery(db).where('o.parent_id', 'is', null).executeTakeFirst();
  return row && toOrg(row);
}

/** Ids of the organisations with these codes, within scope (codes not found are absent). */
export async function findOrganisationIdsByCode(
  db: Executor,
  codes: readonly string[],
  scope: Scope,
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.code'])
    .where('o.code', 'in', [...codes])
    .where(inScope('o.id', scope))
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** The organisation's ancestors, root first (the organisation itself excluded). */
export async function listAncestors(db: Executor, orgId: string): Promise<OrgRow[]> {
  const rows = await orgQuery(db)
    .innerJoin('org_closure as c', 'c.ancestor_id', 'o.id')
    .where('c.descendant_id', '=', orgId)
    .where('c.depth', '>', 0)
    .orderBy('c.depth', 'desc')
    .execute();
  return rows.map(toOrg);
}

/** The organisation and its descendants down to `maxDepth` levels below it, within scope. */
export async function listSubtree(
  db: Executor,
  orgId: string,
  maxDepth: number | null,
  scope: Scope,
): Promise<OrgRow[]> {
  let query = orgQuery(db)
    .innerJoin('org_closure as c', 'c.descendant_id', 'o.id')
    .where('c.ancestor_id', '=', orgId)
    .where(inScope('o.id', scope));
  if (maxDepth !== null) query = query.where('c.depth', '<=', maxDepth);
  return (await query.orderBy('o.depth').orderBy('o.code').execute()).map(toOrg);
}

/** Organisations in scope by code, after `afterCode`: the subtree of `underOrgId` when given. */
export async function listOrganisations(
  db: Executor,
  scope: Scope,
  f: { underOrgId?: string | null; kind?: string; afterCode?: string | null; limit: number },
): Promise<OrgRow[]> {
  let q = orgQuery(db).where(inScope('o.id', scope));
  if (f.underOrgId) q = q.where(underOrg('o.id', f.underOrgId));
  if (f.kind) q = q.where('o.kind', '=', f.kind);
  if (f.afterCode) q = q.where('o.code', '>', f.afterCode);
  return (await q.orderBy('o.code').limit(f.limit).execute()).map(toOrg);
}

/** Count of descendants (the organisation itself excluded) by kind. */
export async function countDescendantsByKind(
  db: Executor,
  orgId: string,
): Promise<Partial<Record<OrgKind, number>>> {
  const rows = await db
    .selectFrom('org_closure as c')
    .innerJoin('organisations as o', 'o.id', 'c.descendant_id')
    .select(['o.kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('c.ancestor_id', '=', orgId)
    .where('c.depth', '>', 0)
    .groupBy('o.kind')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/** Inserts or updates organisations in bulk (COPY into a staging table, then one upsert). */
export async function upsertOrganisations(
  trx: Executor,
  writes: readonly (OrgWrite & { id: string; parentId: string | null })[],
): Promise<void> {
  await createStagingTable(
    trx,
    'org_stage',
    'id uuid, code text, name text, kind text, parent_id uuid, depth integer',
  );
  await copyInto(
    trx,
    'org_stage',
    ['id', 'code', 'name', 'kind', 'parent_id', 'depth'],
    writes.map((w) => [w.id, w.code, w.name, w.kind, w.parentId, w.depth]),
  );
  // The conflict's row carries the column's default, now(): Citus takes no function call in DO UPDATE SET.
  await sql`
    INSERT INTO organisations (id, code, name, kind, parent_id, depth)
    SELECT id, code, name, kind, parent_id, depth FROM org_stage
    ON CONFLICT (id) DO UPDATE SET
      code = excluded.code, name = excluded.name, kind = excluded.kind,
      parent_id = excluded.parent_id, depth = excluded.depth, updated_at = excluded.updated_at`.execute(trx);
}

/** Rebuilds the closure table from the parent links, in one statement. */
export async function rebuildClosure(trx: Executor): Promise<void> {
  await sql`DELETE FROM org_closure`.execute(trx);
  await sql`
    INSERT INTO org_closure (ancestor_id, descendant_id, depth)
    WITH RECURSIVE up (ancestor_id, descendant_id, depth) AS (
      SELECT id, id, 0 FROM organisations
      UNION ALL
      SELECT o.parent_id, up.descendant_id, up.depth + 1
      FROM up JOIN organisations o ON o.id = up.ancestor_id
      WHERE o.parent_id IS NOT NULL
    )
    SELECT ancestor_id, descendant_id, depth FROM up`.execute(trx);
}
