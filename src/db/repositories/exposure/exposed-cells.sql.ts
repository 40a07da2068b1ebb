/**
 * Where device exposure is decided (migration 0037). A device is exposed when one of its open,
 * confirmed findings truly applies to it, and that is decided at three grains:
 * - a rule without conditions applies to every live device with the component;
 * - a rule whose conditions all name platforms applies to every device with the component and a
 *   platform that meets them;
 * so both are decided per cell — organisation, component and platform, the rows of component
 * presence — and kept in `exposed_cells`; only
 * - a rule with another condition ("with Java installed") is decided device by device, and its
 *   CVEs are kept in the device's own list (`exposed_devices.cves`).
 * A new CVE on a component that already exposes its devices then changes a few cells and no device.
 */
import { type RawBuilder, sql } from 'kysely';
import { OPEN_CONFIRMED_FINDING } from './finding.sql.js';
import type { HitsEngine } from './hits.sql.js';
import { platformKeySql, platformSatSql, SAT_COLUMNS } from './platform.sql.js';
import { findingFilter, matchFilter, orgFilter, type RefreshSelection } from './selection.sql.js';

/** A rule whose conditions are met for certain: every positive one confirmed, no negated one possibly present. */
const CONFIRMED_SAT = sql`coalesce(s.pos_confirmed, 0) = n.required AND NOT coalesce(s.blocked, false)
  AND NOT coalesce(s.maybe_blocked, false)`;

/** The number of positive conditions of each rule in `rules` (a subquery of rule ids). */
function requiredSql(rules: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`SELECT rule_id, count(DISTINCT cond) FILTER (WHERE NOT negate) AS required
    FROM rule_conditions WHERE rule_id IN (${rules}) GROUP BY rule_id`;
}

/** The confirmed conditional matches (`cm`) of the selection whose conditions all name platforms, or not (`byPlatform`). */
function conditionalMatches(selection: RefreshSelection, byPlatform: boolean): RawBuilder<unknown> {
  const other = sql`SELECT 1 FROM rule_conditions rc WHERE rc.rule_id = cm.rule_id AND NOT ${platformKeySql(sql`rc.key`)}`;
  return sql`SELECT cm.component_id, cm.cve_id, cm.rule_id FROM component_matches cm
    WHERE cm.conditional AND NOT cm.assumed ${matchFilter(selection)}
      AND ${byPlatform ? sql`NOT EXISTS` : sql`EXISTS`} (${other})`;
}

/**
 * The confirmed matches of the selection with platform conditions only, into the temporary table
 * `cell_rules` that `cellHitsSql` reads, analysed: a subquery's estimate (one row, for an
 * anti-join) led the planner into nested loops that re-ran the per-platform verdicts once per
 * match — minutes for a full recompute with the real NVD's volume of rules.
 */
export function cellRulesSql(selection: RefreshSelection): RawBuilder<unknown> {
  return sql`CREATE TEMP TABLE cell_rules ON COMMIT DROP AS ${conditionalMatches(selection, true)}`;
}

/**
 * The (organisation, component, platform, CVE) of every exposed cell in the selection: the
 * presence rows of components with a confirmed unconditional match, and those whose platform
 * meets a platform rule for certain (decided once per distinct platform, as the finding stage
 * does), where the finding is open and confirmed. Reads `cell_rules` (see `cellRulesSql`).
 */
