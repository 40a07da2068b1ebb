/**
 * WannaCry on an inventory that lists only operating systems: Ward adds the SMBv1 server where
 * Windows enables it by default (marked assumed), so the hosts get exactly the findings NVD's
 * configurations give for those hosts with SMBv1 listed — and none of the SMBv1 ones where the
 * inventory reports it disabled. The expectation is computed by the reference evaluator from the
 * NVD records themselves, on hosts whose SMBv1 is written out by the test from Microsoft's own
 * statement, not from Ward's table.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { hitsEngine, hitsSql } from '../../src/db/repositories/exposure/hits.sql.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { componentFromCpe } from '../../src/domain/cpe/cpe-key.js';
import { flattenNvdConfigurations } from '../../src/domain/rules/flatten-nvd.js';
import { matchAsset } from '../../src/domain/rules/match.js';
import type { MatchRule } from '../../src/domain/rules/match-rule.js';
import { NVD_DATA_AVAILABLE } from '../../src/domain/rules/nvd-fixture.test-helper.js';
import type { NvdConfiguration } from '../../src/feeds/nvd/nvd.types.js';
import { parseInventoryCsv } from '../../src/inventory/parse-inventory-csv.js';
import { listExposure } from '../../src/services/exposure/read.service.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { scanInventory } from '../../src/services/exposure/scan.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { loadNvd } from '../../src/services/intel/intel-load.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { INTEL_SNAPSHOT_DIR, loadShippedIntel, SHIPPED_INTEL } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, SMB1_DISABLED } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const WANNACRY = [
  'CVE-2017-0143',
  'CVE-2017-0144',
  'CVE-2017-0145',
  'CVE-2017-0146',
  'CVE-2017-0147',
  'CVE-2017-0148',
];
/** The snapshot's NVD records of the KEV CVEs: four of the six (0143, 0144, 0145, 0147; it has none of 0146 and 0148). */
const KEV_CVES = path.join(INTEL_SNAPSHOT_DIR, 'nvd', 'kev-cves.json.gz');

