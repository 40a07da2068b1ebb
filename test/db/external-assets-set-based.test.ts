/**
 * The external-asset sync is set-based: every changed organisation of a report is synced together
 * (one staging table per step, one exposure refresh). These tests hold it to the per-organisation
 * path — the same sync run one organisation at a time, each with its own refresh, as an inventory
 * import does — for a mixed report, and check that the locks its transaction holds do not grow
 * with the number of organisations (one organisation at a time exhausted PostgreSQL's lock table
 * on a national report).
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { syncExternalAssets, syncExternalAssetsIn } from '../../src/services/outside/external-assets.js';
import { closeObservations, observe, orgIds } from '../factories/external.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv } from '../factories/inventory.factory.js';
import { type OrgCsvLine, orgCsv, SMALL_FEDERATION } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

/** FortiOS 6.0.4: CVE-2018-13379 (in CISA KEV); 7.0.12 is past it. */
const FORTIGATE = { vendor: 'Fortinet', product: 'FortiGate', version: '6.0.4' } as const;
const FORTIOS_PATH_TRAVERSAL = 'CVE-2018-13379';
const OPENSSH = { product: 'OpenSSH', version: '7.4p1' } as const;

/** Practices enough to show whether a sync's locks grow with the organisations it syncs. */
const PRACTICES: OrgCsvLine[] = Array.from({ length: 40 }, (_, i) => [
  `P${1000 + i}`,
  `Practice ${i}`,
  'gp_practice',
  'QMJ',
]);

type Row = Record<string, unknown>;

/** A component as compared across databases: its identity, not its id. */
const COMPONENT = sql`c.key || ' ' || c.version || ' ' || c.update || ' ' || c.attrs || ' ' || c.assumed_by`;

/**
 * What a sync leaves, by natural keys (ids and the transaction's timestamps differ between runs):
 * every asset with its components, the findings, component presence, exposed devices and both roll-ups.
 */
async function outcome(trx: Kysely<DB>) {
  const read = async (query: RawBuilder<Row>) => (await query.execute(trx)).rows;
  return {
    assets: await read(sql<Row>`
      SELECT o.code, a.source, a.asset_key, a.hostname, a.asset_type, a.ip, a.network_zone, a.internet_facing,
        a.clinical_criticality, a.retired_at IS NOT NULL AS retired,
        (SELECT array_agg(${COMPONENT} ORDER BY ${COMPONENT})
         FROM asset_components ac JOIN components c ON c.id = ac.component_id
         WHERE ac.org_id = a.org_id AND ac.asset_id = a.id) AS components
      FROM assets a JOIN organisations o ON o.id = a.org_id
      ORDER BY o.code, a.source, a.asset_key`),
    findings: await read(sql<Row>`
      SELECT o.code, ${COMPONENT} AS component, f.cve_id, f.asset_count, f.exposure, f.safety_impact, f.status,
        f.certainty, f.fixed_at IS NOT NULL AS fixed
      FROM findings f JOIN organisations o ON o.id = f.org_id JOIN components c ON c.id = f.component_id
      ORDER BY 1, 2, 3`),
    presence: await read(sql<Row>`
      SELECT o.code, ${COMPONENT} AS component, cardinality(p.platform) AS platform, p.asset_count,
        p.exposure_rank, p.safety_impact
      FROM component_presence p JOIN organisations o ON o.id = p.org_id JOIN components c ON c.id = p.component_id
      ORDER BY 1, 2, 3`),
    exposedCells: await read(sql<Row>`
      SELECT o.code, ${COMPONENT} AS component, cardinality(x.platform) AS platform, x.cves, x.kev
      FROM exposed_cells x JOIN organisations o ON o.id = x.org_id JOIN components c ON c.id = x.component_id
      ORDER BY 1, 2, 3, 4`),
    exposedDevices: await read(sql<Row>`
      SELECT o.code, a.source, a.asset_key, d.cves, d.cells, d.kev_cells
      FROM exposed_devices d JOIN organisations o ON o.id = d.org_id
      JOIN assets a ON a.org_id = d.org_id AND a.id = d.asset_id
      ORDER BY 1, 2, 3`),
    exposureRollup: await read(sql<Row>`
      SELECT o.code, r.cve_id, r.exposure, r.safety_impact, r.findings, r.assets
      FROM exposure_rollup r JOIN organisations o ON o.id = r.org_id ORDER BY 1, 2, 3, 4`),
    deviceRollup: await read(sql<Row>`
      SELECT o.code, r.medical, r.manufacturer, r.devices, r.exposed, r.kev
      FROM device_rollup r JOIN organisations o ON o.id = r.org_id ORDER BY 1, 2, 3`),
  };
}

class Rollback extends Error {}

