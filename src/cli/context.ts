/**
 * Opens the configured database for a command, brings its schema up to date, and closes it after.
 */
import { config } from '../config.js';
import { type Database, openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';

export interface OpenOptions {
  /** Apply pending migrations first (every command but `ward db status`). */
  migrate?: boolean;
}

export async function openConfiguredDatabase(options: OpenOptions = { migrate: true }): Promise<Database> {
  const c = config();
  const database = await openDatabase({ databaseUrl: c.databaseUrl, dataDir: c.dataDir });
  try {
    if (options.migrate !== false) await migrateToLatest(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Runs `fn` with the configured database open. */
export async function withDatabase<T>(
  fn: (database: Database) => Promise<T>,
  options?: OpenOptions,
): Promise<T> {
  const database = await openConfiguredDatabase(options);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}
