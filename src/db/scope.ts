/**
 * The one SQL predicate that confines a query to a scope: the organisation column must be a
 * descendant (closure table, primary-key lookup) of one of the scope's roots.
 */
import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import type { Scope } from '../domain/access/scope.js';
import type { DB } from './schema.js';

/** `column IN (descendants of the scope's roots)`; `true` for the full scope. Use as `.where(inScope('o.id', scope))`. */
export function inScope(orgColumn: string, scope: Scope): RawBuilder<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  if (scope.roots.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(orgColumn)} IN (SELECT descendant_id FROM org_closure WHERE ancestor_id IN (${sql.join(
    scope.roots,
  )}))`;
}

/** `column IN (the organisation and its descendants)`: a filter to one subtree, within a scope. */
export function underOrg(orgColumn: string, orgId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(orgColumn)} IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${orgId})`;
}

/**
 * Subtrees larger than this are read without an `org_id` list: they span every shard on Citus
 * anyway (a region, the nation), and a list of thousands of ids only slows PostgreSQL down.
 */
export const ROUTED_SUBTREE_LIMIT = 500;

/**
 * The organisations under `rootIds` (the roots included), so a per-organisation read can filter its
 * tenant tables by value (`orgIdIn`) and Citus routes it to the shards that hold them — one for a
 * leaf. Null when there are more than `ROUTED_SUBTREE_LIMIT`.
 */
export async function subtreeOrgIds(
  db: Kysely<DB> | Transaction<DB>,
  rootIds: readonly string[],
): Promise<string[] | null> {
  if (rootIds.length === 0) return [];
  const { rows } = await sql<{ id: string }>`
    SELECT DISTINCT descendant_id AS id FROM org_closure WHERE ancestor_id = ANY(${sql.val([...rootIds])}::uuid[])
    LIMIT ${ROUTED_SUBTREE_LIMIT + 1}`.execute(db);
  return rows.length > ROUTED_SUBTREE_LIMIT ? null : rows.map((r) => r.id);
}

/**
 * `column = ANY(ids)` by value (see `subtreeOrgIds`); `true` when `ids` is null (too many to list).
 * One id is written as an equality, which the planner carries to every table joined on the column.
 */
export function orgIdIn(orgColumn: string, ids: readonly string[] | null): RawBuilder<SqlBool> {
  if (ids === null) return sql<SqlBool>`true`;
  if (ids.length === 1) return sql<SqlBool>`${sql.ref(orgColumn)} = ${ids[0]}::uuid`;
  return sql<SqlBool>`${sql.ref(orgColumn)} = ANY(${sql.val([...ids])}::uuid[])`;
}
