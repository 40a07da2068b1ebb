import { type Kysely, sql } from 'kysely';

/**
 * Per-contact webhooks: a `webhook` contact may have its own endpoint and signing secret (the
 * configured WARD_WEBHOOK_URL and WARD_WEBHOOK_SECRET stay the fallback), and each queued message
 * remembers the contact it is for, so the sender reads the contact's current endpoint and secret.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE contacts
      ADD COLUMN webhook_url text,
      ADD COLUMN webhook_secret text,
      ADD CONSTRAINT contacts_webhook_only CHECK (channel = 'webhook' OR (webhook_url IS NULL AND webhook_secret IS NULL)),
      ADD CONSTRAINT contacts_webhook_secret_needs_url CHECK (webhook_secret IS NULL OR webhook_url IS NOT NULL)`.execute(
    db,
  );
  await sql`ALTER TABLE outbox ADD COLUMN contact_id uuid`.execute(db);
}
