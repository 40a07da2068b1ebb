/**
 * What a finding (alias `f`) is as people see it, written once for every reader — worklists,
 * roll-ups, exposed devices, the overview and baseline evidence: its effective status (exceptions
 * applied when read, so an expired one can never go stale), whether it is open, and its priority
 * (derived from KEV, EPSS and CVSS as they stand now, see priority.sql.ts).
 */
import { type RawBuilder, sql } from 'kysely';
import { orgIdIn } from '../../scope.js';
import { automatableSql, confirmedFinding, exploitationSql, prioritySql } from '../priority.sql.js';

/**
 * `AND column = ANY(subtree)` when the statement reads a subtree given by value (see
 * `subtreeOrgIds`), else nothing. Citus routes a statement with a correlated subquery among its
 * output columns to one shard only when the subquery's tenant tables carry the organisations by
 * value too (the planner does not carry the outer row's value into it).
 */
export function withinSubtree(column: string, subtree: readonly string[] | null): RawBuilder<unknown> {
  return subtree ? sql` AND ${orgIdIn(column, subtree)}` : sql``;
}

/** An active exception covers the finding: for its organisation, or for every live asset with the component. */
function activeException(subtree: readonly string[] | null): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM exceptions x WHERE x.org_id = f.org_id AND x.cve_id = f.cve_id
  AND x.expires_at > now()${withinSubtree('x.org_id', subtree)} AND (x.asset_id IS NULL OR NOT EXISTS (
    SELECT 1 FROM asset_components ac JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id
    WHERE ac.org_id = f.org_id AND ac.component_id = f.component_id AND a.retired_at IS NULL${withinSubtree('ac.org_id', subtree)}
      AND NOT EXISTS (SELECT 1 FROM exceptions y WHERE y.org_id = f.org_id AND y.cve_id = f.cve_id
        AND y.asset_id = a.id AND y.expires_at > now()${withinSubtree('y.org_id', subtree)}))))`;
}

/**
 * Status as people see it: an active exception makes a finding excepted; an expired one reopens it.
 * `subtree`: the organisations the statement reads, by value, when it reads a subtree (see `withinSubtree`).
 */
export function effectiveStatus(subtree: readonly string[] | null): RawBuilder<string> {
  return sql<string>`(CASE WHEN f.status = 'fixed' THEN 'fixed'
  WHEN ${activeException(subtree)} THEN 'excepted'
  WHEN EXISTS (SELECT 1 FROM exceptions x WHERE x.org_id = f.org_id AND x.cve_id = f.cve_id AND x.expires_at <= now()${withinSubtree('x.org_id', subtree)})
  THEN 'reopened' ELSE f.status END)`;
}

/** The effective status of a finding (alias `f`) in a statement over any organisations. */
export const EFFECTIVE_STATUS = effectiveStatus(null);

/**
 * An open finding as people see it (status open or reopened, no active exception), written so the
 * planner can estimate it: a plain status test and an anti-join, not a CASE it cannot see into.
 * `subtree`: as for `effectiveStatus`.
 */
export function openFinding(subtree: readonly string[] | null): RawBuilder<boolean> {
  return sql<boolean>`(f.status IN ('open', 'reopened') AND NOT ${activeException(subtree)})`;
}

/** An open finding (alias `f`) in a statement over any organisations. */
export const OPEN_FINDING = openFinding(null);

/**
 * The findings the maintained counts hold (the exposure roll-up, the exposed devices): open by
 * stored status and confirmed (possible findings are never counted with confirmed ones).
 * Exceptions are not stored in the counts: readers subtract what an active exception covers.
 */
export const OPEN_CONFIRMED_FINDING = sql<boolean>`(f.status IN ('open', 'reopened') AND ${confirmedFinding})`;

/** The finding's priority, with `vulnerabilities v`, `kev_entries k` and `epss_scores e` joined on its CVE. */
export const PRIORITY = prioritySql(
  exploitationSql(sql`k.cve_id`, sql`e.epss`),
  sql`f.exposure`,
  automatableSql(sql`v.cvss_vector`),
  sql`f.safety_impact`,
);

/**
 * What priority needs of each CVE of `cves` (a query yielding `cve_id`), looked up once per CVE:
 * `exploitation`, `automatable`, and `kev` with its `due` date. Roll-up rows repeat a CVE for every
 * exposure and safety impact and every group read; looking its intel up per row took most of a
 * national summary with the real NVD's volume of CVEs.
 */
export function cveFactsSql(cves: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    SELECT u.cve_id, ${exploitationSql(sql`k.cve_id`, sql`e.epss`)} AS exploitation,
      ${automatableSql(sql`v.cvss_vector`)} AS automatable, k.cve_id IS NOT NULL AS kev, k.due_date AS due
    FROM (${cves}) u
    LEFT JOIN vulnerabilities v ON v.cve_id = u.cve_id
    LEFT JOIN kev_entries k ON k.cve_id = u.cve_id
    LEFT JOIN epss_scores e ON e.cve_id = u.cve_id`;
}

