/**
 * Keeping `exposure_rollup` exact (see migration 0006): open findings per subtree, CVE, exposure
 * and safety impact. A refresh of findings for some organisations or CVEs aggregates that scope
 * before and after (all organisations for a full refresh), and adds the difference to every
 * ancestor of each organisation that changed; a change to the tree itself rebuilds the table.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';
import { OPEN_CONFIRMED_FINDING as OPEN } from './finding.sql.js';
import { findingFilter, type RefreshSelection } from './selection.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** Rebuilds the whole roll-up from the findings and the tree. */
export async function rebuildExposureRollup(trx: Executor): Promise<void> {
  await sql`DELETE FROM exposure_rollup`.execute(trx);
  await sql`
    INSERT INTO exposure_rollup (org_id, cve_id, exposure, safety_impact, findings, assets)
    SELECT c.ancestor_id, f.cve_id, f.exposure, f.safety_impact, count(*)::int, sum(f.asset_count)::int
    FROM findings f JOIN org_closure c ON c.descendant_id = f.org_id
    WHERE ${OPEN}
    GROUP BY c.ancestor_id, f.cve_id, f.exposure, f.safety_impact`.execute(trx);
}

/** Whether the roll-up holds nothing (no open finding anywhere, or a federation not loaded yet). */
export async function rollupIsEmpty(trx: Executor): Promise<boolean> {
  const row = await sql<{
    empty: boolean;
  }>`SELECT NOT EXISTS (SELECT 1 FROM exposure_rollup) AS empty`.execute(trx);
  return row.rows[0]?.empty ?? true;
}

/** Each organisation's own open findings in the selection, into a temporary table. */
async function ownCounts(trx: Executor, table: string, selection: RefreshSelection): Promise<void> {
  await sql`
    CREATE TEMP TABLE ${sql.table(table)} ON COMMIT DROP AS
    SELECT f.org_id, f.cve_id, f.exposure, f.safety_impact, count(*)::int AS findings, sum(f.asset_count)::int AS assets
    FROM findings f WHERE ${OPEN} ${findingFilter(selection)}
    GROUP BY f.org_id, f.cve_id, f.exposure, f.safety_impact`.execute(trx);
}

/** Before the findings of the selection change: remembers their counts. */
export async function rollupBefore(trx: Executor, selection: RefreshSelection): Promise<void> {
  await ownCounts(trx, 'rollup_before', selection);
}

/** After the findings of the selection changed: adds the difference to the roll-up of every ancestor. */
export async function rollupAfter(trx: Executor, selection: RefreshSelection): Promise<void> {
  await ownCounts(trx, 'rollup_after', selection);
  await sql`
    CREATE TEMP TABLE rollup_delta ON COMMIT DROP AS
    SELECT coalesce(a.org_id, b.org_id) AS org_id, coalesce(a.cve_id, b.cve_id) AS cve_id,
      coalesce(a.exposure, b.exposure) AS exposure, coalesce(a.safety_impact, b.safety_impact) AS safety_impact,
      coalesce(a.findings, 0) - coalesce(b.findings, 0) AS findings, coalesce(a.assets, 0) - coalesce(b.assets, 0) AS assets
    FROM rollup_after a FULL JOIN rollup_before b
      ON b.org_id = a.org_id AND b.cve_id = a.cve_id AND b.exposure = a.exposure AND b.safety_impact = a.safety_impact
    WHERE (a.findings, a.assets) IS DISTINCT FROM (b.findings, b.assets)`.execute(trx);
  await sql`
    INSERT INTO exposure_rollup AS r (org_id, cve_id, exposure, safety_impact, findings, assets)
    SELECT c.ancestor_id, d.cve_id, d.exposure, d.safety_impact, sum(d.findings)::int, sum(d.assets)::int
    FROM rollup_delta d JOIN org_closure c ON c.descendant_id = d.org_id
    GROUP BY c.ancestor_id, d.cve_id, d.exposure, d.safety_impact
    ON CONFLICT (org_id, cve_id, exposure, safety_impact) DO UPDATE SET
      findings = r.findings + excluded.findings, assets = r.assets + excluded.assets`.execute(trx);
  // Only the rows just changed can have fallen to zero (the keys of the difference at each
  // ancestor), not every row of the CVEs involved: a trust's re-import touches thousands of CVEs.
  await sql`
    DELETE FROM exposure_rollup r
    USING (SELECT DISTINCT c.ancestor_id, d.cve_id, d.exposure, d.safety_impact
      FROM rollup_delta d JOIN org_closure c ON c.descendant_id = d.org_id) k
    WHERE r.org_id = k.ancestor_id AND r.cve_id = k.cve_id AND r.exposure = k.exposure
      AND r.safety_impact = k.safety_impact AND r.findings <= 0`.execute(trx);
  await sql`DROP TABLE rollup_delta`.execute(trx);
  await sql`DROP TABLE rollup_after`.execute(trx);
  await sql`DROP TABLE rollup_before`.execute(trx);
}
