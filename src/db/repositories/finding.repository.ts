/**
 * Findings: per (organisation, component, CVE), the number of live assets exposed, the widest
 * exposure and whether patient safety is at stake. Refreshing recomputes them from matches and
 * inventory for a set of organisations or CVEs (or all), opening, updating, reopening and fixing
 * findings in a few set-based statements.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../schema.js';
import { rebuildPresence } from './component-presence.repository.js';
import { refreshDevices } from './device-exposure.repository.js';
import { rebuildExposureRollup, rollupAfter, rollupBefore } from './exposure-rollup.repository.js';
import { cveFilter, type FindingScope, orgFilter, stageFindings } from './finding-stage.repository.js';

export type { FindingScope };

type Executor = Kysely<DB>;

function hitFilter(scope: FindingScope): RawBuilder<unknown> {
  return sql`${orgFilter(scope, 'ac.org_id')} ${cveFilter(scope, 'cm.cve_id')}`;
}

function findingFilter(scope: FindingScope): RawBuilder<unknown> {
  return sql`${orgFilter(scope, 'f.org_id')} ${cveFilter(scope, 'f.cve_id')}`;
}

/**
 * The live (asset, component, CVE) hits: matched components installed on assets, where the rule's
 * platform conditions hold on the same asset — every positive condition met by some component of
 * the asset, no negated one definitely present (as `evaluateRule` decides). Conditions are checked
 * set-based: the asset's components joined to the condition matches of its candidate rules.
 * `andWhere` narrows the candidates further (`AND ac.org_id IN (…)`; aliases `ac`, `cm`): alerts
 * use it to list the exposed devices of a few organisations. Each hit says whether it is only
 * `possible` (one row per rule: a hit is confirmed when any of its rows is).
 */
export function hitsSql(scope: FindingScope, andWhere: RawBuilder<unknown> = sql``): RawBuilder<unknown> {
  return sql`
    WITH cand AS (
      SELECT ac.org_id, ac.asset_id, cm.component_id, cm.cve_id, cm.rule_id, cm.conditional, cm.assumed
      FROM component_matches cm
      JOIN asset_components ac ON ac.component_id = cm.component_id
      WHERE true ${hitFilter(scope)} ${andWhere}
    ), pairs AS (
      SELECT DISTINCT org_id, asset_id, rule_id FROM cand WHERE conditional
    ), sat AS (
      SELECT p.org_id, p.asset_id, p.rule_id,
        count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate) AS pos,
        count(DISTINCT xm.cond) FILTER (WHERE NOT xm.negate AND NOT xm.assumed) AS pos_confirmed,
        coalesce(bool_or(xm.negate AND NOT xm.assumed), false) AS blocked,
        coalesce(bool_or(xm.negate AND xm.assumed), false) AS maybe_blocked
      FROM pairs p
      JOIN asset_components ac2 ON ac2.org_id = p.org_id AND ac2.asset_id = p.asset_id
      JOIN condition_matches xm ON xm.rule_id = p.rule_id AND xm.component_id = ac2.component_id
      GROUP BY p.org_id, p.asset_id, p.rule_id
    ), need AS (
      SELECT rule_id, count(DISTINCT cond) FILTER (WHERE NOT negate) AS required
      FROM rule_conditions WHERE rule_id IN (SELECT rule_id FROM pairs) GROUP BY rule_id
    )
    SELECT c.org_id, c.asset_id, c.component_id, c.cve_id,
      c.assumed OR (c.conditional AND NOT (coalesce(s.pos_confirmed, 0) = coalesce(n.required, 0)
        AND NOT coalesce(s.maybe_blocked, false))) AS possible
    FROM cand c
    LEFT JOIN sat s ON s.org_id = c.org_id AND s.asset_id = c.asset_id AND s.rule_id = c.rule_id
    LEFT JOIN need n ON n.rule_id = c.rule_id
    WHERE NOT c.conditional OR (coalesce(s.pos, 0) = coalesce(n.required, 0) AND NOT coalesce(s.blocked, false))`;
}

export interface RefreshResult {
  opened: number;
  reopened: number;
  fixed: number;
  /** Organisations with at least one open finding in scope after the refresh (for alert targeting). */
  exposedOrgIds: string[];
}

/** Recomputes findings in scope. Must run in a transaction (uses a temporary table). */
export async function refreshFindings(trx: Executor, scope: FindingScope): Promise<RefreshResult> {
  if (
    (scope.kind === 'orgs' && scope.orgIds.length === 0) ||
    (scope.kind === 'cves' && scope.cveIds.length === 0)
  ) {
    return { opened: 0, reopened: 0, fixed: 0, exposedOrgIds: [] };
  }
  if (scope.kind !== 'cves') await rebuildPresence(trx, scope.kind === 'orgs' ? scope.orgIds : null);
  await stageFindings(trx, scope);
  if (scope.kind !== 'all') await rollupBefore(trx, findingFilter(scope));
  const reopened = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM findings f
    JOIN finding_stage s ON s.org_id = f.org_id AND s.component_id = f.component_id AND s.cve_id = f.cve_id
    WHERE f.status = 'fixed'`.execute(trx);
  const upserted = await sql<{ inserted: boolean }>`
    INSERT INTO findings AS f (org_id, component_id, cve_id, asset_count, exposure, safety_impact, status, certainty)
    SELECT org_id, component_id, cve_id, asset_count, exposure, safety_impact, 'open',
      CASE WHEN possible THEN 'possible' ELSE 'confirmed' END FROM finding_stage
    ON CONFLICT (org_id, component_id, cve_id) DO UPDATE SET
      asset_count = excluded.asset_count, exposure = excluded.exposure, safety_impact = excluded.safety_impact,
      certainty = excluded.certainty,
      status = CASE WHEN f.status = 'fixed' THEN 'reopened' ELSE f.status END,
      fixed_at = NULL, last_seen = now(), updated_at = now()
    WHERE (f.asset_count, f.exposure, f.safety_impact, f.certainty)
        IS DISTINCT FROM (excluded.asset_count, excluded.exposure, excluded.safety_impact, excluded.certainty)
      OR f.status = 'fixed'
    RETURNING (f.xmax = 0) AS inserted`.execute(trx);
  const fixed = await sql`
    UPDATE findings f SET status = 'fixed', fixed_at = now(), updated_at = now()
    WHERE f.status <> 'fixed' ${findingFilter(scope)}
      AND NOT EXISTS (SELECT 1 FROM finding_stage s
        WHERE s.org_id = f.org_id AND s.component_id = f.component_id AND s.cve_id = f.cve_id)`.execute(trx);
  const exposed = await sql<{ org_id: string }>`SELECT DISTINCT org_id FROM finding_stage`.execute(trx);
  await sql`DROP TABLE finding_stage`.execute(trx);
  if (scope.kind === 'all') await rebuildExposureRollup(trx);
  else await rollupAfter(trx, findingFilter(scope));
  await refreshDevices(trx, scope);
  return {
    opened: upserted.rows.filter((r) => r.inserted).length,
    reopened: reopened.rows[0]?.n ?? 0,
    fixed: Number(fixed.numAffectedRows ?? 0),
    exposedOrgIds: exposed.rows.map((r) => r.org_id),
  };
}

/** Whether any finding (in any state) exists for the CVEs. */
export async function hasFindings(db: Executor, cveIds: readonly string[]): Promise<boolean> {
  if (cveIds.length === 0) return false;
  const row = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM findings WHERE cve_id IN (${sql.join(cveIds)})) AS found`.execute(db);
  return row.rows[0]?.found ?? false;
}
