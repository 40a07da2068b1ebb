import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgCsv } from '../factories/org-csv.factory.js';
import { seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

describe('ward stix export and import [pglite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-cli-'));
  const env: Record<string, string> = { WARD_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  beforeAll(async () => {
    seedMigratedDataDir(env.WARD_DATA_DIR as string);
    writeFileSync(join(dir, 'orgs.csv'), orgCsv());
    expect((await runWard(['org', 'import', join(dir, 'orgs.csv')], env)).code).toBe(0);
    const added: [string, string][] = [
      ['c2.evil.example', 'green'],
      ['203.0.113.9', 'amber+strict'],
    ];
    for (const [value, tlp] of added)
      expect((await runWard(['indicator', 'add', value, '--org', 'H85001', '--tlp', tlp], env)).code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports a bundle to a file and imports it gzipped for another organisation', async () => {
    const out = join(dir, 'bundle.json');
    expect((await runWard(['stix', 'export', '--out', out], env)).code).toBe(0);
    const bundle = JSON.parse(readFileSync(out, 'utf8'));
    expect(bundle.type).toBe('bundle');
    expect(
      bundle.objects
        .filter((o: { type: string }) => o.type === 'indicator')
        .map((o: { name: string }) => o.name)
        .sort(),
    ).toEqual(['203.0.113.9', 'c2.evil.example']);
    const green = await runWard(['stix', 'export', '--tlp', 'green'], env);
    expect(
      JSON.parse(green.stdout).objects.filter((o: { type: string }) => o.type === 'indicator'),
    ).toHaveLength(1);

    writeFileSync(join(dir, 'bundle.json.gz'), gzipSync(readFileSync(out)));
    const run = await runWard(
      ['stix', 'import', join(dir, 'bundle.json.gz'), '--org', 'A84001', '--json'],
      env,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)[0]).toMatchObject({
      producer: 'A84001',
      source: 'stix:bundle.json.gz',
      indicators: { created: 2, updated: 0 },
    });
    const list = await runWard(['indicator', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).filter((i: { producer: string }) => i.producer === 'A84001')).toHaveLength(
      2,
    );
  }, 120_000);

  it('refuses a bad bundle with the object id, exit code 2, and writes nothing', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
        objects: [
          {
            type: 'indicator',
            spec_version: '2.1',
            id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
            created: '2026-01-01T00:00:00.000Z',
            modified: '2026-01-01T00:00:00.000Z',
            pattern: "[ipv4-addr:value = '198.51.100.1'",
            pattern_type: 'stix',
            valid_from: '2026-01-01T00:00:00Z',
          },
        ],
      }),
    );
    const before = (await runWard(['indicator', 'list', '--json'], env)).stdout;
    const run = await runWard(['stix', 'import', bad, '--org', 'A84001'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${bad}:1: indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: the pattern does not parse: expected "]" at the end`,
    );
    expect((await runWard(['indicator', 'list', '--json'], env)).stdout).toBe(before);
    const help = await runWard(['stix', 'import', '--help'], env);
    expect(help.stdout).toContain('--unmarked <marking>');
  }, 120_000);
});
