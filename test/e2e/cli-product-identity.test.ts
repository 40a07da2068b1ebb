/**
 * `ward identity` as a national analyst uses it: an advisory in the vendor's words and a CMMS
 * export in its own; the proposal is listed with its evidence, confirmed (findings follow),
 * rejected with a reason (they go), and recomputed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVENTORY_HEADER } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

const ADVISORY = fileURLToPath(new URL('../fixtures/feeds/csaf/identity-advisory.json', import.meta.url));
const CMMS = `${INVENTORY_HEADER}
RJ7-MD-1,rj7-pump-1,medical_device,Example Medical,Volumetra 3000,,10.9.0.1,medical,false,life_critical,Example Medical,Volumetra 3000,1.2,,
RJ7-MD-2,rj7-pump-2,medical_device,Example Medical,Volumetra 3000,,10.9.0.2,medical,false,life_critical,Example Medical,Volumetra 3000,0.9,,
`;

describe('ward identity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-product-identity-'));
  const env: Record<string, string> = { WARD_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  const ward = async (...args: string[]) => runWard(args, env);
  beforeAll(async () => {
    seedMigratedDataDir(env.WARD_DATA_DIR as string);
    writeFileSync(join(dir, 'orgs.csv'), orgCsv());
    writeFileSync(join(dir, 'cmms.csv'), CMMS);
    expect((await ward('org', 'import', join(dir, 'orgs.csv'))).code).toBe(0);
    expect((await ward('intel', 'load', ADVISORY)).code).toBe(0);
    const imported = await ward(
      'inventory',
      'import',
      '--org',
      'RJ7',
      '--source',
      'cmms',
      join(dir, 'cmms.csv'),
    );
    expect(imported.code, imported.stderr).toBe(0);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  it('lists the proposal as possible, with its evidence, and no finding yet', async () => {
    const human = await ward('identity', 'proposals');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /1\s+possible\s+example medical \/ volumetra 3000\s+Example Medical Systems, Inc\. \/ Volumetra 3000 Wireless Infusion Pump\s+1\.2\s+EXM-2099-002\s+1\s+vendor "example", words volumetra 3000/,
    );
    const json = JSON.parse((await ward('identity', 'proposals', '--org', 'RJ7', '--json')).stdout);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({
      id: 1,
      status: 'proposed',
      versions: ['1.2'],
      devices: 1,
      cves: ['CVE-2099-0002'],
    });
    expect(JSON.parse((await ward('identity', 'proposals', '--org', 'RAL', '--json')).stdout)).toEqual([]);
  }, 300_000);

  it('confirms, rejects with a reason, and says what it did', async () => {
    const confirmed = await ward('identity', 'confirm', '1', '--note', 'same pump');
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toContain('alias 1 confirmed');
    expect(confirmed.stdout).toContain('1 findings opened');
    const findings = JSON.parse((await ward('exposure', 'list', '--org', 'RJ7', '--json')).stdout);
    expect(findings.filter((f: { cve: string }) => f.cve === 'CVE-2099-0002')).toHaveLength(1);
    const again = await ward('identity', 'confirm', '1');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already confirmed');
    const noReason = await ward('identity', 'reject', '1');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("required option '--reason <text>'");
    const rejected = await ward('identity', 'reject', '1', '--reason', 'another pump line', '--json');
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(JSON.parse(rejected.stdout)).toMatchObject({
      alias: { status: 'rejected', reason: 'another pump line' },
      findingsRemoved: 1,
    });
    const recomputed = await ward('identity', 'propose', '--json');
    expect(JSON.parse(recomputed.stdout)).toEqual({ proposals: 1, added: 0 });
  }, 300_000);

  it('words a missing proposal and a blank reason for the command line', async () => {
    const missing = await ward('identity', 'reject', '999', '--reason', 'not the same');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no product alias 999 (ward identity proposals lists them)');
    const blank = await ward('identity', 'reject', '1', '--reason', '   ');
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('--reason: a reason is required to reject a product alias');
  }, 300_000);
});
