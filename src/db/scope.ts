/**
 * The one SQL predicate that confines a query to a scope: the organisation column must be a
 * descendant (closure table, primary-key lookup) of one of the scope's roots.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Scope } from '../domain/access/scope.js';

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
