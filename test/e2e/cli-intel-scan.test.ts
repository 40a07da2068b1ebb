import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../bench/shared-data.js';
import { seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SNAPSHOT = join(ROOT, 'data/intel');
const SBOM = join(SHARED_DATA, 'sbom/cyclonedx/sbom-maven-keycloak-obom-standalone.cdx-1.4.json');
const ESTATE = join(ROOT, 'test/fixtures/inventory/wannacry-estate.csv');

interface ScanJson {
  findings: {
    asset_id: string;
    cve: string;
    priority: string;
    kev: boolean;
    reasons: string[];
    component: Record<string, unknown>;
  }[];
  stats: { assets: number; components: number; findings: number };
}

function cvesOn(scan: ScanJson, asset: string): string[] {
  return [...new Set(scan.findings.filter((f) => f.asset_id === asset).map((f) => f.cve))].sort();
}

/** A data directory holding a migrated cluster (the commands here are intel's, not the database's). */
function useDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'ward-e2e-'));
  seedMigratedDataDir(dir);
  const env = { WARD_DATA_DIR: dir, DATABASE_URL: '' };
  return { env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('ward intel load and ward scan (shipped intel)', () => {
  const { env, remove } = useDataDir();
  afterAll(remove);

  it('loads the shipped intel and scans a WannaCry-era estate without storing it', async () => {
    const load = await runWard(['intel', 'load', join(ROOT, 'fixtures/intel')], env);
    expect(load.code).toBe(0);
    expect(load.stderr).toContain('nvd, 6 records, 6 new or changed');
    const scan = await runWard(['scan', ESTATE, '--json'], env);
    expect(scan.code).toBe(0);
    const doc = JSON.parse(scan.stdout) as ScanJson;
    expect(Object.keys(doc)).toEqual(['findings', 'stats']);
    expect(doc.stats).toEqual({ assets: 6, components: 12, findings: doc.findings.length });
    expect(cvesOn(doc, 'PC-001')).toContain('CVE-2017-0144');
    expect(cvesOn(doc, 'SRV-001')).toContain('CVE-2017-0144');
    expect(cvesOn(doc, 'PC-002')).not.toContain('CVE-2017-0144');
    expect(cvesOn(doc, 'PC-003')).toEqual([]);
    expect(cvesOn(doc, 'PC-004')).not.toContain('CVE-2017-0144');
    const smb = doc.findings.find((f) => f.asset_id === 'SRV-001' && f.cve === 'CVE-2017-0144');
    expect(smb).toMatchObject({
      component: { vendor: 'microsoft', product: 'server_message_block', version: '1.0', purl: null },
      cvss: { score: 8.8, severity: 'HIGH' },
      kev: true,
      kev_due_date: '2022-08-10',
      priority: 'act',
    });
    const stored = await runWard(['exposure', 'list', '--json'], env);
    expect(JSON.parse(stored.stdout)).toEqual([]);
  });

  it('exits 2 with the file, line and reason for a bad inventory file', async () => {
    const scan = await runWard(
      ['scan', '-', '--format', 'csv'],
      env,
      'asset_id,asset_type,cpe\nPC-1,workstation,cpe:2.3:o:bad\n',
    );
    expect(scan.code).toBe(2);
    expect(scan.stderr).toMatch(/^-:2: asset PC-1: /m);
  });
});

describe('ward intel load of a CSAF provider document', () => {
  const { env, remove } = useDataDir();
  afterAll(remove);

  it('skips it and says which command fetches its advisories', async () => {
    const provider = join(ROOT, 'test/fixtures/feeds/csaf/provider-metadata.json');
    const load = await runWard(['intel', 'load', provider, '--json'], env);
    expect(load.code, load.stderr).toBe(0);
    const line = load.stdout.split('\n').find((l) => l.includes('"result"')) as string;
    expect(JSON.parse(line).result).toMatchObject({
      format: 'csaf-provider',
      result: null,
      skip: { code: 'sync_only', format: 'csaf-provider' },
      skipped: 'csaf-provider files are loaded with ward intel sync --csaf <its URL>',
    });
  }, 120_000);
});

describe('ward with the real intel snapshot shipped with Ward (data/intel)', () => {
  const { env, remove } = useDataDir();
  beforeAll(async () => {
    const load = await runWard(['intel', 'load', join(SNAPSHOT, 'nvd'), join(SNAPSHOT, 'kev')], env);
    expect(load.code).toBe(0);
  }, 120_000);
  afterAll(remove);

  it('shows CVE-2017-0144 with its KEV entry and Windows rules including the update field', async () => {
    const show = await runWard(['vuln', 'show', 'CVE-2017-0144', '--json'], env);
    const v = JSON.parse(show.stdout);
    expect(v.kev).toMatchObject({ vendorProject: 'Microsoft', dueDate: '2022-08-10' });
    const smb = v.rules.find((r: { key: string }) => r.key === 'a:microsoft:server_message_block');
    expect(smb.versions).toBe('= 1.0');
    expect(smb.runningOn[0].anyOf).toContain('cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*');
  });

  it('reports CVE-2017-0144 on Windows 7 SP1 and 2008 R2 SP1 but not on Windows 10 1709 or Windows 11', async () => {
    const doc = JSON.parse((await runWard(['scan', ESTATE, '--json'], env)).stdout) as ScanJson;
    expect(cvesOn(doc, 'PC-001')).toContain('CVE-2017-0144');
    expect(cvesOn(doc, 'SRV-001')).toContain('CVE-2017-0144');
    expect(cvesOn(doc, 'PC-001')).toContain('CVE-2019-0708');
    expect(cvesOn(doc, 'PC-002')).not.toContain('CVE-2017-0144');
    expect(cvesOn(doc, 'PC-003')).not.toContain('CVE-2017-0144');
  });

  // The SBOM examples are not in the snapshot: this one runs where the shared public data is present.
  it.skipIf(!existsSync(SBOM))('scans a real CycloneDX SBOM', async () => {
    const scan = await runWard(['scan', SBOM, '--json'], env);
    expect(scan.code).toBe(0);
    const doc = JSON.parse(scan.stdout) as ScanJson;
    expect(doc.stats.assets).toBe(1);
    expect(doc.stats.components).toBeGreaterThan(800);
    expect(doc.stats.findings).toBe(doc.findings.length);
  });
});
