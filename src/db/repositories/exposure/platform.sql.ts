/**
 * Deciding a rule's conditions: whether a match key names a platform — an operating system or
 * hardware (CPE part o or h) — and how condition matches add up. Rules whose conditions all name
 * platforms are decided per platform (component presence keeps each asset's platform); any other
 * condition ("with Java installed") is decided asset by asset.
 */
import { type RawBuilder, sql } from 'kysely';

/** Whether a match key names a platform. */
export function platformKeySql(key: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(${key} LIKE 'o:%' OR ${key} LIKE 'h:%')`;
}

/** How a rule's condition matches (`xm`) among one asset's (or one platform's) components add up. */
export const SAT_COLUMNS = sql`
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate) AS pos,
  count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate AND NOT xm.assumed) AS pos_confirmed,
  coalesce(bool_or(xm.negate AND NOT xm.assumed), false) AS blocked,
  coalesce(bool_or(xm.negate AND xm.assumed), false) AS maybe_blocked`;

/**
 * How each rule's conditions stand on each distinct platform (`platform`, `rule_id` and the
 * `SAT_COLUMNS`): the platform's components joined to the rules' condition matches. `platforms`
 * is a relation with a `platform` column (repeats allowed), `rules` a subquery of rule ids.
 */
export function platformSatSql(
  platforms: RawBuilder<unknown>,
  rules: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`
    SELECT u.platform, xm.rule_id, ${SAT_COLUMNS}
    FROM (SELECT DISTINCT platform FROM ${platforms}) u
    CROSS JOIN LATERAL unnest(u.platform) AS pc(component_id)
    JOIN condition_matches xm ON xm.component_id = pc.component_id
    WHERE xm.rule_id IN (${rules})
    GROUP BY u.platform, xm.rule_id`;
}
