/**
 * Distinct devices with an open finding (see migration 0013). `exposed_devices` holds, for every
 * live device with at least one open, confirmed finding that truly applies to it (matched on the
 * device for certain, platform conditions included), the CVEs of those findings; `device_rollup` counts devices per
 * subtree, medical or not and manufacturer: all live devices, those exposed, and those exposed to a
 * known-exploited CVE. A refresh of findings for some organisations recounts their devices; one
 * for some CVEs updates only the devices those CVEs touch; both add the difference to every
 * ancestor. A full refresh, a change to the tree or to the KEV catalogue rebuilds the roll-up.
 * Exceptions are not stored: readers subtract the devices whose every CVE is excepted (a handful).
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';
import {
  type DeviceCountRow,
  deviceCountsSql,
  KEV_CVES,
  MANUFACTURER,
  MEDICAL,
} from './device-counts.sql.js';
import { OPEN_CONFIRMED_FINDING } from './finding.sql.js';
import { type HitsEngine, hitsEngine, hitsSql } from './hits.sql.js';
import type { RefreshSelection } from './selection.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Each live device's CVEs with an open finding that applies to it, for the hits in the selection:
 * open and confirmed findings (`OPEN_CONFIRMED_FINDING`), confirmed on the device itself.
 */
export function deviceHitsSql(selection: RefreshSelection, engine: HitsEngine): RawBuilder<unknown> {
  return sql`
    SELECT h.org_id, h.asset_id, array_agg(DISTINCT h.cve_id ORDER BY h.cve_id) AS cves
    FROM (${hitsSql(selection, sql``, engine)}) h
    JOIN findings f ON f.org_id = h.org_id AND f.component_id = h.component_id AND f.cve_id = h.cve_id
    JOIN assets a ON a.org_id = h.org_id AND a.id = h.asset_id AND a.retired_at IS NULL
    WHERE ${OPEN_CONFIRMED_FINDING} AND NOT h.possible
    GROUP BY h.org_id, h.asset_id`;
}

/**
 * Runs a statement over every device hit with hash joins only: within the transaction that loaded
 * the federation the tables have no statistics yet, and a nested loop on a misestimate takes
 * minutes (as in the finding stage's asset-by-asset step). Scoped refreshes keep the planner's
 * choice: hash joins there would read every organisation's components.
 */
async function withoutNestedLoops(trx: Executor, statement: RawBuilder<unknown>): Promise<void> {
  await sql`SET LOCAL enable_nestloop = off`.execute(trx);
  await statement.execute(trx);
  await sql`SET LOCAL enable_nestloop = on`.execute(trx);
}

