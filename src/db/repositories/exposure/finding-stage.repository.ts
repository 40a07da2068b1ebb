/**
 * Staging the findings a refresh should leave in place: one row per (organisation, component,
 * CVE) with the number of live assets exposed, the widest exposure and whether patient safety is
 * at stake — into the temporary table `finding_stage`. Read from component presence (a few rows
 * per organisation and component) wherever a rule's verdict does not depend on the individual
 * asset: rules without platform conditions, and rules whose conditions all name platforms (decided
 * once per distinct platform). Only rules with other conditions are checked asset by asset.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';
import { assetExposureRankSql, assetSafetySql, EXPOSURE_BY_RANK } from '../priority.sql.js';
import { platformKeySql, platformSatSql } from './platform.sql.js';
import { matchFilter, orgFilter, type RefreshSelection } from './selection.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Creates `finding_stage` (dropped at commit, or by `dropStage`) with every finding in the
 * selection as it should be now. Must run in a transaction.
 */
export async function stageFindings(trx: Executor, selection: RefreshSelection): Promise<void> {
  await stageUnconditionalSql(selection).execute(trx);
  await stageConditionalRules(trx, selection);
  await stageByPlatformSql(selection).execute(trx);
  await stageByAsset(trx, selection);
  await sql`DROP TABLE cond_rules`.execute(trx);
  await keepStrongest(trx);
  await sql`ANALYZE finding_stage`.execute(trx);
}

/** The organisations the stage holds a finding for (after a refresh: those exposed in the selection). */
export async function stagedOrgIds(trx: Executor): Promise<string[]> {
  const rows = await sql<{ org_id: string }>`SELECT DISTINCT org_id FROM finding_stage`.execute(trx);
  return rows.rows.map((r) => r.org_id);
}

export async function dropStage(trx: Executor): Promise<void> {
  await sql`DROP TABLE finding_stage`.execute(trx);
}

/**
 * One row per (organisation, component, CVE): the confirmed row where there is one (counting only
 * the assets confirmed), else the widest possible one. A pair can have both when a possible match
 * without conditions and a confirmed conditional one meet on the same component.
 */
async function keepStrongest(trx: Executor): Promise<void> {
  await sql`
    DELETE FROM finding_stage s USING finding_stage t
    WHERE t.org_id = s.org_id AND t.component_id = s.component_id AND t.cve_id = s.cve_id
      AND (s.possible, -s.asset_count, s.ctid) > (t.possible, -t.asset_count, t.ctid)`.execute(trx);
}

/**
 * Matches without platform conditions: every live asset with the component is exposed, so the
 * presence rows are summed per (organisation, component) and only then joined to the CVEs.
 */
export function stageUnconditionalSql(selection: RefreshSelection): RawBuilder<unknown> {
  const matches = sql`SELECT cm.component_id, cm.cve_id, cm.assumed FROM component_matches cm
    WHERE NOT cm.conditional ${matchFilter(selection)}`;
  return sql`
    CREATE TEMP TABLE finding_stage ON COMMIT DROP AS
    SELECT p.org_id, p.component_id, m.cve_id, p.asset_count, ${EXPOSURE_BY_RANK}[p.rank + 1] AS exposure, p.safety_impact,
      m.possible
    FROM (
      SELECT org_id, component_id, sum(asset_count)::int AS asset_count, max(exposure_rank) AS rank,
        bool_or(safety_impact) AS safety_impact
      FROM component_presence
      WHERE component_id IN (SELECT component_id FROM (${matches}) x) ${orgFilter(selection, 'org_id')}
      GROUP BY org_id, component_id
    ) p
    JOIN (SELECT component_id, cve_id, bool_and(assumed) AS possible FROM (${matches}) x GROUP BY component_id, cve_id) m
      ON m.component_id = p.component_id`;
}

/**
 * The conditional rules of (component, CVE) pairs no confirmed unconditional rule covers, each pair
 * marked whether all its rules' conditions name platforms (`by_platform`), each rule whether its
 * vulnerable criterion matched only possibly (`assumed`).
 */