export function cellHitsSql(selection: RefreshSelection): RawBuilder<unknown> {
  return sql`
    WITH unc AS (
      SELECT DISTINCT cm.component_id, cm.cve_id FROM component_matches cm
      WHERE NOT cm.conditional AND NOT cm.assumed ${matchFilter(selection)}
    ), r AS (SELECT component_id, cve_id, rule_id FROM cell_rules),
    cp AS MATERIALIZED (
      SELECT p.org_id, p.component_id, p.platform FROM component_presence p
      WHERE p.component_id IN (SELECT component_id FROM r) ${orgFilter(selection, 'p.org_id')}
    ),
    pl AS (SELECT DISTINCT component_id, platform FROM cp),
    s AS (${platformSatSql(sql`pl`, sql`SELECT rule_id FROM r`)}),
    n AS (${requiredSql(sql`SELECT rule_id FROM r`)}),
    ok AS (
      SELECT DISTINCT r.component_id, r.cve_id, pl.platform
      FROM r JOIN pl ON pl.component_id = r.component_id JOIN n ON n.rule_id = r.rule_id
      LEFT JOIN s ON s.rule_id = r.rule_id AND s.platform = pl.platform
      WHERE ${CONFIRMED_SAT}
    )
    SELECT x.org_id, x.component_id, x.platform, x.cve_id
    FROM (
      SELECT p.org_id, p.component_id, p.platform, u.cve_id
      FROM unc u JOIN component_presence p ON p.component_id = u.component_id ${orgFilter(selection, 'p.org_id')}
      UNION
      SELECT p.org_id, p.component_id, p.platform, ok.cve_id
      FROM ok JOIN cp p ON p.component_id = ok.component_id AND p.platform = ok.platform
    ) x
    JOIN findings f ON f.org_id = x.org_id AND f.component_id = x.component_id AND f.cve_id = x.cve_id
    WHERE ${OPEN_CONFIRMED_FINDING} ${findingFilter(selection)}`;
}

/** The cells of `cellHitsSql`, each with its CVEs sorted and whether one is in KEV. */
export function cellsSql(selection: RefreshSelection): RawBuilder<unknown> {
  return sql`
    SELECT h.org_id, h.component_id, h.platform, array_agg(DISTINCT h.cve_id ORDER BY h.cve_id) AS cves,
      bool_or(k.cve_id IS NOT NULL) AS kev
    FROM (${cellHitsSql(selection)}) h LEFT JOIN kev_entries k ON k.cve_id = h.cve_id
    GROUP BY h.org_id, h.component_id, h.platform`;
}

/**
 * Each live device's CVEs exposed through rules decided device by device (conditions that name
 * something other than a platform), open and confirmed findings only: every component of the
 * candidate device joined to the rule's condition matches. Such rules are few, so are the rows.
 */
export function deviceOwnCvesSql(selection: RefreshSelection, engine: HitsEngine): RawBuilder<unknown> {
  // On Citus a step read twice must stay inlined with its organisation (see hitsSql).
  const step = engine === 'distributed' ? sql`NOT MATERIALIZED ` : sql``;
  return sql`
    WITH r AS (${conditionalMatches(selection, false)}),
    cand AS ${step}(
      SELECT ac.org_id, ac.asset_id, r.component_id, r.cve_id, r.rule_id
      FROM r JOIN asset_components ac ON ac.component_id = r.component_id ${orgFilter(selection, 'ac.org_id')}
    ),
    n AS (${requiredSql(sql`SELECT rule_id FROM r`)}),
    s AS (
      SELECT p.org_id, p.asset_id, p.rule_id, ${SAT_COLUMNS}
      FROM (SELECT DISTINCT org_id, asset_id, rule_id FROM cand) p
      JOIN asset_components ac2 ON ac2.org_id = p.org_id AND ac2.asset_id = p.asset_id
      JOIN condition_matches xm ON xm.rule_id = p.rule_id AND xm.component_id = ac2.component_id
      GROUP BY p.org_id, p.asset_id, p.rule_id
    )
    SELECT c.org_id, c.asset_id, array_agg(DISTINCT c.cve_id ORDER BY c.cve_id) AS cves
    FROM cand c JOIN n ON n.rule_id = c.rule_id
    LEFT JOIN s ON s.org_id = c.org_id AND s.asset_id = c.asset_id AND s.rule_id = c.rule_id
    JOIN findings f ON f.org_id = c.org_id AND f.component_id = c.component_id AND f.cve_id = c.cve_id
    JOIN assets a ON a.org_id = c.org_id AND a.id = c.asset_id AND a.retired_at IS NULL
    WHERE ${CONFIRMED_SAT} AND ${OPEN_CONFIRMED_FINDING}
    GROUP BY c.org_id, c.asset_id`;
}

