import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { registerRanges, shadowserverCsv } from '../factories/external-report.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

describe('ward observe import and ward external [pglite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-cli-'));
  const env: Record<string, string> = { WARD_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  const report = join(dir, 'smb.csv.gz');
  beforeAll(async () => {
    seedMigratedDataDir(env.WARD_DATA_DIR as string);
    writeFileSync(join(dir, 'orgs.csv'), orgCsv());
    expect((await runWard(['org', 'import', join(dir, 'orgs.csv')], env)).code).toBe(0);
    const database = await openDatabase({ dataDir: env.WARD_DATA_DIR });
    await registerRanges(database, [['RJ7', '10.1.0.0/16']]);
    await database.close();
    const at = new Date().toISOString().slice(0, 19).replace('T', ' ');
    writeFileSync(
      report,
      gzipSync(
        shadowserverCsv([
          { at, ip: '10.1.0.5', port: 445, tag: 'smb' },
          { at, ip: '192.0.2.8', port: 3389, tag: 'rdp' },
        ]),
      ),
    );
    writeFileSync(join(dir, 'bad.jsonl'), '{"ip":"10.1.0.5","port":445}\n{"ip":"10.1.0.500","port":"x"}\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a gzipped report, recognises it the second time, and lists and summarises the exposure', async () => {
    const first = await runWard(['observe', 'import', report, '--source', 'shadowserver-smb', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).reports[0]).toMatchObject({
      source: 'shadowserver-smb',
      rows: 2,
      attributed: 1,
      unknownAddresses: [{ address: '192.0.2.8', rows: 1 }],
      opened: 1,
    });
    const again = await runWard(['observe', 'import', report, '--source', 'shadowserver-smb'], env);
    expect(again.stdout).toContain('already imported from shadowserver-smb (same content): nothing changed');
    const list = await runWard(['external', 'list', '--org', 'RJ7'], env);
    expect(list.stdout).toMatch(/critical\s+RJ7\s+10\.1\.0\.5\s+445\/tcp\s+Windows file sharing \(SMB\)/);
    const summary = JSON.parse(
      (await runWard(['external', 'summary', '--org', 'QWE', '--json'], env)).stdout,
    );
    expect(summary.rows.find((r: { org: string }) => r.org === 'RJ7')).toMatchObject({ open: 1, closed: 0 });
    expect(summary.recentReports[0].unknownAddresses).toEqual([{ address: '192.0.2.8', rows: 1 }]);
  }, 120_000);

  it('rejects a bad file with FILE:LINE reasons, exit code 2, and writes nothing', async () => {
    const bad = join(dir, 'bad.jsonl');
    const run = await runWard(['observe', 'import', bad], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad}:2: bad address "10.1.0.500"`);
    expect(run.stderr).toContain(`${bad}:2: bad port "x"`);
    const summary = JSON.parse((await runWard(['external', 'summary', '--json'], env)).stdout);
    expect(summary.recentReports).toHaveLength(1);
  }, 60_000);
});
