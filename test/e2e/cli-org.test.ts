import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations/index.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { createPostgresDatabase } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

for (const engine of ['pglite', 'postgres'] as const) {
  describe(`ward org and db commands [${engine}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-cli-'));
    const env: Record<string, string> = { WARD_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
    let drop = async () => {};
    beforeAll(async () => {
      if (engine === 'postgres') {
        const created = await createPostgresDatabase();
        env.DATABASE_URL = created.url;
        drop = created.drop;
      }
      writeFileSync(join(dir, 'orgs.csv'), orgCsv());
      writeFileSync(
        join(dir, 'bad.csv'),
        'code,name,kind,parent_code\nH1,A,gp_practice,NOPE\nH2,B,clinic,X26\n',
      );
    });
    afterAll(async () => {
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports, re-imports idempotently and shows the result', async () => {
      const first = await runWard(['org', 'import', join(dir, 'orgs.csv'), '--json'], env);
      expect(first.stderr).toBe('');
      expect(JSON.parse(first.stdout)[0]).toMatchObject({ created: 14, updated: 0 });
      const again = await runWard(['org', 'import', join(dir, 'orgs.csv')], env);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('14 rows: 0 created, 0 updated, 14 unchanged');
      const show = await runWard(['org', 'show', 'rj701', '--json'], env);
      expect(JSON.parse(show.stdout).ancestors.map((a: { code: string }) => a.code)).toEqual([
        'X26',
        'Y56',
        'QWE',
        'RJ7',
      ]);
    });

    it('rejects a bad file with FILE:LINE reasons and exit code 2', async () => {
      const bad = join(dir, 'bad.csv');
      const run = await runWard(['org', 'import', bad], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${bad}:2: unknown parent NOPE for H1`);
      expect(run.stderr).toContain(`${bad}:3: unknown kind "clinic" for H2`);
      const tree = await runWard(['org', 'tree', '--all', '--json'], env);
      expect(JSON.stringify(JSON.parse(tree.stdout))).not.toContain('"H1"');
    });

    it('reports migrations and an unknown organisation', async () => {
      const status = await runWard(['db', 'status', '--json'], env);
      expect(JSON.parse(status.stdout)).toMatchObject({
        engine,
        // Every migration this build knows, in order, applied (the first ones named, so the
        // order is checked against something other than the list itself).
        migrations: Object.keys(migrations).map((name) => ({ name, applied: true })),
      });
      expect(Object.keys(migrations).slice(0, 3)).toEqual([
        '0001-federation',
        '0002-intel',
        '0003-inventory',
      ]);
      const missing = await runWard(['org', 'show', 'NOPE'], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no organisation NOPE');
    });
  });
}

describe('ward with an unreachable DATABASE_URL', () => {
  it('says which host and port it could not reach', async () => {
    const run = await runWard(['db', 'status'], { DATABASE_URL: 'postgres://ward@127.0.0.1:1/ward' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot reach PostgreSQL at 127.0.0.1:1/ward');
  });
});