async function stageConditionalRules(trx: Executor, selection: RefreshSelection): Promise<void> {
  await sql`
    CREATE TEMP TABLE cond_rules ON COMMIT DROP AS
    SELECT component_id, cve_id, rule_id, assumed,
      bool_and(rule_by_platform) OVER (PARTITION BY component_id, cve_id) AS by_platform
    FROM (
      SELECT cm.component_id, cm.cve_id, cm.rule_id, cm.assumed,
        NOT EXISTS (SELECT 1 FROM rule_conditions rc WHERE rc.rule_id = cm.rule_id AND NOT ${platformKeySql(sql`rc.key`)})
          AS rule_by_platform
      FROM component_matches cm
      WHERE cm.conditional ${matchFilter(selection)}
        AND NOT EXISTS (SELECT 1 FROM component_matches u
          WHERE u.component_id = cm.component_id AND u.cve_id = cm.cve_id AND NOT u.conditional AND NOT u.assumed)
    ) r`.execute(trx);
  await sql`ANALYZE cond_rules`.execute(trx);
}

/**
 * Pairs decided per platform: each distinct platform among the assets with the component meets a
 * rule when every positive condition is met by one of its components and no negated one is
 * definitely present (as `evaluateRule` decides); the assets of the platforms that meet any rule
 * of the pair are exposed. The presence rows of the components are read once (`cp`): looking them
 * up again per (component, platform) read every organisation's row of the component each time —
 * 4.3 s for WannaCry at national scale.
 */
export function stageByPlatformSql(selection: RefreshSelection): RawBuilder<unknown> {
  return sql`
    INSERT INTO finding_stage (org_id, component_id, cve_id, asset_count, exposure, safety_impact, possible)
    WITH r AS (SELECT component_id, cve_id, rule_id, assumed FROM cond_rules WHERE by_platform),
    cp AS MATERIALIZED (
      SELECT p.org_id, p.component_id, p.platform, p.asset_count, p.exposure_rank, p.safety_impact
      FROM component_presence p
      WHERE p.component_id IN (SELECT component_id FROM r) ${orgFilter(selection, 'p.org_id')}
    ),
    pl AS (SELECT DISTINCT component_id, platform FROM cp),
    sat AS (${platformSatSql(sql`pl`, sql`SELECT rule_id FROM r`)}),
    need AS (
      SELECT rule_id, count(DISTINCT cond) FILTER (WHERE NOT negate) AS required
      FROM rule_conditions WHERE rule_id IN (SELECT rule_id FROM r) GROUP BY rule_id
    ),
    ok AS (
      SELECT r.component_id, r.cve_id, pl.platform,
        NOT bool_or(NOT r.assumed AND coalesce(s.pos_confirmed, 0) = n.required AND NOT coalesce(s.maybe_blocked, false))
          AS possible
      FROM r JOIN pl ON pl.component_id = r.component_id JOIN need n ON n.rule_id = r.rule_id
      LEFT JOIN sat s ON s.rule_id = r.rule_id AND s.platform = pl.platform
      WHERE coalesce(s.pos, 0) = n.required AND NOT coalesce(s.blocked, false)
      GROUP BY r.component_id, r.cve_id, pl.platform
    )
    SELECT p.org_id, p.component_id, ok.cve_id, sum(p.asset_count)::int,
      ${EXPOSURE_BY_RANK}[max(p.exposure_rank) + 1], bool_or(p.safety_impact), ok.possible
    FROM ok JOIN cp p ON p.component_id = ok.component_id AND p.platform = ok.platform
    GROUP BY p.org_id, p.component_id, ok.cve_id, ok.possible`;
}

/**
 * Pairs with a rule whose conditions name something other than a platform, asset by asset. Built
 * in steps through temporary tables that are analysed, so the planner joins them knowing their
 * real sizes (a CTE's estimate of one row led it into nested loops over hundreds of thousands).
 */
