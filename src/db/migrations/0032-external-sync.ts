import { type Kysely, sql } from 'kysely';

/**
 * A national scan report refreshes most open exposures in place: `last_seen` (and `updated_at`)
 * move, nothing else. The `(source, last_seen)` index made every such refresh a new tuple with a
 * new entry in every index; without it (closing the unseen reads the source's open rows, a scan
 * that costs less than the index's upkeep) and with room left on each page, a refresh is a
 * heap-only update. Closing and reopening still change `closed_at`, which the open index covers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS external_services_source`.execute(db);
  await sql`ALTER TABLE external_services SET (fillfactor = 70)`.execute(db);
}
