/**
 * The SQL of the heavy alert statements, compiled for PostgreSQL and kept beside the tests, so a
 * change to them shows in review. Run `npx vitest run test/db/alert-sql.snapshot.test.ts -u` after
 * an intended change.
 */
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { expect, it } from 'vitest';
import { newTargetsSql } from '../../src/db/repositories/alert-target.repository.js';
import type { DB } from '../../src/db/schema.js';
import { subtreeScope } from '../../src/domain/access/scope.js';

/** Compiles without a database. */
const postgres = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

it('keeps the SQL of the target insert (from exposure and target specs) under review', async () => {
  const orgId = '00000000-0000-4000-8000-000000000001';
  const compiled = newTargetsSql(
    {
      alertId: '00000000-0000-4000-8000-0000000000a1',
      cves: ['CVE-2017-0144', 'CVE-2019-0708'],
      specs: [
        { text: 'auto', filters: [{ type: 'auto' }] },
        {
          text: 'kind:trust+under:QWE',
          filters: [
            { type: 'kind', kind: 'trust' },
            { type: 'under', orgId },
          ],
        },
      ],
      scope: subtreeScope([orgId]),
      onlyOrgIds: null,
      now: new Date('2026-06-01T09:00:00Z'),
      ackDueAt: new Date('2026-06-03T09:00:00Z'),
      actor: 'cli:analyst',
      maxAssets: 50,
    },
    'single',
  ).compile(postgres);
  await expect(`${compiled.sql.trim()}\n`).toMatchFileSnapshot('__sql__/alert-target-insert.sql');
});
