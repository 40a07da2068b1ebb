/**
 * The SQL of the products register's heavy read — policy findings join the register's ruled-out
 * keys to every component, asset and organisation in scope — kept in test/db/__sql__ so a change
 * shows in review as a diff of the SQL itself.
 */
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { policyCountsSql } from '../../src/db/repositories/outside/product-policy.repository.js';
import type { DB } from '../../src/db/schema.js';

const postgres = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const TRUST = '00000000-0000-4000-8000-000000000001';

describe('the SQL of product policy findings', () => {
  it('compiles as recorded, scope and day bound as parameters', async () => {
    const { sql, parameters } = policyCountsSql({ all: false, roots: [TRUST] }, TRUST, '2026-12-04').compile(
      postgres,
    );
    const text = sql
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .trim();
    await expect(`${text};\n-- parameters: ${JSON.stringify(parameters)}\n`).toMatchFileSnapshot(
      './__sql__/product-policy-counts.sql',
    );
    expect(parameters).toContain('2026-12-04');
    expect(sql).not.toContain(TRUST);
  });
});