async function stageByAsset(trx: Executor, selection: RefreshSelection): Promise<void> {
  const any = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM cond_rules WHERE NOT by_platform) AS found`.execute(trx);
  if (!any.rows[0]?.found) return;
  await sql`
    CREATE TEMP TABLE cond_cand ON COMMIT DROP AS
    SELECT ac.org_id, ac.asset_id, r.component_id, r.cve_id, r.rule_id, r.assumed
    FROM cond_rules r JOIN asset_components ac ON ac.component_id = r.component_id
    WHERE NOT r.by_platform ${orgFilter(selection, 'ac.org_id')}`.execute(trx);
  await sql`ANALYZE cond_cand`.execute(trx);
  await sql`CREATE TEMP TABLE cond_pairs ON COMMIT DROP AS SELECT DISTINCT org_id, asset_id, rule_id FROM cond_cand`.execute(
    trx,
  );
  await sql`ANALYZE cond_pairs`.execute(trx);
  // Rules re-created in this transaction have no statistics yet; a nested loop over the pairs on a
  // misestimate took minutes where hash joins take about a second.
  await sql`SET LOCAL enable_nestloop = off`.execute(trx);
  await sql`
    CREATE TEMP TABLE cond_sat ON COMMIT DROP AS
    SELECT p.org_id, p.asset_id, p.rule_id,
      count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate) AS pos,
      count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate AND NOT xm.assumed) AS pos_confirmed,
      coalesce(bool_or(xm.negate AND NOT xm.assumed), false) AS blocked,
      coalesce(bool_or(xm.negate AND xm.assumed), false) AS maybe_blocked
    FROM condition_matches xm
    JOIN asset_components ac2 ON ac2.component_id = xm.component_id
    JOIN cond_pairs p ON p.rule_id = xm.rule_id AND p.org_id = ac2.org_id AND p.asset_id = ac2.asset_id
    WHERE xm.rule_id IN (SELECT DISTINCT rule_id FROM cond_pairs)
    GROUP BY p.org_id, p.asset_id, p.rule_id`.execute(trx);
  await sql`SET LOCAL enable_nestloop = on`.execute(trx);
  await sql`ANALYZE cond_sat`.execute(trx);
  await stageByAssetSql().execute(trx);
  await sql`DROP TABLE cond_sat`.execute(trx);
  await sql`DROP TABLE cond_pairs`.execute(trx);
  await sql`DROP TABLE cond_cand`.execute(trx);
}

/** Stages the asset-by-asset pairs from `cond_cand` and `cond_sat`: one row per exposed asset counted. */
export function stageByAssetSql(): RawBuilder<unknown> {
  return sql`
    INSERT INTO finding_stage (org_id, component_id, cve_id, asset_count, exposure, safety_impact, possible)
    SELECT h.org_id, h.component_id, h.cve_id, count(*)::int,
      ${EXPOSURE_BY_RANK}[max(${assetExposureRankSql('a')}) + 1], bool_or(${assetSafetySql('a')}), h.possible
    FROM (
      SELECT c.org_id, c.asset_id, c.component_id, c.cve_id,
        NOT bool_or(NOT c.assumed AND coalesce(s.pos_confirmed, 0) = n.required AND NOT coalesce(s.maybe_blocked, false))
          AS possible
      FROM cond_cand c
      JOIN (SELECT rule_id, count(DISTINCT cond) FILTER (WHERE NOT negate) AS required
            FROM rule_conditions WHERE rule_id IN (SELECT DISTINCT rule_id FROM cond_cand) GROUP BY rule_id) n
        ON n.rule_id = c.rule_id
      LEFT JOIN cond_sat s ON s.org_id = c.org_id AND s.asset_id = c.asset_id AND s.rule_id = c.rule_id
      WHERE coalesce(s.pos, 0) = n.required AND NOT coalesce(s.blocked, false)
      GROUP BY c.org_id, c.asset_id, c.component_id, c.cve_id
    ) h
    JOIN assets a ON a.org_id = h.org_id AND a.id = h.asset_id AND a.retired_at IS NULL
    GROUP BY h.org_id, h.component_id, h.cve_id, h.possible`;
}
