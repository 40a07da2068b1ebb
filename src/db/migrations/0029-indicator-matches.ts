import { type Kysely, sql } from 'kysely';

/**
 * What a new indicator named of the federation's own: a registered range or domain of an
 * organisation (`org_addresses`), or a service of its seen from the internet (`external_services`).
 * One row per (indicator, organisation, what matched), written when the indicator is added, so the
 * organisation sees the flag on its indicator view and its contacts are told once. `detail` is the
 * organisation's own thing (its address, range, domain or service), never more of the indicator:
 * what else the organisation may read of it is decided by the TLP rule at read time.
 *
 * Services seen from outside get a GiST index on their address, so "which services lie in this
 * range" is an index scan like the registered ranges' one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE indicator_matches (
      indicator_id uuid NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('range', 'domain', 'service')),
      detail text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (indicator_id, org_id, kind, detail)
    )`.execute(db);
  await sql`CREATE INDEX indicator_matches_org ON indicator_matches (org_id, created_at)`.execute(db);
  await sql`CREATE INDEX external_services_address ON external_services USING gist (address inet_ops)`.execute(
    db,
  );
}
