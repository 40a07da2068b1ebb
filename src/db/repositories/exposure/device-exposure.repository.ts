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
import { type Kysely, type RawBuilder, type Selectable, sql, type Transaction } from 'kysely';
import type { DB, DeviceRollupTable } from '../../schema.js';
import { OPEN_CONFIRMED_FINDING } from './finding.sql.js';
import { hitsSql } from './hits.sql.js';
import type { RefreshSelection } from './selection.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** Medical devices are counted per manufacturer; other devices under the empty name. */
const MEDICAL = sql<boolean>`(a.asset_type = 'medical_device')`;
const MANUFACTURER = sql<string>`(CASE WHEN a.asset_type = 'medical_device'
  THEN coalesce(nullif(a.manufacturer, ''), 'Unknown') ELSE '' END)`;

/** The CVEs in the KEV catalogue, as an array to test a device's CVEs against. */
const KEV_CVES = sql`(SELECT coalesce(array_agg(cve_id), '{}') FROM kev_entries)`;

/**
 * Each live device's CVEs with an open finding that applies to it, for the hits in the selection:
 * open and confirmed findings (`OPEN_CONFIRMED_FINDING`), confirmed on the device itself.
 */
export function deviceHitsSql(selection: RefreshSelection): RawBuilder<unknown> {
  return sql`
    SELECT h.org_id, h.asset_id, array_agg(DISTINCT h.cve_id ORDER BY h.cve_id) AS cves
    FROM (${hitsSql(selection)}) h
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
async function refreshOrgs(trx: Executor, orgIds: readonly string[]): Promise<void> {
  const ids = sql.val([...orgIds]);
  await sql`DELETE FROM exposed_devices WHERE org_id = ANY(${ids}::uuid[])`.execute(trx);
  await sql`INSERT INTO exposed_devices (org_id, asset_id, cves) ${deviceHitsSql({ kind: 'orgs', orgIds })}`.execute(
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
async function refreshCves(trx: Executor, cveIds: readonly string[]): Promise<void> {
  const cves = sql.val([...cveIds]);
  await sql`CREATE TEMP TABLE device_hits ON COMMIT DROP AS ${deviceHitsSql({ kind: 'cves', cveIds })}`.execute(
    trx,
  );
  await sql`
    CREATE TEMP TABLE device_touched ON COMMIT DROP AS
    SELECT org_id, asset_id FROM exposed_devices WHERE cves && ${cves}::text[]
    UNION SELECT org_id, asset_id FROM device_hits`.execute(trx);
  const touched = sql`(a.org_id, a.id) IN (SELECT org_id, asset_id FROM device_touched)`;
  await sql`CREATE TEMP TABLE device_before ON COMMIT DROP AS ${ownCountsSql(touched)}`.execute(trx);
  await sql`
    UPDATE exposed_devices SET cves = ARRAY(SELECT unnest(cves) EXCEPT SELECT unnest(${cves}::text[]) ORDER BY 1)
    WHERE cves && ${cves}::text[]`.execute(trx);
  await sql`
    INSERT INTO exposed_devices AS d (org_id, asset_id, cves)
    SELECT org_id, asset_id, cves FROM device_hits
    ON CONFLICT (org_id, asset_id) DO UPDATE SET
      cves = ARRAY(SELECT unnest(d.cves) UNION SELECT unnest(excluded.cves) ORDER BY 1)`.execute(trx);
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
  if (selection.kind === 'orgs') return refreshOrgs(trx, selection.orgIds);
  if (selection.kind === 'cves') return refreshCves(trx, selection.cveIds);
  await sql`DELETE FROM exposed_devices`.execute(trx);
  await withoutNestedLoops(
    trx,
    sql`INSERT INTO exposed_devices (org_id, asset_id, cves) ${deviceHitsSql(selection)}`,
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

/**
 * A subtree's devices of one class (the roll-up's columns, keyed by the subtree's root): live
 * devices, those with an open finding that applies to them and is not excepted for them, and those
 * among them with such a finding for a known-exploited CVE.
 */
export type DeviceCountRow = Omit<Selectable<DeviceRollupTable>, 'org_id'> & { group_id: string };

/**
 * Devices in the subtree of each organisation given (the caller checks they are in scope), per
 * medical or not and manufacturer: the roll-up, less the devices an active exception leaves with no
 * CVE (or no KEV CVE) — read from the exceptions (a handful), the devices of their organisations
 * only. A device's CVE is excepted by an exception for its organisation or for the device itself.
 */
export async function deviceCounts(
  db: Executor,
  groupIds: readonly string[],
  medicalOnly = false,
): Promise<DeviceCountRow[]> {
  if (groupIds.length === 0) return [];
  const ids = sql.val([...groupIds]);
  const medical = medicalOnly ? sql`AND r.medical` : sql``;
  const rows = await sql<DeviceCountRow>`
    WITH x AS (SELECT org_id, asset_id, cve_id FROM exceptions WHERE expires_at > now()),
    touched AS (
      SELECT d.org_id, d.asset_id, d.cves, ARRAY(SELECT unnest(d.cves) EXCEPT SELECT x.cve_id FROM x
        WHERE x.org_id = d.org_id AND (x.asset_id IS NULL OR x.asset_id = d.asset_id)) AS left_cves
      FROM exposed_devices d WHERE d.org_id IN (SELECT org_id FROM x)
    ), less AS (
      SELECT c.ancestor_id AS group_id, ${MEDICAL} AS medical, ${MANUFACTURER} AS manufacturer,
        -count(*) FILTER (WHERE cardinality(t.left_cves) = 0) AS exposed,
        -count(*) FILTER (WHERE t.cves && ${KEV_CVES} AND NOT t.left_cves && ${KEV_CVES}) AS kev
      FROM touched t JOIN assets a ON a.org_id = t.org_id AND a.id = t.asset_id
      JOIN org_closure c ON c.descendant_id = t.org_id AND c.ancestor_id = ANY(${ids}::uuid[])
      WHERE cardinality(t.left_cves) < cardinality(t.cves)
      GROUP BY 1, 2, 3
    )
    SELECT group_id, medical, manufacturer, sum(devices)::int AS devices, sum(exposed)::int AS exposed,
      sum(kev)::int AS kev
    FROM (
      SELECT r.org_id AS group_id, r.medical, r.manufacturer, r.devices, r.exposed, r.kev
      FROM device_rollup r WHERE r.org_id = ANY(${ids}::uuid[]) ${medical}
      UNION ALL
      SELECT group_id, medical, manufacturer, 0, exposed, kev FROM less r WHERE true ${medical}
    ) y
    GROUP BY 1, 2, 3`.execute(db);
  return rows.rows;
}
