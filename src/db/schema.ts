/**
 * Kysely's view of Ward's tables. Each migration that changes a table changes its type here.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganisationTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: string;
  parent_id: string | null;
  depth: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Closure of the organisation tree: one row per (ancestor, descendant) pair, the self pair included. */
export interface OrgClosureTable {
  ancestor_id: string;
  descendant_id: string;
  depth: number;
}

export interface DB {
  organisations: OrganisationTable;
  org_closure: OrgClosureTable;
}
