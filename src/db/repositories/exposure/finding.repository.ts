/**
 * Findings: per (organisation, component, CVE), the number of live assets exposed, the widest
 * exposure and whether patient safety is at stake. The statements a refresh applies once the
 * findings it should leave are staged (`finding_stage`, finding-stage.repository.ts): open and
 * update them, reopen fixed ones, fix those no longer staged. The order is the refresh service's.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';
import { findingFilter, type RefreshSelection } from './selection.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** Fixed findings the stage brings back (to be reopened by the upsert). */
export async function countReopening(trx: Executor): Promise<number> {
  const row = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM findings f
    JOIN finding_stage s ON s.org_id = f.org_id AND s.component_id = f.component_id AND s.cve_id = f.cve_id
    WHERE f.status = 'fixed'`.execute(trx);
  return row.rows[0]?.n ?? 0;
}

/** The INSERT … ON CONFLICT that writes the staged findings: new ones open, fixed ones reopen, changed ones update. */
export function upsertStagedSql() {
  // The conflict's row carries the column's default, now(): Citus takes no function call in DO UPDATE SET.
  return sql<{ inserted: boolean }>`
    INSERT INTO findings AS f (org_id, component_id, cve_id, asset_count, exposure, safety_impact, status, certainty)
    SELECT org_id, component_id, cve_id, asset_count, exposure, safety_impact, 'open',
      CASE WHEN possible THEN 'possible' ELSE 'confirmed' END FROM finding_stage
    ON CONFLICT (org_id, component_id, cve_id) DO UPDATE SET
      asset_count = excluded.asset_count, exposure = excluded.exposure, safety_impact = excluded.safety_impact,
      certainty = excluded.certainty,
      status = CASE WHEN f.status = 'fixed' THEN 'reopened' ELSE f.status END,
      fixed_at = NULL, last_seen = excluded.last_seen, updated_at = excluded.updated_at
    WHERE (f.asset_count, f.exposure, f.safety_impact, f.certainty)
        IS DISTINCT FROM (excluded.asset_count, excluded.exposure, excluded.safety_impact, excluded.certainty)
      OR f.status = 'fixed'
    RETURNING (f.xmax = 0) AS inserted`;
}

/** Writes the staged findings; returns how many were new. */
export async function upsertStaged(trx: Executor): Promise<number> {
  const rows = await upsertStagedSql().execute(trx);
  return rows.rows.filter((r) => r.inserted).length;
}

/** Fixes the findings in the selection that the stage no longer holds; returns how many. */
export async function fixUnstaged(trx: Executor, selection: RefreshSelection): Promise<number> {
  // A set difference rather than a NOT EXISTS on the staging table: Citus runs no correlated
  // subquery on a coordinator table inside a write to a tenant table.
  const fixed = await sql`
    UPDATE findings f SET status = 'fixed', fixed_at = now(), updated_at = now()
    FROM (SELECT f.org_id, f.component_id, f.cve_id FROM findings f WHERE f.status <> 'fixed' ${findingFilter(selection)}
      EXCEPT SELECT org_id, component_id, cve_id FROM finding_stage) gone
    WHERE f.org_id = gone.org_id AND f.component_id = gone.component_id AND f.cve_id = gone.cve_id`.execute(
    trx,
  );
  return Number(fixed.numAffectedRows ?? 0);
}

/** Whether any finding (in any state) exists for the CVEs. */
export async function hasFindings(db: Executor, cveIds: readonly string[]): Promise<boolean> {
  if (cveIds.length === 0) return false;
  const row = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM findings WHERE cve_id IN (${sql.join(cveIds)})) AS found`.execute(db);
  return row.rows[0]?.found ?? false;
}
