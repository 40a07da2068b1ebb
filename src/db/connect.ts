/**
 * Opens Ward's database: embedded PGlite under the data directory by default, PostgreSQL when a
 * connection string is given. Both speak the same SQL and run the same migrations.
 */
import { accessSync, constants, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import pg from 'pg';
import { ConfigError, DatabaseError } from '../errors.js';
import { PgDriver } from './drivers/pg-driver.js';
import { PGliteDriver } from './drivers/pglite-driver.js';
import type { DB } from './schema.js';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  /** Where the data lives, for messages: a directory, `memory`, or `host:port/dbname`. */
  readonly location: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** PostgreSQL connection string; when absent the embedded engine is used. */
  databaseUrl?: string | null;
  /** Embedded engine directory; null or absent keeps the database in memory (tests, `ward scan`). */
  dataDir?: string | null;
  /**
   * Embedded engine: start from this dump of a data directory (PGlite's `dumpDataDir`) rather than
   * a new, empty cluster. Tests start from a migrated one: initialising and migrating a cluster
   * costs several seconds, loading a dump about one.
   */
  pgliteDump?: Blob | null;
}

/** bigint columns (counts, sums) come back as numbers: Ward's counts stay far below 2^53. */
const INT8 = 20;

function makeKysely(driver: PGliteDriver | PgDriver): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL (expected postgres://user:pass@host:port/db)');
  }
}

async function openPostgres(url: string): Promise<Database> {
  const location = describeUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: 8,
    // Ward's queries are short; JIT compilation costs more than it saves on them.
    options: '-c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server closes (restart, failover, an administrator's terminate) must
  // not crash the process: the pool drops it and the next query opens a new one.
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') process.stderr.write(`ward: PostgreSQL connection lost: ${error.message}\n`);
  });
  let citus: boolean;
  try {
    const client = await pool.connect();
    try {
      const extension = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
      citus = extension.rowCount === 1;
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DatabaseError(
      `cannot reach PostgreSQL at ${location} (${reason}): check DATABASE_URL and that the server is running`,
    );
  }
  const db = makeKysely(new PgDriver(pool, { citus }));
  return { db, engine: 'postgres', location, close: () => db.destroy() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PGlite must not be opened by two processes at once: a pid file guards the directory. */
function lockDataDir(dir: string): () => void {
  const lockFile = join(dir, 'ward.pid');
  try {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new DatabaseError(
        `the embedded database in ${dir} is in use by another Ward process (pid ${pid}); stop it first, ` +
          'or set DATABASE_URL to share a PostgreSQL database between processes',
      );
    }
  } catch (error) {
    if (error instanceof DatabaseError) throw error;
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

/** Where the embedded engine keeps its cluster under Ward's data directory. */
export function embeddedClusterDir(dataDir: string): string {
  return join(dataDir, 'pgdata');
}

async function openPGlite(dataDir: string | null, dump: Blob | null): Promise<Database> {
  let unlock = () => {};
  if (dataDir) {
    try {
      mkdirSync(dataDir, { recursive: true });
      accessSync(dataDir, constants.W_OK);
    } catch (error) {
      throw new ConfigError(
        `the data directory ${dataDir} is not writable (${(error as NodeJS.ErrnoException).code}): set WARD_DATA_DIR to a directory you can write`,
      );
    }
    unlock = lockDataDir(dataDir);
  }
  try {
    // One options object: PGlite ignores the second argument unless the first is a directory.
    const pglite = new PGlite({
      dataDir: dataDir ? embeddedClusterDir(dataDir) : undefined,
      parsers: { [types.INT8]: (value: string) => Number(value) },
      loadDataDir: dump ?? undefined,
    });
    const db = makeKysely(new PGliteDriver(pglite));
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return {
      db,
      engine: 'pglite',
      location: dataDir ?? 'memory',
      close: async () => {
        await db.destroy();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** Opens the database the options (or, by default, the configuration) point at. */
export async function openDatabase(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPGlite(options.dataDir ?? null, options.pgliteDump ?? null);
}