/** The priority of a row (alias `f`, with `exposure` and `safety_impact`) from its CVE's facts (alias `i`, see `cveFactsSql`). */
export const PRIORITY_OF_FACTS = prioritySql(
  sql`i.exploitation`,
  sql`f.exposure`,
  sql`i.automatable`,
  sql`f.safety_impact`,
);

/** Sorts a priority (an SQL expression) Act first (0) to Track last (3). */
const priorityOrder = (priority: RawBuilder<unknown>) =>
  sql`CASE ${priority} WHEN 'act' THEN 0 WHEN 'attend' THEN 1 WHEN 'track*' THEN 2 ELSE 3 END`;

/** Sorts findings' priorities Act first (0) to Track last (3). */
export const PRIORITY_ORDER = priorityOrder(PRIORITY);

/** The same from a CVE's facts (see `PRIORITY_OF_FACTS`). */
export const PRIORITY_ORDER_OF_FACTS = priorityOrder(PRIORITY_OF_FACTS);

/**
 * Open findings per subtree root in `groups` (a query yielding `group_id`), CVE, exposure and safety
 * impact, as columns `group_id, cve_id, exposure, safety_impact, n` (findings) and `a` (devices):
 * the roll-up less the findings an active exception covers (read from the exceptions, a handful,
 * not from the findings). Rows with no finding left are dropped. `subtree`: every organisation under
 * the groups, by value (see `subtreeOrgIds`), so Citus routes the read to their shards; null: all.
 * `exceptions` false (none active in the subtree, see `exceptionsActive`): the roll-up's rows as
 * they are, without regrouping them (a national summary's hundred thousand rows).
 */
export function openByCveSql(
  groups: RawBuilder<unknown>,
  subtree: readonly string[] | null = null,
  exceptions = true,
): RawBuilder<unknown> {
  if (!exceptions)
    return sql`
      SELECT r.org_id AS group_id, r.cve_id, r.exposure, r.safety_impact, r.findings AS n, r.assets AS a
      FROM exposure_rollup r JOIN (${groups}) g ON g.group_id = r.org_id
      WHERE r.findings > 0 AND ${orgIdIn('r.org_id', subtree)}`;
  return sql`
    SELECT group_id, cve_id, exposure, safety_impact, sum(findings) AS n, sum(assets) AS a
    FROM (
      SELECT r.org_id AS group_id, r.cve_id, r.exposure, r.safety_impact, r.findings, r.assets
      FROM exposure_rollup r JOIN (${groups}) g ON g.group_id = r.org_id
      WHERE ${orgIdIn('r.org_id', subtree)}
      UNION ALL
      -- Grouped by the subtree root on its own: ungrouped, Citus took the union as sharded by the
      -- root and summed it shard by shard, so an exception on a shard other than the root's row
      -- was dropped by the HAVING below before it could subtract.
      SELECT c.ancestor_id, f.cve_id, f.exposure, f.safety_impact, -count(*)::int, -sum(f.asset_count)::int
      FROM (SELECT DISTINCT org_id, cve_id FROM exceptions WHERE expires_at > now() AND ${orgIdIn('org_id', subtree)}) x
      JOIN findings f ON f.org_id = x.org_id AND f.cve_id = x.cve_id
      JOIN org_closure c ON c.descendant_id = f.org_id JOIN (${groups}) g ON g.group_id = c.ancestor_id
      WHERE ${OPEN_CONFIRMED_FINDING} AND ${activeException(subtree)} AND ${orgIdIn('f.org_id', subtree)}
      GROUP BY c.ancestor_id, f.cve_id, f.exposure, f.safety_impact
    ) counted
    GROUP BY group_id, cve_id, exposure, safety_impact HAVING sum(findings) > 0`;
}
