import { type Kysely, sql } from 'kysely';

/**
 * Alert drafts: alerts Ward proposes for the national centre to review and issue in one step (or
 * dismiss with a reason), such as when a KEV entry lands for a remote-working product some
 * organisations run. One draft per trigger (`kev` and the CVE id), so a re-sync of the same entry
 * drafts nothing new; `issued_alert_id` links the alert issued from it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE alert_drafts (
      id bigserial PRIMARY KEY,
      trigger text NOT NULL,
      trigger_key text NOT NULL,
      products text[] NOT NULL DEFAULT '{}',
      title text NOT NULL,
      severity text NOT NULL,
      action text NOT NULL,
      cves text[] NOT NULL,
      targets text[] NOT NULL,
      why text NOT NULL,
      created_at timestamptz NOT NULL,
      issued_alert_id uuid REFERENCES alerts(id),
      issued_at timestamptz,
      issued_by text,
      dismissed_at timestamptz,
      dismissed_by text,
      dismissed_reason text,
      UNIQUE (trigger, trigger_key),
      CHECK ((issued_alert_id IS NULL) = (issued_at IS NULL)),
      CHECK ((dismissed_at IS NULL) = (dismissed_reason IS NULL)),
      CHECK (issued_at IS NULL OR dismissed_at IS NULL)
    )`.execute(db);
  await sql`CREATE INDEX alert_drafts_pending ON alert_drafts (created_at) WHERE issued_at IS NULL AND dismissed_at IS NULL`.execute(
    db,
  );
}
