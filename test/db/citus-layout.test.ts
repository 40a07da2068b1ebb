/**
 * Ward's real schema against its Citus layout, on every engine: each table has a placement, every
 * tenant table can be sharded by organisation as it is (non-null org_id in every unique key and
 * in every foreign key to another tenant table), and no reference or coordinator table points at
 * a tenant table. Without Citus the distribution step leaves the database alone, and
 * `ward db migrate --citus` says why it cannot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { citusPlan, citusVersion, distributeForCitus } from '../../src/db/citus/distribute.js';
import { CITUS_LAYOUT } from '../../src/db/citus/layout.js';
import { describeEachEngine, seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

describeEachEngine('Citus layout of the schema', (db, engine) => {
  it('places every table, and every tenant table can be sharded by organisation as it is', async () => {
    const plan = await citusPlan(db().db);
    expect(plan.problems).toEqual([]);
    const placed = [...plan.reference, ...plan.distributed, ...plan.local].sort();
    expect(placed).toEqual(Object.keys(CITUS_LAYOUT).sort());
    expect(plan.distributed).toContain('findings');
    expect(plan.reference).toContain('organisations');
  });

  if (engine !== 'citus') {
    it('leaves a database without Citus as it is', async () => {
      expect(await citusVersion(db().db)).toBeNull();
      expect(await distributeForCitus(db().db)).toBeNull();
    });
  }
});

it('ward db migrate --citus refuses the embedded database, saying what it needs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-citus-cli-'));
  try {
    // A migrated cluster: what is refused is the engine, whatever its state.
    seedMigratedDataDir(join(dir, 'data'));
    const run = await runWard(['db', 'migrate', '--citus'], {
      WARD_DATA_DIR: join(dir, 'data'),
      DATABASE_URL: '',
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--citus needs a PostgreSQL server with Citus');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
