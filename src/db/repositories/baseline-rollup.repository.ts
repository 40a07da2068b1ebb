/**
 * The federation picture: outcome standings summed per organisation subtree (maintained by
 * deltas as answers change, like the exposure roll-up), and the per-organisation reads behind
 * submission status and "furthest from profile".
 */
import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { OutcomeStanding } from '../../domain/baseline/assessment-status.js';
import type { DB } from '../schema.js';
import { underOrg } from '../scope.js';
import { STANDING } from './baseline-level.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

export interface StandingDelta {
  outcomeId: string;
  from: OutcomeStanding | null;
  to: OutcomeStanding | null;
}

/** Adds the change of one organisation's standings to the roll-up of it and every ancestor, in one statement. */
export async function applyRollupDeltas(
  trx: Transaction<DB>,
  orgId: string,
  year: number,
  frameworkId: string,
  deltas: readonly StandingDelta[],
): Promise<void> {
  const rows = deltas
    .filter((d) => d.from !== d.to)
    .map((d) => {
      const v = (s: OutcomeStanding) => (d.to === s ? 1 : 0) - (d.from === s ? 1 : 0);
      return sql`(${d.outcomeId}, ${v('meets')}::int, ${v('one_short')}::int, ${v('misses')}::int)`;
    });
  if (rows.length === 0) return;
  await sql`
    INSERT INTO baseline_rollup (org_id, year, framework_id, outcome_id, meets, one_short, misses)
    SELECT c.ancestor_id, ${year}::int, ${frameworkId}, d.outcome_id, d.meets, d.one_short, d.misses
    FROM org_closure c CROSS JOIN (VALUES ${sql.join(rows)}) AS d (outcome_id, meets, one_short, misses)
    WHERE c.descendant_id = ${orgId}
    ON CONFLICT (org_id, year, framework_id, outcome_id) DO UPDATE SET
      meets = baseline_rollup.meets + excluded.meets,
      one_short = baseline_rollup.one_short + excluded.one_short,
      misses = baseline_rollup.misses + excluded.misses`.execute(trx);
}

/**
 * Recounts a year's roll-up from the results one by one, replacing the maintained counts: for a
 * bulk load that bypassed the deltas, and to repair. Returns the rows written.
 */
