import { type Kysely, sql } from 'kysely';

/**
 * Each assessment's gap to its profile, kept on the assessment as its results change: the levels
 * short summed over its outcomes (an unanswered outcome counts 2) and the outcomes below their
 * expected level. The federation picture's "furthest from profile" then reads one row per
 * organisation instead of every answer of the subtree.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE baseline_assessments
      ADD COLUMN levels_short integer NOT NULL DEFAULT 0,
      ADD COLUMN outcomes_below integer NOT NULL DEFAULT 0`.execute(db);
  await sql`
    UPDATE baseline_assessments a SET levels_short = g.levels_short, outcomes_below = g.outcomes_below
    FROM (
      SELECT r.assessment_id,
             sum(CASE WHEN r.level IS NULL THEN 2 ELSE greatest(0,
               (CASE r.expected_level WHEN 'Achieved' THEN 2 WHEN 'Partially achieved' THEN 1 ELSE 0 END) -
               (CASE r.level WHEN 'Achieved' THEN 2 WHEN 'Partially achieved' THEN 1 ELSE 0 END)) END)::int AS levels_short,
             count(*) FILTER (WHERE r.level IS NULL OR
               (CASE r.level WHEN 'Achieved' THEN 2 WHEN 'Partially achieved' THEN 1 ELSE 0 END) <
               (CASE r.expected_level WHEN 'Achieved' THEN 2 WHEN 'Partially achieved' THEN 1 ELSE 0 END))::int AS outcomes_below
      FROM baseline_results r GROUP BY r.assessment_id
    ) g
    WHERE g.assessment_id = a.id`.execute(db);
}
