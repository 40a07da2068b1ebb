/**
 * Baseline assessments and their outcome results (tenant rows: every statement names org_id).
 * Callers have checked access to the organisation first.
 */
import {
  type Insertable,
  type Kysely,
  type Selectable,
  sql,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { BaselineAssessmentTable, BaselineResultTable, DB } from '../schema.js';
import { BELOW, LEVELS_SHORT } from './baseline-level.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;
export type AssessmentRow = Selectable<BaselineAssessmentTable>;
export type ResultRow = Omit<Selectable<BaselineResultTable>, 'action_due'> & { action_due: string | null };

export async function findAssessment(
  db: Executor,
  orgId: string,
  year: number,
  options: { lock?: boolean } = {},
): Promise<AssessmentRow | undefined> {
  let q = db
    .selectFrom('baseline_assessments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year);
  if (options.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The organisation's most recent published assessment of a year before `year`. */
export async function lastPublishedBefore(
  db: Executor,
  orgId: string,
  year: number,
): Promise<AssessmentRow | undefined> {
  return db
    .selectFrom('baseline_assessments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '<', year)
    .where('state', '=', 'published')
    .orderBy('year', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertAssessment(
  trx: Transaction<DB>,
  row: Insertable<BaselineAssessmentTable>,
): Promise<AssessmentRow> {
  return trx.insertInto('baseline_assessments').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateAssessment(
  trx: Transaction<DB>,
  orgId: string,
  id: string,
  patch: Updateable<BaselineAssessmentTable>,
): Promise<void> {
  await trx
    .updateTable('baseline_assessments')
    .set({ ...patch, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function insertResults(
  trx: Transaction<DB>,
  rows: readonly Insertable<BaselineResultTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('baseline_results')
    .values([...rows])
    .execute();
  await recountGaps(trx, [...new Set(rows.map((r) => r.assessment_id))]);
}

/**
 * Recounts assessments' gap to their profile from their results (levels short, outcomes below):
 * after every write of results, and in bulk for a year (`year`) after a load that bypassed them.
 */
export async function recountGaps(db: Executor, which: readonly string[] | { year: number }): Promise<void> {
  if (Array.isArray(which) && which.length === 0) return;
  const filter = Array.isArray(which)
    ? sql`a.id IN (${sql.join(which)})`
    : sql`a.year = ${(which as { year: number }).year}`;
  await sql`
    UPDATE baseline_assessments a SET levels_short = g.levels_short, outcomes_below = g.outcomes_below
    FROM (
      SELECT r.assessment_id, coalesce(sum(${LEVELS_SHORT}), 0)::int AS levels_short,
             count(*) FILTER (WHERE ${BELOW})::int AS outcomes_below
      FROM baseline_results r JOIN baseline_assessments a ON a.id = r.assessment_id AND a.org_id = r.org_id
      WHERE ${filter}
      GROUP BY r.assessment_id
    ) g
    WHERE g.assessment_id = a.id`.execute(db);
}

export async function resultRows(db: Executor, orgId: string, assessmentId: string): Promise<ResultRow[]> {
  return db
    .selectFrom('baseline_results')
    .selectAll()
    .select(sql<string | null>`to_char(action_due, 'YYYY-MM-DD')`.as('action_due'))
    .where('org_id', '=', orgId)
    .where('assessment_id', '=', assessmentId)
    .execute() as Promise<ResultRow[]>;
}

export async function updateResult(
  trx: Transaction<DB>,
  orgId: string,
  assessmentId: string,
  outcomeId: string,
  patch: Updateable<BaselineResultTable>,
): Promise<void> {
  await trx
    .updateTable('baseline_results')
    .set({ ...patch, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('assessment_id', '=', assessmentId)
    .where('outcome_id', '=', outcomeId)
    .execute();
  if (patch.level !== undefined || patch.expected_level !== undefined) await recountGaps(trx, [assessmentId]);
}