/** The hosts, and whether Microsoft ships SMBv1 on by default on each (clean installs). */
const HOSTS = [
  { id: 'WIN7', os: 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*', smb1: true },
  { id: 'SRV2008R2', os: 'cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*', smb1: true },
  { id: 'WIN10-1607', os: 'cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:x64:*', smb1: true },
  { id: 'WIN10-1709', os: 'cpe:2.3:o:microsoft:windows_10_1709:-:*:*:*:*:*:x64:*', smb1: false },
  { id: 'WIN11', os: 'cpe:2.3:o:microsoft:windows_11_21h2:-:*:*:*:*:*:x64:*', smb1: false },
  { id: 'XP', os: 'cpe:2.3:o:microsoft:windows_xp:-:sp3:*:*:*:*:*:*', smb1: true },
];

interface NvdRecord {
  id: string;
  configurations?: NvdConfiguration[];
}

/** The WannaCry records in the intel snapshot (the hand-written set if a damaged checkout lacks it). */
function wannacryRecords(): NvdRecord[] {
  const file = NVD_DATA_AVAILABLE ? KEV_CVES : `${SHIPPED_INTEL}nvd-demo.json`;
  const bytes = readFileSync(file);
  const page = JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as {
    vulnerabilities: { cve: NvdRecord }[];
  };
  return page.vulnerabilities.map((v) => v.cve).filter((c) => WANNACRY.includes(c.id));
}

/** "asset CVE" pairs the reference evaluator finds on each host, with SMBv1 listed where `smb1` says. */
function expected(rules: MatchRule[], smb1: (host: (typeof HOSTS)[number]) => boolean): string[] {
  const pairs = new Set<string>();
  for (const host of HOSTS) {
    const components = [host.os, ...(smb1(host) ? [SMB1] : [])].map((c) => componentFromCpe(c));
    for (const m of matchAsset(components, rules)) pairs.add(`${host.id} ${m.rule.cve}`);
  }
  return [...pairs].sort();
}

async function openHits(database: Database): Promise<string[]> {
  const rows = await sql<{ pair: string }>`
    SELECT DISTINCT a.asset_key || ' ' || h.cve_id AS pair
    FROM (${hitsSql({ kind: 'all' }, sql``, await hitsEngine(database.db))}) h
    JOIN assets a ON a.org_id = h.org_id AND a.id = h.asset_id AND a.retired_at IS NULL
    JOIN findings f ON f.org_id = h.org_id AND f.component_id = h.component_id AND f.cve_id = h.cve_id
    WHERE f.status <> 'fixed' AND h.cve_id IN (${sql.join(WANNACRY)})
    ORDER BY 1`.execute(database.db);
  return rows.rows.map((r) => r.pair);
}

async function findingRows(database: Database) {
  const rows = await sql<Record<string, unknown>>`
    SELECT f.cve_id, c.key, c.assumed_by, f.asset_count, f.status FROM findings f
    JOIN components c ON c.id = f.component_id ORDER BY 1, 2, 3`.execute(database.db);
  return rows.rows;
}

describeEachEngine('platform defaults: WannaCry on an operating-system-only inventory', (db) => {
  const records = wannacryRecords();
  const rules = records.flatMap((r) => flattenNvdConfigurations(r.id, r.configurations ?? []).rules);

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    const dir = mkdtempSync(path.join(tmpdir(), 'ward-wannacry-'));
    const file = path.join(dir, 'wannacry.json');
    writeFileSync(file, JSON.stringify({ vulnerabilities: records.map((cve) => ({ cve })) }));
    await loadNvd(db(), file);
  });

  it('gets exactly the findings NVD implies for the default SMBv1, marked assumed', async () => {
    await importCsv(db(), 'RJ7', inventoryCsv(HOSTS.map((h) => ({ id: h.id, components: [h.os] }))));
    const want = expected(rules, (h) => h.smb1);
    expect(await openHits(db())).toEqual(want);
    // The flagship cases, spelt out: SMBv1 findings on Windows 7 and 2008 R2, none on 1709 or 11.
    expect(want).toContain('WIN7 CVE-2017-0144');
    expect(want).toContain('SRV2008R2 CVE-2017-0144');
    expect(want).toContain('WIN10-1607 CVE-2017-0144');
    expect(want.filter((p) => p.startsWith('WIN10-1709') || p.startsWith('WIN11'))).toEqual([]);

    const assumed = await listExposure(db(), SYSTEM_ACTOR, { cve: 'CVE-2017-0144', basis: 'assumed' });
    expect(assumed.map((f) => [f.component.key, f.basis, f.assets])).toEqual(
      expect.arrayContaining([['a:microsoft:server_message_block', 'assumed', 1]]),
    );
    // NVD lists neither XP (out of support in 2017) nor 1709 and later for CVE-2017-0144.
    expect(assumed.map((f) => f.assumedBy).sort()).toEqual([
      'Windows 10 before 1709',
      'Windows 7',
      'Windows Server 2008 and 2008 R2',
    ]);
    const win7 = assumed.find((f) => f.assumedBy === 'Windows 7');
    expect(win7?.reasons[0]).toBe(
      'SMBv1 server is on by default on Windows 7; report it disabled to clear this',
    );
    expect(await listExposure(db(), SYSTEM_ACTOR, { cve: 'CVE-2017-0144', basis: 'reported' })).toEqual([]);
  });

  it('agrees with a full recompute', async () => {
    const before = await findingRows(db());
    await recomputeExposure(db(), SYSTEM_ACTOR);
    expect(await findingRows(db())).toEqual(before);
  });

  it('raises none of the SMBv1 findings where the inventory reports SMBv1 disabled', async () => {
    const csv = inventoryCsv(HOSTS.map((h) => ({ id: h.id, components: [h.os, SMB1_DISABLED] })));
    const result = await importCsv(db(), 'RJ7', csv);
    expect(result.findingsFixed).toBeGreaterThan(0);
    expect(await openHits(db())).toEqual(expected(rules, () => false));
    expect(await listExposure(db(), SYSTEM_ACTOR, { basis: 'assumed' })).toEqual([]);
    const before = await findingRows(db());
    await recomputeExposure(db(), SYSTEM_ACTOR);
    expect(await findingRows(db())).toEqual(before);
  });

  it('takes a reported SMBv1 as reported, not assumed', async () => {
    await importCsv(db(), 'RJ7', inventoryCsv([{ id: 'WIN7', components: [HOSTS[0]!.os, SMB1] }]));
    const findings = await listExposure(db(), SYSTEM_ACTOR, { cve: 'CVE-2017-0144' });
    expect(findings.map((f) => [f.basis, f.assumedBy])).toEqual([['reported', null]]);
  });

  it('rejects an asset that lists SMBv1 both installed and disabled, leaving the database as it was', async () => {
    const before = await findingRows(db());
    const csv = inventoryCsv([{ id: 'WIN7', components: [HOSTS[0]!.os, SMB1, SMB1_DISABLED] }]);
    await expect(importCsv(db(), 'RJ7', csv)).rejects.toMatchObject({
      problems: [
        {
          line: 4,
          reason: 'asset WIN7: a:microsoft:server_message_block is listed both installed and disabled',
        },
      ],
    });
    expect(await findingRows(db())).toEqual(before);
  });

  it('says in a scan (nothing stored) which findings rest on an assumed SMBv1', async () => {
    const csv = inventoryCsv([{ id: 'WIN7', components: [HOSTS[0]!.os] }]);
    const parsed = await parseInventoryCsv('estate.csv', [csv]);
    const scan = await scanInventory(db(), [{ file: 'estate.csv', ...parsed }]);
    const smb = scan.findings.find((f) => f.cve === 'CVE-2017-0144');
    expect(smb).toMatchObject({ asset_id: 'WIN7', certainty: 'confirmed', assumed_by: 'Windows 7' });
    expect(smb?.reasons[0]).toBe(
      'SMBv1 server is on by default on Windows 7; report it disabled to clear this',
    );
  });
});
