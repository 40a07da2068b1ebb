/**
 * `ward indicator` as the operator runs it: a bad file refused with every problem as FILE:LINE and
 * exit 2 (nothing added), a good CSV and a JSON file imported, and the operator's list, show,
 * summary (all with --json) and flags. The CLI is local administration: it sees every marking.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgCsv } from '../factories/org-csv.factory.js';
import { seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

describe('ward indicator [pglite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-indicator-'));
  const env: Record<string, string> = { WARD_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  beforeAll(async () => {
    seedMigratedDataDir(env.WARD_DATA_DIR as string);
    writeFileSync(join(dir, 'orgs.csv'), orgCsv());
    writeFileSync(join(dir, 'addresses.csv'), 'org_code,kind,value\nRAL,range,192.0.2.0/24\n');
    expect((await runWard(['org', 'import', join(dir, 'orgs.csv')], env)).code).toBe(0);
    expect((await runWard(['address', 'import', join(dir, 'addresses.csv')], env)).code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad file with every problem and exit 2, then imports CSV and JSON', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'value,tlp,share_with\nevil.example,amber,NOPE\n999.1.1.1,green,\nok.example,blue,\n');
    const refused = await runWard(['indicator', 'import', bad, '--org', 'RJ7'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${bad}:2`);
    expect(refused.stderr).toContain('no organisation NOPE');
    expect(refused.stderr).toContain(`${bad}:4`);
    expect(refused.stderr).toContain('"blue" is not a TLP marking');
    const empty = await runWard(['indicator', 'list', '--json'], env);
    expect(JSON.parse(empty.stdout)).toEqual([]);

    const csv = join(dir, 'iocs.csv');
    writeFileSync(
      csv,
      'value,tlp,share_with,person,description\nevil[.]example,amber,under:QWE,,C2 domain\n192.0.2.10,amber+strict,,,beacon\n',
    );
    const done = await runWard(['indicator', 'import', csv, '--org', 'RJ7', '--json'], env);
    expect(done.code, done.stderr).toBe(0);
    const result = JSON.parse(done.stdout);
    expect([result.format, result.added]).toEqual(['csv', 2]);
    expect(result.indicators[1].flagged).toEqual([{ org: 'RAL', kind: 'range', detail: '192.0.2.10' }]);
    const json = join(dir, 'iocs.json');
    writeFileSync(
      json,
      JSON.stringify({ indicators: [{ value: 'hxxp://phish[.]example/x', tlp: 'TLP:CLEAR' }] }),
    );
    expect((await runWard(['indicator', 'import', json, '--org', 'RAL'], env)).stdout).toContain(
      '1 added, 0 updated for RAL',
    );
  }, 120_000);

  it('lists, shows, counts and flags as the operator, every marking included', async () => {
    const list = JSON.parse((await runWard(['indicator', 'list', '--json'], env)).stdout);
    expect(list.map((i: { tlp: string }) => i.tlp).sort()).toEqual(['AMBER', 'AMBER+STRICT', 'CLEAR']);
    const amber = list.find((i: { tlp: string }) => i.tlp === 'AMBER');
    const show = JSON.parse((await runWard(['indicator', 'show', amber.stixId, '--json'], env)).stdout);
    expect(show).toMatchObject({
      value: 'evil.example',
      audience: { orgs: [{ code: 'QWE', subtree: true }] },
    });
    const summary = JSON.parse((await runWard(['indicator', 'summary', '--json'], env)).stdout);
    expect(summary).toMatchObject({ total: 3, revoked: 0 });
    const flags = await runWard(['indicator', 'flags', '--org', 'RAL'], env);
    expect(flags.stdout).toContain('range 192.0.2.10');
    expect(flags.stdout).toContain('TLP:AMBER+STRICT ipv4 192.0.2.10');
  }, 120_000);
});
