/**
 * Keeping `alert_target_counts` exact (see migration 0013) and reading the alert status from it.
 * Every change to targets subtracts their counts from every ancestor before it and adds them back
 * after it, in the same transaction; a change to the tree rebuilds the table. Overdue and update
 * due are derived from the stored deadlines at the caller's `now`: an awaiting target keeps its
 * exact acknowledgement deadline, an answering one the hour its next update falls due in, and the
 * few targets whose update fell due earlier in the current hour are read one by one.
 */
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { DB, OrganisationTable } from '../schema.js';
import { inScope, orgIdIn } from '../scope.js';
import { overdueSql } from './alert-due.sql.js';

type Executor = Kysely<DB>;

const HOUR_MS = 3_600_000;

/** The stored deadline of a target (`t`): see migration 0013. */
const DUE_AT = sql`CASE WHEN t.state = 'awaiting_ack' THEN t.ack_due_at
  WHEN t.state IN ('acknowledged', 'in_progress') AND t.next_update_due_at IS NOT NULL
    THEN date_bin('1 hour', t.next_update_due_at, timestamptz '1970-01-01 00:00:00+00')
  ELSE timestamptz 'infinity' END`;

const IN_TIME = sql`coalesce(t.acknowledged_at <= t.ack_due_at, false)`;

/** Counts of the targets selected by `where` (on `alert_targets t`), per ancestor, times `sign`. */
function countsOf(where: RawBuilder<unknown>, sign: 1 | -1): RawBuilder<unknown> {
  return sql`
    SELECT t.alert_id, c.ancestor_id, ${DUE_AT} AS due_at, t.state, ${IN_TIME} AS in_time,
      (${sign} * count(*))::int AS targets, (${sign} * sum(t.asset_count))::int AS assets
    FROM alert_targets t JOIN org_closure c ON c.descendant_id = t.org_id
    WHERE ${where}
    GROUP BY t.alert_id, c.ancestor_id, 3, t.state, 5`;
}

/**
 * Adds (`sign` 1, after a change) or subtracts (`sign` -1, before it) the counts of an alert's
 * targets among `orgIds` to every ancestor of theirs. Call with -1 before updating targets and
 * with 1 after, or with 1 after inserting them.
 */
export async function adjustTargetCounts(
  trx: Executor,
  alertId: string,
  orgIds: readonly string[],
  sign: 1 | -1,
): Promise<void> {
  if (orgIds.length === 0) return;
  const where = sql`t.alert_id = ${alertId} AND t.org_id = ANY(${sql.val([...orgIds])}::uuid[])`;
  await sql`
    INSERT INTO alert_target_counts AS r (alert_id, org_id, due_at, state, in_time, targets, assets)
    ${countsOf(where, sign)}
    ON CONFLICT (alert_id, org_id, state, due_at, in_time) DO UPDATE SET
      targets = r.targets + excluded.targets, assets = r.assets + excluded.assets`.execute(trx);
  // Counts that fell to zero can only be the ancestors', named by value so that Citus deletes on
  // their shards alone.
  const ancestors = await sql<{ id: string }>`
    SELECT DISTINCT ancestor_id AS id FROM org_closure WHERE descendant_id = ANY(${sql.val([...orgIds])}::uuid[])`.execute(
    trx,
  );
  await sql`DELETE FROM alert_target_counts WHERE alert_id = ${alertId} AND targets = 0
    AND ${orgIdIn(
      'org_id',
      ancestors.rows.map((r) => r.id),
    )}`.execute(trx);
}

/** Rebuilds every alert's counts from the targets and the tree (after a change to the tree). */
export async function rebuildTargetCounts(trx: Executor): Promise<void> {
  await sql`DELETE FROM alert_target_counts`.execute(trx);
  await sql`
    INSERT INTO alert_target_counts (alert_id, org_id, due_at, state, in_time, targets, assets)
    ${countsOf(sql`true`, 1)}`.execute(trx);
}

export interface StateCounts {
  total: number;
  awaiting_ack: number;
  acknowledged: number;
  in_progress: number;
  resolved: number;
  not_applicable: number;
  overdue: number;
  update_due: number;
  acknowledged_in_time: number;
  assets: number;
}

export type RollupRow = StateCounts &
  Pick<Selectable<OrganisationTable>, 'code' | 'name' | 'kind'> & {
    org_id: string;
    parent_code: string | null;
  };

export interface TargetCounts {
  /** Every target in scope. */
  total: StateCounts;
  /** The same per region and ICB with targets in scope (only those targets counted). */
  groups: RollupRow[];
}

const STATES = ['awaiting_ack', 'acknowledged', 'in_progress', 'resolved', 'not_applicable'] as const;

