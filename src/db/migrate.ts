/**
 * Applies and reports migrations. Refuses to touch a database created by a newer Ward. After
 * migrating, brings the data Ward ships in tables (the products register's defaults) up to this
 * version's, leaving rows people wrote alone, and on a Citus coordinator places any table not yet
 * placed (citus/distribute.ts).
 */
import { type Kysely, type MigrationInfo, type MigrationResultSet, Migrator, sql } from 'kysely';
import { SHIPPED_PRODUCTS } from '../domain/outside/shipped-products.js';
import { DatabaseError } from '../errors.js';
import { distributeForCitus } from './citus/distribute.js';
import { migrations } from './migrations/index.js';
import { syncShippedProducts } from './repositories/outside/product.repository.js';
import type { DB } from './schema.js';

const TABLE = 'ward_migration';
const LOCK_TABLE = 'ward_migration_lock';

function migrator(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: TABLE,
    migrationLockTableName: LOCK_TABLE,
  });
}

async function appliedNames(db: Kysely<DB>): Promise<string[]> {
  const exists = await sql<{ found: boolean }>`SELECT to_regclass(${TABLE}) IS NOT NULL AS found`.execute(db);
  if (!exists.rows[0]?.found) return [];
  const rows = await sql<{ name: string }>`SELECT name FROM ${sql.table(TABLE)} ORDER BY name`.execute(db);
  return rows.rows.map((r) => r.name);
}

export interface MigrationStatus {
  name: string;
  applied: boolean;
  appliedAt: Date | null;
}

/** The migrations the database lacks; refuses a database with migrations this version does not know. */
async function pendingNames(db: Kysely<DB>): Promise<string[]> {
  const applied = await appliedNames(db);
  const unknown = applied.filter((name) => !(name in migrations));
  if (unknown.length > 0) {
    throw new DatabaseError(
      `this database was created by a newer Ward (it has migration ${unknown.join(', ')}, which this version does not know): upgrade Ward`,
    );
  }
  return Object.keys(migrations).filter((name) => !applied.includes(name));
}

/** Every known migration and whether the database has it. */
export async function migrationStatus(db: Kysely<DB>): Promise<MigrationStatus[]> {
  await pendingNames(db);
  const infos: readonly MigrationInfo[] = await migrator(db).getMigrations();
  return infos.map((m) => ({
    name: m.name,
    applied: m.executedAt !== undefined,
    appliedAt: m.executedAt ?? null,
  }));
}

/** Runs kysely's migrator (under its lock); returns the names it applied. */
async function applyPending(db: Kysely<DB>): Promise<string[]> {
  const { error, results }: MigrationResultSet = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new DatabaseError(`migration ${failed} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Applies pending migrations; returns the names applied. Every command opens the database through
 * here, so an up-to-date database is told from its migration table alone: the migrator would
 * introspect every table to find its own first, which on PGlite costs a command a tenth of a second
 * or more. `distribute: false` leaves placing the tables on Citus to the caller (`ward db migrate`,
 * which reports it).
 */
export async function migrateToLatest(
  db: Kysely<DB>,
  options: { distribute?: boolean } = {},
): Promise<string[]> {
  const applied = (await pendingNames(db)).length > 0 ? await applyPending(db) : [];
  await syncShippedProducts(db, SHIPPED_PRODUCTS);
  if (options.distribute !== false) await distributeForCitus(db);
  return applied;
}
