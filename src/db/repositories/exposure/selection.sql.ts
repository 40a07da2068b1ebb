/**
 * Which findings a refresh recomputes — a `RefreshSelection`: all of them (a full recompute), those
 * of some organisations (their inventory changed; narrowed to some components when the change is
 * known to reach no others) or those of some CVEs (their rules changed) — and the SQL filters that
 * narrow a statement to it. A selection of organisations comes after an inventory sync, which has
 * already brought their component presence up to date (inventory-sync.ts).
 */
import { type RawBuilder, sql } from 'kysely';

export type RefreshSelection =
  | { kind: 'all' }
  | {
      kind: 'orgs';
      orgIds: readonly string[];
      componentIds?: readonly number[];
      /**
       * Components whose exposed cells are rebuilt besides `componentIds`: those whose presence
       * only moved between platforms (devices changed operating system), which changes the cells
       * they lie in but not the findings of their unconditional rules.
       */
      cellComponentIds?: readonly number[];
    }
  | { kind: 'cves'; cveIds: readonly string[] };

/** A selection of no organisation or no CVE: nothing to recompute. */
export function isEmptySelection(selection: RefreshSelection): boolean {
  return (
    (selection.kind === 'orgs' && selection.orgIds.length === 0) ||
    (selection.kind === 'cves' && selection.cveIds.length === 0)
  );
}

/**
 * `AND column = ANY(…)` for a selection of organisations, else nothing: one array parameter, so a
 * selection of every organisation of a national report stays one parameter (PostgreSQL takes at most 65,535).
 */
export function orgFilter(selection: RefreshSelection, column: string): RawBuilder<unknown> {
  return selection.kind === 'orgs' ? sql`AND ${sql.ref(column)} = ANY(${orgArray(selection.orgIds)})` : sql``;
}

/** Organisation ids as one `uuid[]` parameter. */
export function orgArray(orgIds: readonly string[]): RawBuilder<unknown> {
  return sql`${sql.val([...orgIds])}::uuid[]`;
}

/** `AND column IN (…)` for a selection of CVEs, else nothing. */
export function cveFilter(selection: RefreshSelection, column: string): RawBuilder<unknown> {
  return selection.kind === 'cves' ? sql`AND ${sql.ref(column)} IN (${sql.join(selection.cveIds)})` : sql``;
}

/** `AND column = ANY(…)` for organisations narrowed to some components, else nothing. */
export function componentFilter(selection: RefreshSelection, column: string): RawBuilder<unknown> {
  return selection.kind === 'orgs' ? componentsIn(column, selection.componentIds) : sql``;
}

/** `AND column = ANY(…)` for some components (one `int[]` parameter), nothing when undefined. */
export function componentsIn(
  column: string,
  componentIds: readonly number[] | undefined,
): RawBuilder<unknown> {
  return componentIds ? sql`AND ${sql.ref(column)} = ANY(${sql.val([...componentIds])}::int[])` : sql``;
}

/** The selection's CVEs or components on `component_matches` (alias `cm`); its organisations are filtered where presence is read. */
export function matchFilter(selection: RefreshSelection): RawBuilder<unknown> {
  return sql`${cveFilter(selection, 'cm.cve_id')} ${componentFilter(selection, 'cm.component_id')}`;
}

/** The selection on `findings f`. */
export function findingFilter(selection: RefreshSelection): RawBuilder<unknown> {
  return sql`${orgFilter(selection, 'f.org_id')} ${cveFilter(selection, 'f.cve_id')} ${componentFilter(selection, 'f.component_id')}`;
}
