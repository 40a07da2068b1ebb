import { type Kysely, sql } from 'kysely';

/**
 * External scan reports as imported: one row per report file, so the centre sees what each report
 * held (rows, attributed to an organisation, addresses nobody registered, with counts) and a report
 * imported again (same source, same content checksum) is recognised and changes nothing.
 *
 * `external_services` gains when its organisation was told about it (`notified_at`, set when a
 * critical or high exposure opens or reopens) and when the organisation's parents were told it is
 * still open (`escalated_at`, cleared on reopening).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE external_reports (
      id bigserial PRIMARY KEY,
      source text NOT NULL,
      file text NOT NULL,
      format text NOT NULL,
      checksum text NOT NULL,
      rows integer NOT NULL,
      attributed integer NOT NULL,
      unknown integer NOT NULL,
      unknown_distinct integer NOT NULL,
      unknown_addresses jsonb NOT NULL DEFAULT '[]'::jsonb,
      ignored integer NOT NULL,
      opened integer NOT NULL,
      refreshed integer NOT NULL,
      reopened integer NOT NULL,
      closed integer NOT NULL,
      observed_from timestamptz,
      observed_until timestamptz,
      imported_at timestamptz NOT NULL,
      imported_by text NOT NULL,
      UNIQUE (source, checksum)
    )`.execute(db);
  await sql`CREATE INDEX external_reports_imported ON external_reports (imported_at DESC)`.execute(db);
  await sql`ALTER TABLE external_services ADD COLUMN notified_at timestamptz, ADD COLUMN escalated_at timestamptz`.execute(
    db,
  );
}