function sumColumns(now: Date): RawBuilder<unknown> {
  const n = (filter: RawBuilder<unknown>) => sql`coalesce(sum(k.targets) FILTER (WHERE ${filter}), 0)::int`;
  return sql.join([
    sql`coalesce(sum(k.targets), 0)::int AS total`,
    ...STATES.map((s) => sql`${n(sql`k.state = ${s}`)} AS ${sql.ref(s)}`),
    sql`${n(overdueSql(now, sql.ref('k.state'), sql.ref('k.due_at')))} AS overdue`,
    sql`${n(sql`k.state IN ('acknowledged', 'in_progress') AND k.due_at + interval '1 hour' <= ${now}`)} AS update_due`,
    sql`${n(sql`k.in_time`)} AS acknowledged_in_time`,
    sql`coalesce(sum(k.assets), 0)::int AS assets`,
  ]);
}

/** The scope's roots, none below another (for the whole federation: the root of the tree). */
function rootsSql(scope: Scope): RawBuilder<unknown> {
  const picked = scope.all
    ? sql`SELECT id FROM organisations WHERE parent_id IS NULL`
    : sql`SELECT id FROM organisations WHERE id IN (${sql.join(scope.roots)})`;
  return sql`
    picked AS (${picked}),
    roots AS (
      SELECT p.id FROM picked p WHERE NOT EXISTS (
        SELECT 1 FROM org_closure c JOIN picked q ON q.id = c.ancestor_id WHERE c.descendant_id = p.id AND c.depth > 0)
    )`;
}

/**
 * An alert's targets in scope counted by state, with overdue and update due as of `now`, in total
 * and per region and ICB: a few maintained rows per subtree. A region or ICB inside the scope
 * reads its own rows; one above the scope reads the rows of the scope's roots below it.
 */
export async function readTargetCounts(
  db: Executor,
  alertId: string,
  scope: Scope,
  now: Date,
): Promise<TargetCounts> {
  const empty: StateCounts = {
    total: 0,
    awaiting_ack: 0,
    acknowledged: 0,
    in_progress: 0,
    resolved: 0,
    not_applicable: 0,
    overdue: 0,
    update_due: 0,
    acknowledged_in_time: 0,
    assets: 0,
  };
  if (!scope.all && scope.roots.length === 0) return { total: empty, groups: [] };
  const rows = await sql<RollupRow & { group_id: string | null }>`
    WITH ${rootsSql(scope)},
    nodes AS (
      SELECT NULL::uuid AS group_id, id AS node_id FROM roots
      UNION ALL
      SELECT g.id, g.id FROM organisations g WHERE g.kind IN ('region', 'icb') AND ${inScope('g.id', scope)}
      UNION ALL
      SELECT g.id, r.id FROM roots r JOIN org_closure c ON c.descendant_id = r.id AND c.depth > 0
      JOIN organisations g ON g.id = c.ancestor_id AND g.kind IN ('region', 'icb')
    ), sums AS (
      SELECT n.group_id, ${sumColumns(now)}
      FROM nodes n JOIN alert_target_counts k ON k.alert_id = ${alertId} AND k.org_id = n.node_id
      GROUP BY n.group_id
    )
    SELECT s.*, g.id AS org_id, g.code, g.name, g.kind, p.code AS parent_code
    FROM sums s LEFT JOIN organisations g ON g.id = s.group_id LEFT JOIN organisations p ON p.id = g.parent_id
    ORDER BY s.group_id IS NOT NULL, g.kind DESC, p.code NULLS FIRST, g.code`.execute(db);
  const total = rows.rows.find((r) => r.group_id === null) ?? empty;
  const groups = rows.rows.filter((r) => r.group_id !== null);
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const partial = await sql<{ group_ids: string[] }>`
    SELECT ARRAY(SELECT c.ancestor_id FROM org_closure c JOIN organisations g ON g.id = c.ancestor_id
      AND g.kind IN ('region', 'icb') WHERE c.descendant_id = t.org_id) AS group_ids
    FROM alert_targets t
    WHERE t.alert_id = ${alertId} AND t.state IN ('acknowledged', 'in_progress')
      AND t.next_update_due_at >= ${hour} AND t.next_update_due_at < ${now} AND ${inScope('t.org_id', scope)}`.execute(
    db,
  );
  const byId = new Map(groups.map((g) => [g.org_id, g]));
  for (const t of partial.rows) {
    total.update_due += 1;
    for (const id of t.group_ids) {
      const g = byId.get(id);
      if (g) g.update_due += 1;
    }
  }
  return {
    total: pick(total),
    groups: groups.map((g) => ({
      org_id: g.org_id,
      code: g.code,
      name: g.name,
      kind: g.kind,
      parent_code: g.parent_code,
      ...pick(g),
    })),
  };
}

function pick(c: StateCounts): StateCounts {
  return {
    total: c.total,
    awaiting_ack: c.awaiting_ack,
    acknowledged: c.acknowledged,
    in_progress: c.in_progress,
    resolved: c.resolved,
    not_applicable: c.not_applicable,
    overdue: c.overdue,
    update_due: c.update_due,
    acknowledged_in_time: c.acknowledged_in_time,
    assets: c.assets,
  };
}
