import { type Kysely, sql } from 'kysely';

/**
 * Shared services between organisations, for the worm simulation's disruption that is not infection:
 * a trust's PAS or EPR used by its practices, a shared pathology system, a regional network. Declared
 * in an organisation's network file (it provides the service or uses it), one row per consumer:
 * either one organisation, or (children) every organisation directly under it, resolved when the
 * simulation takes its snapshot. An import replaces the declaring organisation's rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE shared_services (
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      service text NOT NULL,
      provider_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      consumer_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      children boolean NOT NULL,
      PRIMARY KEY (org_id, service, provider_id, consumer_id, children)
    )`.execute(db);
}
