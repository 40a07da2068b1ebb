/**
 * Device exposure is kept where it is decided (exposed cells per organisation, component and
 * platform; own lists for rules decided device by device) and only counted per device. Whatever
 * changes — a load, a CVE rejected and restored, a KEV entry added, an inventory re-imported — each
 * exposed device's CVEs read back from cells and own lists must be exactly the device-by-device
 * hits of open, confirmed findings (`hitsSql`, which finding-paths.test.ts holds to evaluating every
 * asset), its KEV flag and count must follow, and a full recompute must leave every table as it is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { exposedDeviceCvesSql } from '../../src/db/repositories/exposure/exposed-cells.sql.js';
import { hitsEngine, hitsSql } from '../../src/db/repositories/exposure/hits.sql.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { loadFederation } from '../../src/services/federation/federation-load.service.js';
import { loadKev, loadNvd } from '../../src/services/intel/intel-load.service.js';
import { INTEL_SNAPSHOT_DIR, loadShippedIntel, snapshotNvdRecord } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { loadPluginRecord, PLUGIN_CPES, PLUGIN_CVE } from '../factories/nvd-records.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const LOG4J = 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*';

type Device = { org_id: string; asset_id: number; cves: string[]; kev: boolean };

/** The reference: each live device's CVEs from its confirmed hits of open, confirmed findings. */
async function devicesFromHits(database: Database): Promise<Device[]> {
  const rows = await sql<Device>`
    SELECT h.org_id, h.asset_id::int AS asset_id, array_agg(DISTINCT h.cve_id ORDER BY h.cve_id) AS cves,
      bool_or(k.cve_id IS NOT NULL) AS kev
    FROM (${hitsSql({ kind: 'all' }, sql``, await hitsEngine(database.db))}) h
    JOIN findings f ON f.org_id = h.org_id AND f.component_id = h.component_id AND f.cve_id = h.cve_id
    JOIN assets a ON a.org_id = h.org_id AND a.id = h.asset_id AND a.retired_at IS NULL
    LEFT JOIN kev_entries k ON k.cve_id = h.cve_id
    WHERE f.status IN ('open', 'reopened') AND f.certainty = 'confirmed' AND NOT h.possible
    GROUP BY h.org_id, h.asset_id ORDER BY 1, 2`.execute(database.db);
  return rows.rows;
}

/** What Ward keeps: each exposed device's CVEs read back from its cells and own list, and its KEV flag. */
async function keptDevices(database: Database): Promise<Device[]> {
  const rows = await sql<Device>`
    SELECT u.org_id, u.asset_id::int AS asset_id, array_agg(DISTINCT u.cve_id ORDER BY u.cve_id) AS cves,
      bool_or(d.kev_cells > 0 OR k.cve_id IS NOT NULL) AS kev
    FROM (${exposedDeviceCvesSql(sql`true`)}) u
    JOIN exposed_devices d ON d.org_id = u.org_id AND d.asset_id = u.asset_id
    LEFT JOIN kev_entries k ON k.cve_id = u.cve_id
    GROUP BY u.org_id, u.asset_id ORDER BY 1, 2`.execute(database.db);
  return rows.rows;
}

/** Every exposed device has a row, and no row is left without a cell or a CVE of its own. */
async function expectKeptAsHits(database: Database, step: string): Promise<Device[]> {
  const expected = await devicesFromHits(database);
  expect(await keptDevices(database), step).toEqual(expected);
  const rows = await sql<{ n: number; empty: number; kev_mismatch: number }>`
    SELECT count(*)::int AS n, count(*) FILTER (WHERE cells = 0 AND cardinality(cves) = 0)::int AS empty,
      count(*) FILTER (WHERE kev_cells > cells OR kev_cells < 0)::int AS kev_mismatch
    FROM exposed_devices`.execute(database.db);
  expect(rows.rows[0], step).toEqual({ n: expected.length, empty: 0, kev_mismatch: 0 });
  return expected;
}

async function tables(database: Database) {
  return {
    cells: (await sql`SELECT * FROM exposed_cells ORDER BY 1, 2, 3`.execute(database.db)).rows,
    devices: (await sql`SELECT * FROM exposed_devices ORDER BY 1, 2`.execute(database.db)).rows,
    rollup: (await sql`SELECT * FROM device_rollup ORDER BY 1, 2, 3`.execute(database.db)).rows,
  };
}