/** Counts of the live devices selected by `where` (on `assets a`), per organisation and class. */
function ownCountsSql(where: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    SELECT a.org_id, ${MEDICAL} AS medical, ${MANUFACTURER} AS manufacturer, count(*)::int AS devices,
      count(d.asset_id)::int AS exposed, count(*) FILTER (WHERE d.cves && ${KEV_CVES})::int AS kev
    FROM assets a LEFT JOIN exposed_devices d ON d.org_id = a.org_id AND d.asset_id = a.id
    WHERE a.retired_at IS NULL AND ${where}
    GROUP BY 1, 2, 3`;
}

/** Rebuilds the roll-up from the assets, `exposed_devices` and the tree. */
export async function rebuildDeviceRollup(trx: Executor): Promise<void> {
  await sql`DELETE FROM device_rollup`.execute(trx);
  await sql`
    INSERT INTO device_rollup (org_id, medical, manufacturer, devices, exposed, kev)
    SELECT c.ancestor_id, o.medical, o.manufacturer, sum(o.devices)::int, sum(o.exposed)::int, sum(o.kev)::int
    FROM (${ownCountsSql(sql`true`)}) o JOIN org_closure c ON c.descendant_id = o.org_id
    GROUP BY 1, 2, 3`.execute(trx);
}

/** Adds `device_delta` (org_id, medical, manufacturer, devices, exposed, kev) to every ancestor, then drops it. */
async function applyDelta(trx: Executor): Promise<void> {
  await sql`
    INSERT INTO device_rollup AS r (org_id, medical, manufacturer, devices, exposed, kev)
    SELECT c.ancestor_id, d.medical, d.manufacturer, sum(d.devices)::int, sum(d.exposed)::int, sum(d.kev)::int
    FROM device_delta d JOIN org_closure c ON c.descendant_id = d.org_id
    GROUP BY 1, 2, 3
    ON CONFLICT (org_id, medical, manufacturer) DO UPDATE SET
      devices = r.devices + excluded.devices, exposed = r.exposed + excluded.exposed, kev = r.kev + excluded.kev`.execute(
    trx,
  );
  await sql`DELETE FROM device_rollup WHERE devices = 0 AND exposed = 0 AND kev = 0`.execute(trx);
  await sql`DROP TABLE device_delta`.execute(trx);
}

/** The organisations' own counts as the roll-up holds them now: their subtree less their children's. */
function rolledOwnSql(orgIds: readonly string[]): RawBuilder<unknown> {
  const ids = sql.val([...orgIds]);
  return sql`
    SELECT x.org_id, x.medical, x.manufacturer, sum(x.sign * x.devices)::int AS devices,
      sum(x.sign * x.exposed)::int AS exposed, sum(x.sign * x.kev)::int AS kev
    FROM (
      SELECT r.org_id, 1 AS sign, r.medical, r.manufacturer, r.devices, r.exposed, r.kev
      FROM device_rollup r WHERE r.org_id = ANY(${ids}::uuid[])
      UNION ALL
      SELECT o.parent_id, -1, r.medical, r.manufacturer, r.devices, r.exposed, r.kev
      FROM organisations o JOIN device_rollup r ON r.org_id = o.id WHERE o.parent_id = ANY(${ids}::uuid[])
    ) x
    GROUP BY 1, 2, 3`;
}

/** The organisations' devices after their inventory or findings changed: recounted whole. */
async function refreshOrgs(trx: Executor, orgIds: readonly string[], engine: HitsEngine): Promise<void> {
  const ids = sql.val([...orgIds]);
  await sql`DELETE FROM exposed_devices WHERE org_id = ANY(${ids}::uuid[])`.execute(trx);
  await sql`INSERT INTO exposed_devices (org_id, asset_id, cves) ${deviceHitsSql({ kind: 'orgs', orgIds }, engine)}`.execute(
    trx,
  );
  await sql`
    CREATE TEMP TABLE device_delta ON COMMIT DROP AS
    SELECT org_id, medical, manufacturer, sum(devices)::int AS devices, sum(exposed)::int AS exposed, sum(kev)::int AS kev
    FROM (
      SELECT * FROM (${ownCountsSql(sql`a.org_id = ANY(${ids}::uuid[])`)}) n
      UNION ALL
      SELECT org_id, medical, manufacturer, -devices, -exposed, -kev FROM (${rolledOwnSql(orgIds)}) b
    ) x
    GROUP BY 1, 2, 3`.execute(trx);
  await applyDelta(trx);
}

/** The devices some CVEs touch (before or after), their CVE lists updated in place. */
async function refreshCves(trx: Executor, cveIds: readonly string[], engine: HitsEngine): Promise<void> {
  const cves = sql.val([...cveIds]);
  await sql`CREATE TEMP TABLE device_hits ON COMMIT DROP AS ${deviceHitsSql({ kind: 'cves', cveIds }, engine)}`.execute(
    trx,
  );
  await sql`
    CREATE TEMP TABLE device_touched ON COMMIT DROP AS
    SELECT org_id, asset_id FROM exposed_devices WHERE cves && ${cves}::text[]
    UNION SELECT org_id, asset_id FROM device_hits`.execute(trx);
  const touched = sql`(a.org_id, a.id) IN (SELECT org_id, asset_id FROM device_touched)`;
  await sql`CREATE TEMP TABLE device_before ON COMMIT DROP AS ${ownCountsSql(touched)}`.execute(trx);
  // The lists are rebuilt by grouped joins on (org_id, asset_id), not by a subquery per row:
  // Citus runs those on the shards, and cannot push an ARRAY(… EXCEPT …) subquery down.
  await sql`
    UPDATE exposed_devices d SET cves = n.cves
    FROM (
      SELECT e.org_id, e.asset_id,
        coalesce(array_agg(u.cve_id ORDER BY u.cve_id) FILTER (WHERE u.cve_id <> ALL(${cves}::text[])), '{}') AS cves
      FROM exposed_devices e CROSS JOIN LATERAL unnest(e.cves) AS u(cve_id)
      WHERE e.cves && ${cves}::text[]
      GROUP BY e.org_id, e.asset_id
    ) n
    WHERE d.org_id = n.org_id AND d.asset_id = n.asset_id`.execute(trx);
  await sql`
    INSERT INTO exposed_devices (org_id, asset_id, cves)
    SELECT m.org_id, m.asset_id, array_agg(DISTINCT m.cve_id ORDER BY m.cve_id)
    FROM (
      SELECT h.org_id, h.asset_id, unnest(h.cves) AS cve_id FROM device_hits h
      UNION ALL
      SELECT e.org_id, e.asset_id, unnest(e.cves) FROM exposed_devices e
      WHERE (e.org_id, e.asset_id) IN (SELECT org_id, asset_id FROM device_hits)
    ) m
    GROUP BY m.org_id, m.asset_id
    ON CONFLICT (org_id, asset_id) DO UPDATE SET cves = excluded.cves`.execute(trx);
  await sql`DELETE FROM exposed_devices WHERE cardinality(cves) = 0`.execute(trx);
  await sql`
    CREATE TEMP TABLE device_delta ON COMMIT DROP AS
    SELECT org_id, medical, manufacturer, sum(devices)::int AS devices, sum(exposed)::int AS exposed, sum(kev)::int AS kev
    FROM (
      SELECT * FROM (${ownCountsSql(touched)}) n
      UNION ALL
      SELECT org_id, medical, manufacturer, -devices, -exposed, -kev FROM device_before
    ) x
    GROUP BY 1, 2, 3`.execute(trx);
  await applyDelta(trx);
  await sql`DROP TABLE device_before`.execute(trx);
  await sql`DROP TABLE device_touched`.execute(trx);
  await sql`DROP TABLE device_hits`.execute(trx);
}

/** After the findings of the selection were refreshed: brings the exposed devices and their roll-up up to date. */
export async function refreshDevices(trx: Executor, selection: RefreshSelection): Promise<void> {
  const engine = await hitsEngine(trx);
  if (selection.kind === 'orgs') return refreshOrgs(trx, selection.orgIds, engine);
  if (selection.kind === 'cves') return refreshCves(trx, selection.cveIds, engine);
  await sql`DELETE FROM exposed_devices`.execute(trx);
  await withoutNestedLoops(
    trx,
    sql`INSERT INTO exposed_devices (org_id, asset_id, cves) ${deviceHitsSql(selection, engine)}`,
  );
  await rebuildDeviceRollup(trx);
}

/** After KEV entries were added or changed: rebuilds the roll-up when a device has one of their CVEs. */
export async function refreshDeviceKev(trx: Executor, cveIds: readonly string[]): Promise<void> {
  if (cveIds.length === 0) return;
  const hit = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM exposed_devices WHERE cves && ${sql.val([...cveIds])}::text[]) AS found`.execute(
    trx,
  );
  if (hit.rows[0]?.found) await rebuildDeviceRollup(trx);
}

/** Devices per subtree and class, exceptions applied (see `deviceCountsSql`). */
export async function deviceCounts(
  db: Executor,
  groupIds: readonly string[],
  medicalOnly = false,
  subtree: readonly string[] | null = null,
): Promise<DeviceCountRow[]> {
  if (groupIds.length === 0) return [];
  const rows = await deviceCountsSql(groupIds, medicalOnly, subtree).execute(db);
  return rows.rows;
}
