/**
 * The device-by-device hits: which live (asset, component, CVE) triples a rule really applies to.
 * Findings are staged per organisation and component (finding-stage.repository.ts); this is the
 * one statement that looks at each asset, for the exposed devices, alert targeting and tests.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { citusVersion } from '../../citus/distribute.js';
import type { DB } from '../../schema.js';
import { platformKeySql, SAT_COLUMNS } from './platform.sql.js';
import { cveFilter, orgFilter, type RefreshSelection } from './selection.sql.js';

/**
 * Where the statement runs: one server (`single`: PGlite, PostgreSQL), where shared steps are
 * computed once, or a Citus cluster (`distributed`), where every step is inlined and carries the
 * organisation so the statement runs on each shard by itself (`hitsEngine` decides).
 */
export type HitsEngine = 'single' | 'distributed';

/** The engine of the database `db` reaches: `distributed` when it has the Citus extension. */
export async function hitsEngine(db: Kysely<DB> | Transaction<DB>): Promise<HitsEngine> {
  return (await citusVersion(db)) ? 'distributed' : 'single';
}

/**
 * The live (asset, component, CVE) hits: matched components installed on assets, where the rule's
 * platform conditions hold on the same asset — every positive condition met by some component of
 * the asset, no negated one definitely present (as `evaluateRule` decides). Conditions are checked
 * set-based: the asset's components joined to the condition matches of its candidate rules.
 * `andWhere` narrows the candidates further (`AND ac.org_id IN (…)`; aliases `ac`, `cm`): alerts
 * use it to list the exposed devices of a few organisations. Each hit says whether it is only
 * `possible` (one row per rule: a hit is confirmed when any of its rows is).
 *
 * A rule whose conditions all name platforms is decided once per distinct platform among its
 * candidate assets (`asset_platforms`, looked up by key), as the finding stage decides it: a
 * platform condition can only be met by a platform component. Other conditional rules join every
 * component of each candidate asset to the rule's condition matches.
 */
export function hitsSql(
  selection: RefreshSelection,
  andWhere: RawBuilder<unknown> = sql``,
  engine: HitsEngine,
): RawBuilder<unknown> {
  const spread = engine === 'distributed';
  // On Citus every step is inlined and keeps the organisation, so the whole statement runs on
  // each shard: a step it materialised, or a UNION, would become a distributed subplan whose rows
  // pass through the coordinator to be read whole by every shard.
  const step = spread ? sql`NOT MATERIALIZED ` : sql``;
  const byOrg = (alias: string) => (spread ? sql`${sql.ref(`${alias}.org_id`)}, ` : sql``);
  // The rules whose conditions count: on Citus those of the selection's CVEs, joined (a subquery
  // over a reference table would be a subplan too), else those of the candidate pairs.
  const needed = spread
    ? sql`rule_conditions rc JOIN match_rules mr ON mr.id = rc.rule_id WHERE true ${cveFilter(selection, 'mr.cve_id')}`
    : sql`rule_conditions rc WHERE rc.rule_id IN (SELECT rule_id FROM pairs)`;
  // A rule is decided either by platform or component by component: at most one side has its
  // (asset, rule). One server reads the two as one union (the planner sizes it better than either
  // alone); Citus would plan a union as a subplan, so there each side is left-joined by itself.
  const satKey = (alias: string) =>
    sql`${sql.ref(`${alias}.org_id`)} = c.org_id AND ${sql.ref(`${alias}.asset_id`)} = c.asset_id AND ${sql.ref(`${alias}.rule_id`)} = c.rule_id`;
  const satJoin = spread
    ? sql`LEFT JOIN sat_plat sp ON ${satKey('sp')} LEFT JOIN sat_comp sc ON ${satKey('sc')}`
    : sql`LEFT JOIN (SELECT * FROM sat_plat UNION ALL SELECT * FROM sat_comp) s ON ${satKey('s')}`;
  const sat = (column: string) =>
    spread ? sql`coalesce(${sql.ref(`sp.${column}`)}, ${sql.ref(`sc.${column}`)})` : sql.ref(`s.${column}`);
  return sql`
    WITH cand AS ${step}(
      SELECT ac.org_id, ac.asset_id, cm.component_id, cm.cve_id, cm.rule_id, cm.conditional, cm.assumed
      FROM component_matches cm
      JOIN asset_components ac ON ac.component_id = cm.component_id
      WHERE true ${orgFilter(selection, 'ac.org_id')} ${cveFilter(selection, 'cm.cve_id')} ${andWhere}
    ), pairs AS ${step}(
      SELECT DISTINCT org_id, asset_id, rule_id FROM cand WHERE conditional
    ), need AS ${step}(
      SELECT rc.rule_id, count(DISTINCT rc.cond) FILTER (WHERE NOT rc.negate) AS required,
        bool_and(${platformKeySql(sql`rc.key`)}) AS by_platform
      FROM ${needed} GROUP BY rc.rule_id
    ), plat AS ${spread ? sql`NOT MATERIALIZED` : sql`MATERIALIZED`} (
      SELECT p.org_id, p.asset_id, p.rule_id, ap.platform
      FROM pairs p JOIN need n ON n.rule_id = p.rule_id AND n.by_platform
      JOIN asset_platforms ap ON ap.org_id = p.org_id AND ap.asset_id = p.asset_id
    ), plat_sat AS ${step}(
      SELECT ${byOrg('u')}u.platform, u.rule_id, ${SAT_COLUMNS}
      FROM (SELECT DISTINCT ${byOrg('plat')}platform, rule_id FROM plat) u
      CROSS JOIN LATERAL unnest(u.platform) AS pc(component_id)
      JOIN condition_matches xm ON xm.rule_id = u.rule_id AND xm.component_id = pc.component_id
      GROUP BY ${byOrg('u')}u.platform, u.rule_id
    ), sat_plat AS ${step}(
      SELECT p.org_id, p.asset_id, p.rule_id, s.pos, s.pos_confirmed, s.blocked, s.maybe_blocked
      FROM plat p JOIN plat_sat s ON s.platform = p.platform AND s.rule_id = p.rule_id${spread ? sql` AND s.org_id = p.org_id` : sql``}
    ), sat_comp AS ${step}(
      SELECT p.org_id, p.asset_id, p.rule_id, ${SAT_COLUMNS}
      FROM pairs p
      JOIN need n ON n.rule_id = p.rule_id AND NOT n.by_platform
      JOIN asset_components ac2 ON ac2.org_id = p.org_id AND ac2.asset_id = p.asset_id
      JOIN condition_matches xm ON xm.rule_id = p.rule_id AND xm.component_id = ac2.component_id
      GROUP BY p.org_id, p.asset_id, p.rule_id
    )
    SELECT c.org_id, c.asset_id, c.component_id, c.cve_id,
      c.assumed OR (c.conditional AND NOT (coalesce(${sat('pos_confirmed')}, 0) = coalesce(n.required, 0)
        AND NOT coalesce(${sat('maybe_blocked')}, false))) AS possible
    FROM cand c
    ${satJoin}
    LEFT JOIN need n ON n.rule_id = c.rule_id
    WHERE NOT c.conditional
      OR (coalesce(${sat('pos')}, 0) = coalesce(n.required, 0) AND NOT coalesce(${sat('blocked')}, false))`;
}
