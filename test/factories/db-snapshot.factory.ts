/**
 * A comparable dump of tables, to assert that a failed operation left the database exactly as it was.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.js';

export async function snapshotTables(
  database: Database,
  tables: readonly string[],
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(database.db);
    out[table] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}
