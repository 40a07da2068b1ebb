import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { rebuildDeviceRollup } from '../../src/db/repositories/exposure/device-exposure.repository.js';
import { rebuildExposureRollup } from '../../src/db/repositories/exposure/exposure-rollup.repository.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { listExposure, summariseExposure } from '../../src/services/exposure/read.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { syncExternalAssets, syncExternalAssetsIn } from '../../src/services/outside/external-assets.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { closeObservations, observe, orgIds } from '../factories/external.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

/** FortiOS 6.0.4: the SSL VPN path traversal CVE-2018-13379 (in CISA KEV) affects 6.0.0 to 6.0.4. */
const FORTIGATE = { vendor: 'Fortinet', product: 'FortiGate', version: '6.0.4' } as const;
const FORTIOS_PATH_TRAVERSAL = 'CVE-2018-13379';

const TABLES = [
  'assets',
  'asset_components',
  'components',
  'findings',
  'component_presence',
  'exposure_rollup',
  'device_rollup',
];

async function externalAssetRows(database: Parameters<typeof snapshotTables>[0]) {
  const rows = await sql<Record<string, unknown>>`
    SELECT o.code, a.asset_key, a.hostname, a.asset_type, a.internet_facing, a.retired_at IS NOT NULL AS retired,
      array_agg(c.key || ' ' || c.version || ' ' || c.update ORDER BY c.key) FILTER (WHERE c.id IS NOT NULL) AS components
    FROM assets a JOIN organisations o ON o.id = a.org_id
    LEFT JOIN asset_components ac ON ac.org_id = a.org_id AND ac.asset_id = a.id
    LEFT JOIN components c ON c.id = ac.component_id
    WHERE a.source = 'external'
    GROUP BY o.code, a.asset_key, a.hostname, a.asset_type, a.internet_facing, a.retired_at
    ORDER BY 1, 2`.execute(database.db);
  return rows.rows;
}

/** The maintained roll-ups equal what rebuilding them from the findings gives. */
async function expectRollupsAsRebuilt(database: Database) {
  const rollups = ['exposure_rollup', 'device_rollup'];
  const kept = await snapshotTables(database, rollups);
  await database.db.transaction().execute(async (trx) => {
    await rebuildExposureRollup(trx);
    await rebuildDeviceRollup(trx);
  });
  expect(await snapshotTables(database, rollups)).toEqual(kept);
}

