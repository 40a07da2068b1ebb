/**
 * Runs a database suite on every engine, like kysely's own test set-up: embedded PGlite (in memory)
 * and PostgreSQL (a fresh database per suite in the run's throwaway cluster).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type Database, type Engine, openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];

/** A connection string for a new, empty PostgreSQL database in the test cluster. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = inject('postgresUrl');
  const name = `ward_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = admin.replace(/\/postgres$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Opens a migrated, empty database on the engine. */
export async function openTestDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') {
    const database = await openDatabase({});
    await migrateToLatest(database.db);
    return database;
  }
  const { url, drop } = await createPostgresDatabase();
  const database = await openDatabase({ databaseUrl: url });
  await migrateToLatest(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

/**
 * Declares `fn`'s tests once per engine. `fn` receives a getter for that engine's database, which
 * is opened before and closed after the suite.
 */
export function describeEachEngine(name: string, fn: (db: () => Database, engine: Engine) => void): void {
  for (const engine of ENGINES) {
    describe(`${name} [${engine}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(engine);
      });
      afterAll(async () => {
        await database?.close();
      });
      fn(() => {
        if (!database) throw new Error('database not open yet');
        return database;
      }, engine);
    });
  }
}
