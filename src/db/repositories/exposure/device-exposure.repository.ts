/**
 * Distinct devices with an open finding (see migrations 0013 and 0037). `exposed_devices` holds a
 * row for every live device with at least one open, confirmed finding that truly applies to it
 * (matched on the device for certain, platform conditions included): how many exposed cells it lies
 * in and how many of those hold a KEV CVE (exposed-cells.sql.ts), and its own list of CVEs from
 * rules decided device by device. `device_rollup` counts devices per subtree, medical or not and
 * manufacturer: all live devices, those exposed, and those exposed to a known-exploited CVE. A
 * refresh of findings for some organisations recounts their cells and devices; one for some CVEs
 * touches only the devices of cells that started or stopped exposing and those whose own list
 * changes; both add the difference to every ancestor. A full refresh or a change to the tree
 * rebuilds the roll-up, as does a KEV change that reaches a device. Exceptions are not stored:
 * readers subtract the devices whose every CVE is excepted (a handful).
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';
import {
  type DeviceCountRow,
  deviceCountsSql,
  deviceRollupSql,
  KEV_CVES,
  MANUFACTURER,
  MEDICAL,
} from './device-counts.sql.js';
import { exceptionsActive } from './exception.repository.js';
import { cellDevicesSql, deviceOwnCvesSql } from './exposed-cells.sql.js';
import { type HitsEngine, hitsEngine } from './hits.sql.js';
import type { RefreshSelection } from './selection.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** Devices with an own list: the rows the partial index of own lists holds (migration 0037). */
const OWN_LIST = sql`cardinality(cves) > 0`;

/**
 * Runs statements over every device with hash joins only: within the transaction that loaded the
 * federation the tables have no statistics yet, and a nested loop on a misestimate takes minutes
 * (as in the finding stage's asset-by-asset step); nor has the installed rows' table been vacuumed,
 * so a merge join along one of its indexes fetches every row from the table as well (28 s for
 * 200,000 devices where a hash join takes 7 s). Scoped refreshes keep the planner's choice: hash
 * joins there would read every organisation's components.
 */
async function withHashJoinsOnly(trx: Executor, work: () => Promise<unknown>): Promise<void> {
  await sql`SET LOCAL enable_nestloop = off`.execute(trx);
  await sql`SET LOCAL enable_mergejoin = off`.execute(trx);
  await work();
  await sql`SET LOCAL enable_mergejoin = on`.execute(trx);
  await sql`SET LOCAL enable_nestloop = on`.execute(trx);
}

