/**
 * An outcome result against its expected level, in SQL: the level's rank (Not achieved 0,
 * Partially achieved 1, Achieved 2), the levels short, and the assessment-wide gap — the SQL
 * forms of `levelsShort` and `outcomeStanding` (src/domain/baseline/assessment-status.ts).
 * `r` is the `baseline_results` row.
 */
import { sql } from 'kysely';

export const RANK = (col: string) =>
  sql`(CASE ${sql.ref(col)} WHEN 'Achieved' THEN 2 WHEN 'Partially achieved' THEN 1 WHEN 'Not achieved' THEN 0 END)`;

/** Levels short of the expected level; an unanswered outcome counts 2. */
export const LEVELS_SHORT = sql<number>`(CASE WHEN r.level IS NULL THEN 2 ELSE greatest(0, ${RANK('r.expected_level')} - ${RANK('r.level')}) END)`;

/** Below its expected level (an unanswered outcome is). */
export const BELOW = sql<boolean>`(r.level IS NULL OR ${RANK('r.level')} < ${RANK('r.expected_level')})`;

/** `meets`, `one_short` or `misses`. */
export const STANDING = sql<string>`(CASE WHEN r.level IS NULL THEN 'misses'
  WHEN ${RANK('r.expected_level')} - ${RANK('r.level')} <= 0 THEN 'meets'
  WHEN ${RANK('r.expected_level')} - ${RANK('r.level')} = 1 THEN 'one_short' ELSE 'misses' END)`;