export async function rebuildRollup(db: Executor, year: number): Promise<number> {
  await sql`DELETE FROM baseline_rollup WHERE year = ${year}`.execute(db);
  const result = await sql`
    INSERT INTO baseline_rollup (org_id, year, framework_id, outcome_id, meets, one_short, misses)
    SELECT c.ancestor_id, a.year, a.framework_id, r.outcome_id,
           count(*) FILTER (WHERE s.standing = 'meets')::int,
           count(*) FILTER (WHERE s.standing = 'one_short')::int,
           count(*) FILTER (WHERE s.standing = 'misses')::int
    FROM baseline_assessments a
    JOIN baseline_results r ON r.org_id = a.org_id AND r.assessment_id = a.id
    CROSS JOIN LATERAL (SELECT ${STANDING} AS standing) s
    JOIN org_closure c ON c.descendant_id = a.org_id
    WHERE a.year = ${year}
    GROUP BY c.ancestor_id, a.year, a.framework_id, r.outcome_id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface OutcomeCounts {
  frameworkId: string;
  outcomeId: string;
  title: string;
  meets: number;
  oneShort: number;
  misses: number;
}

/** The maintained counts for an organisation's subtree in a year, in framework order. */
export async function rollupOf(db: Executor, orgId: string, year: number): Promise<OutcomeCounts[]> {
  const { rows } = await sql<OutcomeCounts>`
    SELECT r.framework_id AS "frameworkId", r.outcome_id AS "outcomeId", o.title,
           r.meets, r.one_short AS "oneShort", r.misses
    FROM baseline_rollup r
    JOIN baseline_outcomes o ON o.framework_id = r.framework_id AND o.outcome_id = r.outcome_id
    WHERE r.org_id = ${orgId} AND r.year = ${year} AND r.meets + r.one_short + r.misses > 0
    ORDER BY r.framework_id, o.position`.execute(db);
  return rows;
}

export interface OrgSubmission {
  code: string;
  name: string;
  kind: string;
  state: string | null;
  /** Levels short summed over the outcomes (an unanswered outcome: 2). */
  levelsShort: number;
  outcomesBelow: number;
}

/**
 * A subtree to read: an organisation's, flagged `whole` when it is the root of the tree (the whole
 * federation, which needs no closure filter — the national picture's common case).
 */
export interface Subtree {
  orgId: string;
  whole: boolean;
}

const inSubtree = (column: string, s: Subtree) => (s.whole ? sql<SqlBool>`true` : underOrg(column, s.orgId));

/** The organisations of the subtree expected to assess in the year (their kind has a profile). */
const expectedUnder = (subtree: Subtree, year: number) => sql`
    FROM organisations o
    LEFT JOIN baseline_assessments a ON a.org_id = o.id AND a.year = ${year}
    WHERE ${inSubtree('o.id', subtree)}
      AND o.kind IN (SELECT DISTINCT kind FROM baseline_profiles WHERE year = ${year})`;

/** How many organisations of the subtree expected to assess are in each state (null: not started), by kind. */
export async function submissionCountsUnder(
  db: Executor,
  subtree: Subtree,
  year: number,
): Promise<{ kind: string; state: string | null; organisations: number }[]> {
  const { rows } = await sql<{ kind: string; state: string | null; organisations: number }>`
    SELECT o.kind, a.state, count(*)::int AS organisations ${expectedUnder(subtree, year)}
    GROUP BY o.kind, a.state ORDER BY o.kind, a.state`.execute(db);
  return rows;
}

/** The started assessments of the subtree furthest from their profile (the gap kept on each assessment). */
export async function furthestUnder(
  db: Executor,
  subtree: Subtree,
  year: number,
  limit: number,
): Promise<OrgSubmission[]> {
  const { rows } = await sql<OrgSubmission>`
    SELECT o.code, o.name, o.kind, a.state, a.levels_short AS "levelsShort", a.outcomes_below AS "outcomesBelow"
    ${expectedUnder(subtree, year)} AND a.levels_short > 0
    ORDER BY a.levels_short DESC, o.code LIMIT ${limit}`.execute(db);
  return rows;
}

export interface ChildOutcomeCounts {
  code: string;
  name: string;
  kind: string;
  outcomeId: string;
  meets: number;
  oneShort: number;
  misses: number;
}

/**
 * Which organisations are the heat-map's rows under `orgId`: its children, or every organisation of
 * one kind in its subtree (the national picture by ICB).
 */
export type HeatMapRows = { children: true } | { kind: string };

function rowsUnder(alias: string, subtree: Subtree, rows: HeatMapRows) {
  return 'kind' in rows
    ? sql`${sql.ref(`${alias}.kind`)} = ${rows.kind} AND ${inSubtree(`${alias}.id`, subtree)}`
    : sql`${sql.ref(`${alias}.parent_id`)} = ${subtree.orgId}`;
}

/** The maintained counts of each row organisation's subtree: the rows of the outcome × organisation heat-map. */
export async function childRollups(
  db: Executor,
  subtree: Subtree,
  year: number,
  rows: HeatMapRows = { children: true },
): Promise<ChildOutcomeCounts[]> {
  const result = await sql<ChildOutcomeCounts>`
    SELECT o.code, o.name, o.kind, r.outcome_id AS "outcomeId", r.meets, r.one_short AS "oneShort", r.misses
    FROM organisations o
    JOIN baseline_rollup r ON r.org_id = o.id AND r.year = ${year}
    JOIN baseline_outcomes bo ON bo.framework_id = r.framework_id AND bo.outcome_id = r.outcome_id
    WHERE ${rowsUnder('o', subtree, rows)} AND r.meets + r.one_short + r.misses > 0
    ORDER BY o.code, bo.position`.execute(db);
  return result.rows;
}

export interface ChildExpected {
  code: string;
  name: string;
  kind: string;
  /** The kind of the organisations counted (each kind answers its own profile). */
  orgKind: string;
  expected: number;
  notStarted: number;
}

/**
 * For each child organisation, the organisations of its subtree expected to assess in the year
 * (their kind has a profile), by kind, and how many of them have not started.
 */
export async function childrenExpected(
  db: Executor,
  subtree: Subtree,
  year: number,
  rows: HeatMapRows = { children: true },
): Promise<ChildExpected[]> {
  const result = await sql<ChildExpected>`
    SELECT c.code, c.name, c.kind, o.kind AS "orgKind", count(*)::int AS expected,
           count(*) FILTER (WHERE a.org_id IS NULL)::int AS "notStarted"
    FROM organisations c
    JOIN org_closure cl ON cl.ancestor_id = c.id
    JOIN organisations o ON o.id = cl.descendant_id
    LEFT JOIN baseline_assessments a ON a.org_id = o.id AND a.year = ${year}
    WHERE ${rowsUnder('c', subtree, rows)}
      AND o.kind IN (SELECT DISTINCT kind FROM baseline_profiles WHERE year = ${year})
    GROUP BY c.code, c.name, c.kind, o.kind
    ORDER BY c.code, o.kind`.execute(db);
  return result.rows;
}

/** The last year before `year` in which an organisation of the subtree published its assessment. */
export async function lastPublishedYearUnder(
  db: Executor,
  orgId: string,
  year: number,
): Promise<number | null> {
  const { rows } = await sql<{ year: number | null }>`
    SELECT max(a.year)::int AS year FROM baseline_assessments a
    WHERE a.state = 'published' AND a.year < ${year} AND ${underOrg('a.org_id', orgId)}`.execute(db);
  return rows[0]?.year ?? null;
}