/** Runs `body` in a transaction, reads the outcome, and rolls it all back so the next run starts alike. */
async function rolledBack<T>(
  database: { db: Kysely<DB> },
  body: (trx: Kysely<DB>) => Promise<T>,
): Promise<{ result: T; state: Awaited<ReturnType<typeof outcome>> }> {
  let seen: { result: T; state: Awaited<ReturnType<typeof outcome>> } | undefined;
  await database.db
    .transaction()
    .execute(async (trx) => {
      const result = await body(trx);
      seen = { result, state: await outcome(trx) };
      throw new Rollback();
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
  if (!seen) throw new Error('the transaction did not run');
  return seen;
}

/** Locks the transaction holds on relations and objects that are gone or temporary: what the sync's staging takes. */
async function stagingLocks(trx: Kysely<DB>): Promise<number> {
  const rows = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation
    WHERE l.pid = pg_backend_pid() AND l.locktype IN ('relation', 'object')
      AND (c.oid IS NULL OR c.relpersistence = 't')`.execute(trx);
  return rows.rows[0]?.n ?? 0;
}

describeEachEngine('external assets synced set-based', (db) => {
  let ids: Map<string, string>;
  const id = (code: string) => ids.get(code) as string;

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv([...SMALL_FEDERATION, ...PRACTICES]));
    await loadShippedIntel(db());
    ids = await orgIds(db());
    await importCsv(db(), 'RJ7', inventoryCsv([{ id: 'PC-1', components: ['mozilla,firefox,52.0'] }]));
  });

  describe('a mixed report', () => {
    const report = ['RJ7', 'RAL', 'H85001', 'H85002', 'A84001', 'F83001', 'FA123'];

    beforeAll(async () => {
      // Before the report: external assets synced one organisation at a time.
      await observe(db(), {
        org: 'RJ7',
        address: '198.51.100.10',
        port: 443,
        hostname: 'vpn.rj7.example',
        ...FORTIGATE,
      });
      await observe(db(), { org: 'RAL', address: '203.0.113.5', port: 443, ...FORTIGATE });
      await observe(db(), { org: 'RAL', address: '203.0.113.6', port: 22, ...OPENSSH });
      await observe(db(), { org: 'H85001', address: '192.0.2.20', port: 443, ...FORTIGATE });
      await observe(db(), { org: 'H85002', address: '192.0.2.30', port: 443, ...FORTIGATE });
      await observe(db(), { org: 'A84001', address: '192.0.2.40', port: 443, ...FORTIGATE });
      for (const code of report) await syncExternalAssets(db(), [id(code)]);
      await closeObservations(db(), '192.0.2.30');
      await syncExternalAssets(db(), [id('H85002')]);

      // The report: new (an address of a known organisation, an organisation's first), unchanged,
      // closed, reopened, and a banner whose version moved past the flaw.
      await observe(db(), { org: 'RJ7', address: '198.51.100.11', port: 22, ...OPENSSH });
      await observe(db(), { org: 'F83001', address: '192.0.2.50', port: 443, ...FORTIGATE });
      await observe(db(), { org: 'FA123', address: '192.0.2.60', port: 3389, kind: 'rdp', severity: 'high' });
      await closeObservations(db(), '192.0.2.20');
      await sql`UPDATE external_services SET closed_at = NULL, reopened_at = now() WHERE address = '192.0.2.30'`.execute(
        db().db,
      );
      await sql`UPDATE external_services SET version = '7.0.12' WHERE address = '192.0.2.40'`.execute(
        db().db,
      );
    });

    it('leaves exactly the assets, components and findings the per-organisation path leaves', async () => {
      const perOrg = await rolledBack(db(), async (trx) => {
        for (const code of report) await syncExternalAssetsIn(trx, [id(code)]);
      });
      const setBased = await rolledBack(db(), (trx) =>
        syncExternalAssetsIn(
          trx,
          report.map((code) => id(code)),
        ),
      );
      expect(setBased.state).toEqual(perOrg.state);

      // Every case of the report is in it: an outcome that did nothing would not pass.
      expect(setBased.result).toMatchObject({ orgsChanged: 5, assetsAdded: 2, assetsRetired: 1 });
      expect(setBased.result.findingsReopened).toBeGreaterThan(0);
      expect(setBased.result.findingsFixed).toBeGreaterThan(0);
      const external = setBased.state.assets.filter((a) => a.source === 'external');
      expect(external.map((a) => [a.code, a.asset_key, a.retired, a.components])).toEqual([
        ['A84001', '192.0.2.40', false, ['o:fortinet:fortios 7.0.12   ']],
        ['F83001', '192.0.2.50', false, ['o:fortinet:fortios 6.0.4   ']],
        ['H85001', '192.0.2.20', true, null],
        ['H85002', '192.0.2.30', false, ['o:fortinet:fortios 6.0.4   ']],
        ['RAL', '203.0.113.5', false, ['o:fortinet:fortios 6.0.4   ']],
        ['RAL', '203.0.113.6', false, ['a:openbsd:openssh 7.4 p1  ']],
        ['RJ7', '198.51.100.10', false, ['o:fortinet:fortios 6.0.4   ']],
        ['RJ7', '198.51.100.11', false, ['a:openbsd:openssh 7.4 p1  ']],
      ]);
      const flaw = (code: string) =>
        setBased.state.findings.find((f) => f.code === code && f.cve_id === FORTIOS_PATH_TRAVERSAL)?.status;
      expect(['F83001', 'H85001', 'H85002', 'A84001', 'RAL'].map(flaw)).toEqual([
        'open',
        'fixed',
        'reopened',
        'fixed',
        'open',
      ]);
    });

    it('is a no-op when synced again after the set-based sync', async () => {
      const { result } = await rolledBack(db(), async (trx) => {
        await syncExternalAssetsIn(
          trx,
          report.map((code) => id(code)),
        );
        return syncExternalAssetsIn(
          trx,
          report.map((code) => id(code)),
        );
      });
      expect(result.orgsChanged).toBe(0);
    });
  });

  it('holds the same staging locks for forty organisations as for two', async () => {
    for (const [i, [code]] of PRACTICES.entries())
      await observe(db(), { org: code, address: `198.18.${i}.1`, port: 443, ...FORTIGATE });
    const locksFor = async (count: number) =>
      (
        await rolledBack(db(), async (trx) => {
          const synced = await syncExternalAssetsIn(
            trx,
            PRACTICES.slice(0, count).map(([code]) => id(code)),
          );
          expect(synced.orgsChanged).toBe(count);
          return stagingLocks(trx);
        })
      ).result;
    const few = await locksFor(2);
    expect(few).toBeGreaterThan(0);
    expect(await locksFor(PRACTICES.length)).toBe(few);
  });
});
