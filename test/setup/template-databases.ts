/**
 * The run's migrated template databases, made once by the global set-up so that a test's database
 * is a copy of one rather than a new cluster replaying every migration (about half a second on
 * PostgreSQL, four to six seconds on PGlite, whose new clusters run initdb in WebAssembly):
 *
 * - PostgreSQL: a template database in the run's cluster, copied by `CREATE DATABASE … TEMPLATE`;
 * - PGlite: a Ward data directory with a migrated cluster, which the end-to-end tests copy as a
 *   `ward` child process's data directory, and a dump of that cluster, which the in-process tests
 *   load into memory.
 *
 * Both are migrated by Ward's own migrator, from the sources under test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { embeddedClusterDir, openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** The template database's name in the run's PostgreSQL cluster. */
const POSTGRES_TEMPLATE = 'ward_template';

export interface TemplateDatabases {
  /** Name of the migrated template database in the run's PostgreSQL cluster. */
  postgres: string;
  /** A Ward data directory holding a migrated PGlite cluster and nothing else. */
  pgliteDataDir: string;
  /** A dump (uncompressed tar) of that directory, as PGlite's `loadDataDir` reads it. */
  pgliteDump: string;
  seconds: number;
  remove(): void;
}

/** Runs a statement as the cluster's superuser on its own connection (CREATE DATABASE needs one). */
async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Creates and migrates the PostgreSQL template, then closes every connection to it and refuses new
 * ones: PostgreSQL copies a template only while nobody is connected to it.
 */
async function makePostgresTemplate(adminUrl: string): Promise<void> {
  await adminQuery(adminUrl, `CREATE DATABASE ${POSTGRES_TEMPLATE}`);
  const database = await openDatabase({
    databaseUrl: adminUrl.replace(/\/postgres$/, `/${POSTGRES_TEMPLATE}`),
  });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
  await adminQuery(
    adminUrl,
    `ALTER DATABASE ${POSTGRES_TEMPLATE} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`,
  );
}

/**
 * The test clusters' buffer pool. PGlite zeroes its buffer pool whenever it starts, and at the
 * default 128 MB that took a third of a start's CPU; a test database's data is far smaller, and
 * the same speed on the demo-sized tests was measured either way. (Like the PostgreSQL test
 * cluster's fsync=off: a setting of the tests' servers, not of Ward.)
 */
const PGLITE_SHARED_BUFFERS = '16MB';

/**
 * Initialises and migrates a PGlite cluster as Ward does under a data directory, sets the tests'
 * buffer pool, then writes a dump of the cluster (PGlite's own format, so that loading it is
 * PGlite's own code too).
 */
async function makePGliteTemplate(dataDir: string, dumpFile: string): Promise<void> {
  const database = await openDatabase({ dataDir });
  try {
    await migrateToLatest(database.db);
    await sql.raw(`ALTER SYSTEM SET shared_buffers = '${PGLITE_SHARED_BUFFERS}'`).execute(database.db);
  } finally {
    await database.close();
  }
  const pglite = new PGlite(embeddedClusterDir(dataDir));
  try {
    // Asked for before the cluster is up, the dump can wait forever.
    await pglite.waitReady;
    writeFileSync(dumpFile, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  } finally {
    await pglite.close();
  }
}

/** Makes both engines' templates side by side (PGlite's is CPU work, PostgreSQL's mostly waiting). */
export async function makeTemplateDatabases(adminUrl: string): Promise<TemplateDatabases> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'ward-templates-'));
  const pgliteDataDir = join(dir, 'data');
  const pgliteDump = join(dir, 'pglite-dump.tar');
  try {
    await Promise.all([makePostgresTemplate(adminUrl), makePGliteTemplate(pgliteDataDir, pgliteDump)]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    postgres: POSTGRES_TEMPLATE,
    pgliteDataDir,
    pgliteDump,
    seconds: (Date.now() - started) / 1000,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