/** One entry of the shipped KEV catalogue, given another CVE's id. */
function kevEntryFor(cve: string): Buffer {
  const all = JSON.parse(
    gunzipSync(
      readFileSync(join(INTEL_SNAPSHOT_DIR, 'kev', 'known_exploited_vulnerabilities.json.gz')),
    ).toString(),
  ) as { vulnerabilities: Record<string, unknown>[] } & Record<string, unknown>;
  const entry = { ...all.vulnerabilities[0], cveID: cve, dateAdded: '2026-12-01' };
  return Buffer.from(JSON.stringify({ ...all, count: 1, vulnerabilities: [entry] }));
}

describeEachEngine('exposed cells', (db) => {
  it('read back as the device-by-device hits through loads, CVE changes, KEV and re-imports', async () => {
    const database = db();
    await loadShippedIntel(database);
    await loadPluginRecord(database);
    await loadFederation(database, { orgs: 30, devices: 1_500, seed: 11, componentsPerDevice: 40 });
    const loaded = await expectKeptAsHits(database, 'after the load');
    expect(loaded.length).toBeGreaterThan(100);
    const kinds = await sql<{ platform: number; bare: number }>`
      SELECT count(*) FILTER (WHERE cardinality(platform) > 0)::int AS platform,
        count(*) FILTER (WHERE cardinality(platform) = 0)::int AS bare FROM exposed_cells`.execute(
      database.db,
    );
    expect(kinds.rows[0]?.platform).toBeGreaterThan(0);

    // The CVE that alone exposes the most devices rejected (its cells empty, its devices no longer
    // exposed), then restored.
    const sole = new Map<string, number>();
    for (const d of loaded.filter((x) => x.cves.length === 1))
      sole.set(d.cves[0] as string, (sole.get(d.cves[0] as string) ?? 0) + 1);
    const [only] = [...sole].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
    if (!only) throw new Error('no device is exposed by one CVE alone');
    const { page, record } = snapshotNvdRecord(only);
    const load = (cve: object, name: string) =>
      loadNvd(database, Buffer.from(JSON.stringify({ ...page, vulnerabilities: [{ cve }] })), { name });
    await load(
      { ...record.cve, vulnStatus: 'Rejected', lastModified: '2030-01-01T00:00:00.000' },
      'rejected.json',
    );
    const rejected = await expectKeptAsHits(database, `${only} rejected`);
    expect(rejected.length).toBe(loaded.length - (sole.get(only) ?? 0));
    await load({ ...record.cve, lastModified: '2030-01-02T00:00:00.000' }, 'restored.json');
    expect(await expectKeptAsHits(database, `${only} restored`)).toEqual(loaded);

    // A CVE that exposes devices with no known-exploited CVE enters KEV.
    const counts = new Map<string, number>();
    for (const d of loaded.filter((x) => !x.kev))
      for (const c of d.cves) counts.set(c, (counts.get(c) ?? 0) + 1);
    const [cve] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
    if (!cve) throw new Error('every exposed device already has a KEV CVE');
    const kevBefore = loaded.filter((d) => d.kev).length;
    await loadKev(database, kevEntryFor(cve), { name: 'kev.json' });
    const withKev = await expectKeptAsHits(database, 'a KEV entry added');
    expect(withKev.filter((d) => d.kev).length).toBe(kevBefore + (counts.get(cve) ?? 0));

    // One organisation's inventory replaced by a file: Windows 7 PCs with SMBv1 and Log4j, and a
    // web server whose plugin is exposed only because WordPress is installed (an own list).
    const org = await sql<{ code: string }>`
      SELECT o.code FROM organisations o WHERE o.id IN (SELECT org_id FROM exposed_devices) ORDER BY o.code LIMIT 1`.execute(
      database.db,
    );
    const code = org.rows[0]?.code as string;
    await importCsv(
      database,
      code,
      inventoryCsv([
        { id: 'PC-1', components: [WIN7_SP1, SMB1] },
        { id: 'PC-2', components: [WIN7_SP1, SMB1, LOG4J] },
        { id: 'WEB-1', components: [PLUGIN_CPES.gallery, PLUGIN_CPES.wordpress] },
        { id: 'WEB-2', components: [PLUGIN_CPES.gallery] },
      ]),
    );
    const reimported = await expectKeptAsHits(database, 'an inventory re-imported');
    expect(reimported).not.toEqual(withKev);
    const own = await sql<{
      cves: string[];
    }>`SELECT cves FROM exposed_devices WHERE cardinality(cves) > 0`.execute(database.db);
    expect(own.rows).toEqual([{ cves: [PLUGIN_CVE.id] }]);

    const kept = await tables(database);
    await recomputeExposure(database, SYSTEM_ACTOR);
    expect(await tables(database)).toEqual(kept);
  }, 120_000);
});
