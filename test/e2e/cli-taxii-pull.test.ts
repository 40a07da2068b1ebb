/**
 * `ward intel taxii pull` as a user runs it, against a TAXII 2.1 stand-in on 127.0.0.1: progress
 * per page on stderr, the summary as JSON on stdout, the next run resuming where it stopped, and a
 * clear error (non-zero exit) for bad flags and a refused token.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgCsv } from '../factories/org-csv.factory.js';
import { AMBER, GREEN, indicator, type StandIn, standIn } from '../factories/taxii-stand-in.factory.js';
import { seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

describe('ward intel taxii pull', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-e2e-'));
  const env = { WARD_DATA_DIR: dir, DATABASE_URL: '' };
  let stand: StandIn;
  let token = 'good';
  beforeAll(async () => {
    seedMigratedDataDir(env.WARD_DATA_DIR);
    writeFileSync(join(dir, 'orgs.csv'), orgCsv());
    expect((await runWard(['org', 'import', join(dir, 'orgs.csv')], env)).code).toBe(0);
    stand = await standIn((q) => {
      if (token !== 'good')
        return {
          status: 401,
          body: JSON.stringify({ title: 'Unauthorized', description: 'unknown token', http_status: '401' }),
        };
      if (q.get('added_after') === '2026-02-01T00:00:02Z') return { body: JSON.stringify({ more: false }) };
      if (!q.get('next'))
        return {
          body: JSON.stringify({
            more: true,
            next: 'p2',
            objects: [indicator(1, GREEN), indicator(2, AMBER)],
          }),
          last: '2026-02-01T00:00:01Z',
        };
      return {
        body: JSON.stringify({ more: false, objects: [indicator(3, GREEN)] }),
        last: '2026-02-01T00:00:02Z',
      };
    });
  });
  afterAll(async () => {
    await stand?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports every page, says so on stderr, and resumes on the next run', async () => {
    const first = await runWard(
      [
        'intel',
        'taxii',
        'pull',
        stand.url,
        '--collection',
        'c1',
        '--org',
        'RJ7',
        '--token',
        'good',
        '--json',
      ],
      env,
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('page 1: 2 objects, 2 indicators imported, up to 2026-02-01T00:00:01Z');
    expect(first.stderr).toContain('page 2: 1 object, 1 indicator imported, up to 2026-02-01T00:00:02Z');
    expect(JSON.parse(first.stdout)).toMatchObject({
      collection: { id: 'c1', title: 'Partner feed' },
      from: null,
      pages: 2,
      objects: 3,
      indicators: { created: 3, updated: 0 },
      addedLast: '2026-02-01T00:00:02Z',
    });
    const list = await runWard(['indicator', 'list', '--json'], env);
    expect(
      JSON.parse(list.stdout)
        .map((i: { value: string; tlp: string }) => `${i.value} ${i.tlp}`)
        .sort(),
    ).toEqual(['198.51.100.1 GREEN', '198.51.100.2 AMBER', '198.51.100.3 GREEN']);
    const again = await runWard(
      ['intel', 'taxii', 'pull', stand.url, '--collection', 'c1', '--org', 'RJ7', '--token', 'good'],
      env,
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('added after 2026-02-01T00:00:02Z: 1 page, 0 objects');
  }, 120_000);

  it('exits non-zero with the reason for bad flags and a refused token', async () => {
    const bad = await runWard(
      ['intel', 'taxii', 'pull', 'not a url', '--collection', 'c1', '--since', 'soon'],
      env,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/url: "not a url\/?" is not a URL/);
    expect(bad.stderr).toMatch(/since: give a timestamp/);
    token = 'expired';
    const refused = await runWard(
      ['intel', 'taxii', 'pull', stand.url, '--collection', 'c1', '--org', 'RJ7', '--token', 'expired'],
      env,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/answered 401: unknown token \(check --token/);
  }, 120_000);
});