describeEachEngine('external assets from banners', (db) => {
  let ids: Map<string, string>;
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    ids = await orgIds(db());
  });

  it('matches a remote-access gateway banner to its known-exploited flaw: act now, seen from outside', async () => {
    await importCsv(db(), 'RJ7', inventoryCsv([{ id: 'PC-1', components: ['mozilla,firefox,52.0'] }]));
    await observe(db(), {
      org: 'RJ7',
      address: '198.51.100.10',
      port: 443,
      hostname: 'vpn.stgeorges.example',
      ...FORTIGATE,
    });
    await observe(db(), {
      org: 'RJ7',
      address: '198.51.100.10',
      port: 22,
      product: 'OpenSSH',
      version: '7.4p1',
    });
    // A risky service without a banner product, and an organisation not synced, stay out of it.
    await observe(db(), { org: 'RJ7', address: '198.51.100.11', port: 3389, kind: 'rdp', severity: 'high' });
    await observe(db(), { org: 'RAL', address: '203.0.113.5', port: 443, ...FORTIGATE });

    await syncExternalAssets(db(), [ids.get('RJ7') as string]);

    expect(await externalAssetRows(db())).toEqual([
      {
        code: 'RJ7',
        asset_key: '198.51.100.10',
        hostname: 'vpn.stgeorges.example',
        asset_type: 'network',
        internet_facing: true,
        retired: false,
        components: ['a:openbsd:openssh 7.4 p1', 'o:fortinet:fortios 6.0.4 '],
      },
    ]);
    const [finding, ...others] = await listExposure(db(), SYSTEM_ACTOR, {
      org: 'RJ7',
      cve: FORTIOS_PATH_TRAVERSAL,
    });
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      org: 'RJ7',
      component: { key: 'o:fortinet:fortios', version: '6.0.4' },
      assets: 1,
      status: 'open',
      certainty: 'confirmed',
      kev: true,
      exposure: 'open',
      priority: 'act',
      seenFromOutside: true,
    });
    // The inventory's own findings are not marked.
    const inventory = await listExposure(db(), SYSTEM_ACTOR, { org: 'RJ7', seenFromOutside: false });
    expect(inventory.length).toBeGreaterThan(0);
    expect(inventory.every((f) => f.component.key === 'a:mozilla:firefox' && !f.seenFromOutside)).toBe(true);
    expect(await listExposure(db(), SYSTEM_ACTOR, { org: 'RAL' })).toEqual([]);

    const national = await summariseExposure(db(), SYSTEM_ACTOR, 'X26');
    const outside = (
      await listExposure(db(), SYSTEM_ACTOR, { org: 'RJ7', seenFromOutside: true, limit: 1000 })
    ).filter((f) => f.certainty === 'confirmed');
    expect(national.totals.seenFromOutside).toEqual({
      findings: outside.length,
      act: outside.filter((f) => f.priority === 'act').length,
      organisations: 1,
    });
    expect(national.totals.findings).toBeGreaterThan(outside.length);
    expect(national.children.find((c) => c.code === 'Y56')?.seenFromOutside.organisations).toBe(1);
    expect(national.children.find((c) => c.code === 'Y63')?.seenFromOutside).toEqual({
      findings: 0,
      act: 0,
      organisations: 0,
    });
  });

  it('changes nothing when synced again, and keeps the roll-up as a rebuild makes it', async () => {
    const before = await snapshotTables(db(), TABLES);
    const again = await db()
      .db.transaction()
      .execute((trx) => syncExternalAssetsIn(trx, [ids.get('RJ7') as string]));
    expect(again.orgsChanged).toBe(0);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
    await db()
      .db.transaction()
      .execute((trx) => rebuildExposureRollup(trx));
    expect(await snapshotTables(db(), ['exposure_rollup'])).toEqual({
      exposure_rollup: before.exposure_rollup,
    });
  });

  it('retires the asset and fixes its findings when the observation closes; reopens them when it is seen again', async () => {
    await closeObservations(db(), '198.51.100.10');
    const closed = await db()
      .db.transaction()
      .execute((trx) => syncExternalAssetsIn(trx, [ids.get('RJ7') as string]));
    expect(closed).toMatchObject({ orgsChanged: 1, assetsRetired: 1 });
    expect(closed.findingsFixed).toBeGreaterThan(0);
    expect((await externalAssetRows(db()))[0]).toMatchObject({
      asset_key: '198.51.100.10',
      retired: true,
      components: null,
    });
    const [fixed] = await listExposure(db(), SYSTEM_ACTOR, {
      org: 'RJ7',
      cve: FORTIOS_PATH_TRAVERSAL,
      all: true,
    });
    expect(fixed).toMatchObject({ status: 'fixed', seenFromOutside: false });
    expect((await summariseExposure(db(), SYSTEM_ACTOR, 'X26')).totals.seenFromOutside.findings).toBe(0);
    const rollup = await snapshotTables(db(), ['exposure_rollup']);
    await db()
      .db.transaction()
      .execute((trx) => rebuildExposureRollup(trx));
    expect(await snapshotTables(db(), ['exposure_rollup'])).toEqual(rollup);

    await sql`UPDATE external_services SET closed_at = NULL, reopened_at = now() WHERE address = '198.51.100.10'`.execute(
      db().db,
    );
    const reopened = await db()
      .db.transaction()
      .execute((trx) => syncExternalAssetsIn(trx, [ids.get('RJ7') as string]));
    expect(reopened.findingsReopened).toBeGreaterThan(0);
    const [back] = await listExposure(db(), SYSTEM_ACTOR, { org: 'RJ7', cve: FORTIOS_PATH_TRAVERSAL });
    expect(back).toMatchObject({ status: 'reopened', priority: 'act', seenFromOutside: true });
    await expectRollupsAsRebuilt(db());
  });

  it('keeps an unknown banner product as a vendor/product component and skips a banner whose names are unusable', async () => {
    await observe(db(), {
      org: 'H85001',
      address: '192.0.2.20',
      port: 8443,
      vendor: 'Acme Corp',
      product: 'Widget Gateway',
      version: '1.2',
    });
    await observe(db(), {
      org: 'H85001',
      address: '192.0.2.21',
      port: 443,
      vendor: '*',
      product: '*',
      version: '1',
    });
    await syncExternalAssets(db(), [ids.get('H85001') as string]);
    expect((await externalAssetRows(db())).filter((r) => r.code === 'H85001')).toEqual([
      {
        code: 'H85001',
        asset_key: '192.0.2.20',
        hostname: null,
        asset_type: 'server',
        internet_facing: true,
        retired: false,
        components: ['a:acme_corp:widget_gateway 1.2 '],
      },
    ]);
  });
});