/** Counts of the live devices selected by `where` (on `assets a`), per organisation and class. */
function ownCountsSql(where: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    SELECT a.org_id, ${MEDICAL} AS medical, ${MANUFACTURER} AS manufacturer, count(*)::int AS devices,
      count(d.asset_id)::int AS exposed,
      count(*) FILTER (WHERE d.kev_cells > 0 OR d.cves && ${KEV_CVES})::int AS kev
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

/**
 * The devices' rows for the cells of the organisations (all when null), after `rebuildCells` and
 * once their own lists are in: each device's count of cells, and of those holding a KEV CVE.
 */
async function countCells(
  trx: Executor,
  orgIds: readonly string[] | null,
  cellsFirst = false,
): Promise<void> {
  const only = orgIds ? sql`AND org_id = ANY(${sql.val([...orgIds])}::uuid[])` : sql``;
  const cells = sql`SELECT org_id, component_id, platform, 1 AS dc, kev::int AS dk FROM exposed_cells WHERE true ${only}`;
  await sql`
    INSERT INTO exposed_devices (org_id, asset_id, cves, cells, kev_cells)
    SELECT org_id, asset_id, '{}', cells, kev_cells FROM (${cellDevicesSql(cells, cellsFirst)}) n
    ON CONFLICT (org_id, asset_id) DO UPDATE SET cells = excluded.cells, kev_cells = excluded.kev_cells`.execute(
    trx,
  );
}

/** Adds each device's change in `cell_delta` (see exposed-cells.repository.ts) to its counts. */
async function addCellDelta(trx: Executor): Promise<void> {
  await sql`
    INSERT INTO exposed_devices AS d (org_id, asset_id, cves, cells, kev_cells)
    SELECT org_id, asset_id, '{}', cells, kev_cells FROM device_cell_delta
    ON CONFLICT (org_id, asset_id) DO UPDATE SET
      cells = d.cells + excluded.cells, kev_cells = d.kev_cells + excluded.kev_cells`.execute(trx);
}

/** The organisations' devices after their inventory or findings changed: recounted whole. */
async function refreshOrgs(trx: Executor, orgIds: readonly string[], engine: HitsEngine): Promise<void> {
  const ids = sql.val([...orgIds]);
  await sql`DELETE FROM exposed_devices WHERE org_id = ANY(${ids}::uuid[])`.execute(trx);
  await sql`INSERT INTO exposed_devices (org_id, asset_id, cves) ${deviceOwnCvesSql({ kind: 'orgs', orgIds }, engine)}`.execute(
    trx,
  );
  await countCells(trx, orgIds);
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

/**
 * The devices some CVEs touch: those in a cell that started or stopped exposing (or holding a KEV
 * CVE: `cell_delta`), and those whose own list has one of the CVEs, before or after.
 */
async function refreshCves(trx: Executor, cveIds: readonly string[], engine: HitsEngine): Promise<void> {
  const cves = sql`${sql.val([...cveIds])}::text[]`;
  await sql`CREATE TEMP TABLE device_cell_delta ON COMMIT DROP AS ${cellDevicesSql(sql`SELECT * FROM cell_delta`)}`.execute(
    trx,
  );
  await sql`CREATE TEMP TABLE device_hits ON COMMIT DROP AS ${deviceOwnCvesSql({ kind: 'cves', cveIds }, engine)}`.execute(
    trx,
  );
  await sql`
    CREATE TEMP TABLE device_touched ON COMMIT DROP AS
    SELECT org_id, asset_id FROM exposed_devices WHERE ${OWN_LIST} AND cves && ${cves}
    UNION SELECT org_id, asset_id FROM device_hits
    UNION SELECT org_id, asset_id FROM device_cell_delta`.execute(trx);
  const touched = sql`(a.org_id, a.id) IN (SELECT org_id, asset_id FROM device_touched)`;
  await sql`CREATE TEMP TABLE device_before ON COMMIT DROP AS ${ownCountsSql(touched)}`.execute(trx);
  // The own lists are rebuilt by grouped joins on (org_id, asset_id), not by a subquery per row:
  // Citus runs those on the shards, and cannot push an ARRAY(… EXCEPT …) subquery down.
  await sql`
    UPDATE exposed_devices d SET cves = n.cves
    FROM (
      SELECT e.org_id, e.asset_id,
        coalesce(array_agg(u.cve_id ORDER BY u.cve_id) FILTER (WHERE s.cve_id IS NULL), '{}') AS cves
      FROM exposed_devices e CROSS JOIN LATERAL unnest(e.cves) AS u(cve_id)
      LEFT JOIN unnest(${cves}) AS s(cve_id) ON s.cve_id = u.cve_id
      WHERE cardinality(e.cves) > 0 AND e.cves && ${cves}
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
  await addCellDelta(trx);
  // Read through the partial index of such rows (migration 0037): they exist only until here.
  await sql`DELETE FROM exposed_devices WHERE cells = 0 AND cardinality(cves) = 0`.execute(trx);
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
  for (const table of ['device_before', 'device_touched', 'device_hits', 'device_cell_delta', 'cell_delta'])
    await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
}

/**
 * After the findings and then the exposed cells of the selection were refreshed (`refreshCells`,
 * whose `cell_delta` a CVE refresh reads): brings the exposed devices and their roll-up up to date.
 */
export async function refreshDevices(trx: Executor, selection: RefreshSelection): Promise<void> {
  const engine = await hitsEngine(trx);
  if (selection.kind === 'orgs') return refreshOrgs(trx, selection.orgIds, engine);
  if (selection.kind === 'cves') return refreshCves(trx, selection.cveIds, engine);
  await sql`DELETE FROM exposed_devices`.execute(trx);
  await withHashJoinsOnly(trx, async () => {
    await sql`INSERT INTO exposed_devices (org_id, asset_id, cves) ${deviceOwnCvesSql(selection, engine)}`.execute(
      trx,
    );
    await countCells(trx, null, engine === 'single');
  });
  await rebuildDeviceRollup(trx);
}

/**
 * After KEV entries were added or changed and the cells' flags followed (`refreshCellKev`, whose
 * `cell_delta` this reads): updates the devices' KEV counts and rebuilds the roll-up when a device
 * has one of the CVEs.
 */
export async function refreshDeviceKev(trx: Executor, cveIds: readonly string[]): Promise<void> {
  if (cveIds.length === 0) return;
  await sql`CREATE TEMP TABLE device_cell_delta ON COMMIT DROP AS ${cellDevicesSql(sql`SELECT * FROM cell_delta`)}`.execute(
    trx,
  );
  await addCellDelta(trx);
  const hit = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM cell_delta) OR EXISTS (
      SELECT 1 FROM exposed_devices WHERE ${OWN_LIST} AND cves && ${sql.val([...cveIds])}::text[]) AS found`.execute(
    trx,
  );
  await sql`DROP TABLE device_cell_delta`.execute(trx);
  await sql`DROP TABLE cell_delta`.execute(trx);
  if (hit.rows[0]?.found) await rebuildDeviceRollup(trx);
}

/** Devices per subtree and class, exceptions applied (see `deviceCountsSql`). */
export async function deviceCounts(
  db: Executor,
  groupIds: readonly string[],
  medicalOnly = false,
  subtree: readonly string[] | null = null,
  /** Whether an exception is active in the subtree (`exceptionsActive`), when the caller knows. */
  exceptionsKnown?: boolean,
): Promise<DeviceCountRow[]> {
  if (groupIds.length === 0) return [];
  // Without an active exception the roll-up is the answer, without the statement that expands the
  // excepted organisations' devices (a parallel plan even when empty).
  const counted =
    (exceptionsKnown ?? (await exceptionsActive(db, subtree)))
      ? deviceCountsSql(groupIds, medicalOnly, subtree)
      : deviceRollupSql(groupIds, medicalOnly);
  return (await counted.execute(db)).rows;
}
