/**
 * Runs a database suite on every engine, like kysely's own test set-up: embedded PGlite (in memory),
 * PostgreSQL (a fresh database per suite in the run's throwaway cluster) and, with
 * WARD_TEST_CITUS=1, Citus (a fresh database on a coordinator and two workers, Ward's tables
 * placed by the distribution step of the migrations) for the suites named in citus-suites.ts.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type Database, type Engine, openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createCitusDatabase } from './citus.js';
import { runsOnCitus } from './citus-suites.js';

/** A test engine: Ward's two, and PostgreSQL with Citus (which Ward sees as PostgreSQL). */
export type TestEngine = Engine | 'citus';

/** The Citus cluster's nodes, or why the citus engine does not run in this run. */
export function citusCluster(): { coordinator: string; workers: string[] } | { skipped: string } {
  return inject('citus');
}

/**
 * The engines suite `name` runs on: PGlite, PostgreSQL, and Citus when the set-up started it and
 * the suite is one of the Citus subset (citus-suites.ts).
 */
export function testEngines(name: string): TestEngine[] {
  return 'skipped' in citusCluster() || !runsOnCitus(name)
    ? ['pglite', 'postgres']
    : ['pglite', 'postgres', 'citus'];
}

function testDatabaseName(): string {
  return `ward_test_${randomBytes(6).toString('hex')}`;
}

/**
 * A connection string for a new PostgreSQL database in the test cluster: empty, or with `migrated`
 * a copy of the run's migrated template (template-databases.ts).
 */
export async function createPostgresDatabase(
  options: { migrated?: boolean } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = inject('postgresUrl');
  const name = testDatabaseName();
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(
    options.migrated
      ? `CREATE DATABASE ${name} TEMPLATE ${inject('templates').postgres}`
      : `CREATE DATABASE ${name}`,
  );
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

/** A new, empty database on every node of the run's Citus cluster (the set-up must have started it). */
export async function createCitusTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const cluster = citusCluster();
  if ('skipped' in cluster) throw new Error(`the citus engine is not running: ${cluster.skipped}`);
  return createCitusDatabase(cluster, testDatabaseName());
}

let pgliteDump: Blob | undefined;

/** The run's migrated PGlite cluster as a dump (template-databases.ts), read once by each worker. */
function migratedPGliteDump(): Blob {
  pgliteDump ??= new Blob([readFileSync(inject('templates').pgliteDump)]);
  return pgliteDump;
}

/**
 * Makes `dataDir` a Ward data directory holding a copy of the run's migrated PGlite cluster, for a
 * `ward` child process: tests of commands other than the database's own start there rather than
 * from a new cluster (which every first command would initialise and migrate, for seconds).
 */
export function seedMigratedDataDir(dataDir: string): void {
  cpSync(inject('templates').pgliteDataDir, dataDir, { recursive: true });
}

/**
 * Opens a migrated, empty database on the engine: a copy of the run's migrated template on PGlite
 * and PostgreSQL, a new database migrated here on Citus (whose tables the migrations place).
 */
export async function openTestDatabase(engine: TestEngine): Promise<Database> {
  if (engine === 'pglite') return openDatabase({ pgliteDump: migratedPGliteDump() });
  const { url, drop } =
    engine === 'citus' ? await createCitusTestDatabase() : await createPostgresDatabase({ migrated: true });
  const database = await openDatabase({ databaseUrl: url });
  if (engine === 'citus') await migrateToLatest(database.db);
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
export function describeEachEngine(name: string, fn: (db: () => Database, engine: TestEngine) => void): void {
  for (const engine of testEngines(name)) {
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
