import { type Kysely, sql } from 'kysely';

/**
 * What Ward knows of each organisation's network, for the worm simulation: its zones (subnets or
 * VLANs, with their size, how they reach the web, clinical or office) and its reachability rules at
 * zone granularity, in order (the first matching rule wins). An import replaces both for the
 * organisation; organisations with neither fall back to the scenario's priors.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE network_zones (
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      name text NOT NULL,
      cidr text,
      size integer NOT NULL CHECK (size > 0),
      egress text NOT NULL CHECK (egress IN ('direct', 'proxy', 'none')),
      segment text NOT NULL CHECK (segment IN ('clinical', 'office')),
      imported_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, name)
    )`.execute(db);
  await sql`
    CREATE TABLE network_rules (
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      position integer NOT NULL,
      from_ref text NOT NULL,
      to_ref text NOT NULL,
      protocol text NOT NULL CHECK (protocol IN ('tcp', 'udp', 'any')),
      port integer CHECK (port BETWEEN 1 AND 65535),
      action text NOT NULL CHECK (action IN ('allow', 'deny')),
      PRIMARY KEY (org_id, position)
    )`.execute(db);
}