/**
 * The live devices of cells (`cells`: a relation with org_id, component_id, platform and the
 * integer columns `dc` and `dk`), with those summed per device as `cells` and `kev_cells`: the
 * device's components in the cells' organisations, where its platform is the cell's.
 *
 * `cellsFirst` makes the installed rows of the cells' components a step of their own, read before
 * the assets and their platforms: over the whole federation, in the transaction that loaded it, the
 * planner joined all 20 million installed rows of 200,000 devices to their assets and platforms
 * before the 23,000 cells (14 s; 7 s this way, with hash joins). One server only: Citus would plan
 * such a step as a subplan whose rows pass through the coordinator.
 */
export function cellDevicesSql(cells: RawBuilder<unknown>, cellsFirst = false): RawBuilder<unknown> {
  return sql`
    WITH c AS ${cellsFirst ? sql`MATERIALIZED` : sql`NOT MATERIALIZED`} (
      SELECT ac.org_id, ac.asset_id, x.platform, x.dc, x.dk
      FROM (${cells}) x JOIN asset_components ac ON ac.org_id = x.org_id AND ac.component_id = x.component_id
    )
    SELECT c.org_id, c.asset_id, sum(c.dc)::int AS cells, sum(c.dk)::int AS kev_cells
    FROM c
    JOIN assets a ON a.org_id = c.org_id AND a.id = c.asset_id AND a.retired_at IS NULL
    LEFT JOIN asset_platforms ap ON ap.org_id = c.org_id AND ap.asset_id = c.asset_id
    WHERE coalesce(ap.platform, '{}') = c.platform
    GROUP BY c.org_id, c.asset_id`;
}

/**
 * Every CVE of each exposed device whose organisation `where` selects (on `d.org_id`): its own list
 * and the CVEs of the cells it lies in (a CVE may repeat). Read for the few organisations with exceptions, and by tests.
 */
export function exposedDeviceCvesSql(where: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    SELECT d.org_id, d.asset_id, u.cve_id
    FROM exposed_devices d CROSS JOIN LATERAL unnest(d.cves) AS u(cve_id)
    WHERE ${where}
    UNION ALL
    SELECT d.org_id, d.asset_id, u.cve_id
    FROM exposed_devices d
    JOIN asset_components ac ON ac.org_id = d.org_id AND ac.asset_id = d.asset_id
    JOIN exposed_cells x ON x.org_id = ac.org_id AND x.component_id = ac.component_id
    LEFT JOIN asset_platforms ap ON ap.org_id = d.org_id AND ap.asset_id = d.asset_id
    CROSS JOIN LATERAL unnest(x.cves) AS u(cve_id)
    WHERE d.cells > 0 AND coalesce(ap.platform, '{}') = x.platform AND ${where}`;
}

/**
 * The live devices exposed to any of `cves`, each with those CVEs (organisations in `onlyOrgIds`,
 * all when null): the devices of the cells that hold them and the own lists that do. Alerts read
 * their targets' confirmed devices here instead of deciding every candidate device again.
 */
export function devicesExposedToSql(
  cves: readonly string[],
  onlyOrgIds: readonly string[] | null,
): RawBuilder<unknown> {
  const list = sql`${sql.val([...cves])}::text[]`;
  const only = (column: string) =>
    onlyOrgIds ? sql`AND ${sql.ref(column)} = ANY(${sql.val([...onlyOrgIds])}::uuid[])` : sql``;
  return sql`
    SELECT ac.org_id, ac.asset_id, v.cve_id
    FROM exposed_cells x CROSS JOIN LATERAL unnest(x.cves) AS v(cve_id)
    JOIN asset_components ac ON ac.org_id = x.org_id AND ac.component_id = x.component_id
    JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.retired_at IS NULL
    LEFT JOIN asset_platforms ap ON ap.org_id = ac.org_id AND ap.asset_id = ac.asset_id
    WHERE x.cves && ${list} AND v.cve_id = ANY(${list}) AND coalesce(ap.platform, '{}') = x.platform ${only('x.org_id')}
    UNION ALL
    SELECT d.org_id, d.asset_id, v.cve_id
    FROM exposed_devices d CROSS JOIN LATERAL unnest(d.cves) AS v(cve_id)
    WHERE cardinality(d.cves) > 0 AND d.cves && ${list} AND v.cve_id = ANY(${list}) ${only('d.org_id')}`;
}
