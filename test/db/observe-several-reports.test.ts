/**
 * `ward observe import FILE…` takes several reports at once and applies them in one transaction:
 * each report's exposures, then the banners' external assets of every organisation they touched.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { listExternal } from '../../src/services/outside/external.service.js';
import { importObservations } from '../../src/services/outside/observe.service.js';
import { registerRanges, shadowserverCsv } from '../factories/external-report.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const FORTIGATE = { vendor: 'Fortinet', product: 'FortiGate', version: '6.0.4' } as const;

describeEachEngine('several reports in one import', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    await registerRanges(db(), [
      ['RJ7', '10.1.0.0/16'],
      ['H85001', '203.0.113.0/24'],
    ]);
  });

  it('applies every report and brings the banners of all their organisations in step', async () => {
    const smb = shadowserverCsv([
      { at: '2026-03-01 02:00:00', ip: '10.1.3.5', port: 445, tag: 'smb' },
      { at: '2026-03-01 02:00:00', ip: '10.1.3.6', port: 443, ...FORTIGATE },
    ]);
    const https = shadowserverCsv([
      { at: '2026-03-02 02:00:00', ip: '203.0.113.9', port: 443, ...FORTIGATE },
    ]);
    const result = await importObservations(
      db(),
      ADMIN_CLI,
      [
        { name: 'smb.csv', bytes: Buffer.from(smb) },
        { name: 'https.csv', bytes: Buffer.from(https) },
      ],
      { source: 'shadowserver', now: new Date('2026-03-02T05:00:00Z') },
    );
    expect(result.reports.map((r) => [r.file, r.alreadyImported, r.opened])).toEqual([
      ['smb.csv', false, 2],
      ['https.csv', false, 1],
    ]);
    const open = (await listExternal(db(), ADMIN_CLI, { all: true })).items.map(
      (e) => `${e.org} ${e.address}:${e.port}`,
    );
    expect(open.sort()).toEqual(['H85001 203.0.113.9:443', 'RJ7 10.1.3.5:445', 'RJ7 10.1.3.6:443']);
    const assets = await sql<{ code: string; asset_key: string }>`
      SELECT o.code, a.asset_key FROM assets a JOIN organisations o ON o.id = a.org_id
      WHERE a.source = 'external' AND a.retired_at IS NULL ORDER BY 1, 2`.execute(db().db);
    expect(assets.rows).toEqual([
      { code: 'H85001', asset_key: '203.0.113.9' },
      { code: 'RJ7', asset_key: '10.1.3.6' },
    ]);
    const findings = await sql<{ code: string }>`
      SELECT DISTINCT o.code FROM findings f JOIN organisations o ON o.id = f.org_id
      WHERE f.cve_id = 'CVE-2018-13379' AND f.status = 'open' ORDER BY 1`.execute(db().db);
    expect(findings.rows.map((r) => r.code)).toEqual(['H85001', 'RJ7']);
  });
});
