import { type Kysely, sql } from 'kysely';

/**
 * Inventory and exposure. Installed components are deduplicated nationally (`components`: one row
 * per distinct key, version and update) so that matching runs once per distinct component; tenant
 * tables lead their keys with org_id (Citus distribution column).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE components (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      key text NOT NULL,
      version text NOT NULL,
      update text NOT NULL,
      scheme text NOT NULL,
      version_key text COLLATE "C",
      cpe text,
      purl text,
      matched_at timestamptz,
      CONSTRAINT components_natural UNIQUE (key, version, update)
    )`.execute(db);
  await sql`CREATE INDEX components_unmatched ON components (id) WHERE matched_at IS NULL`.execute(db);
  await sql`CREATE INDEX components_key ON components (key, version_key)`.execute(db);
  await sql`
    CREATE TABLE assets (
      org_id uuid NOT NULL REFERENCES organisations (id),
      id bigint GENERATED ALWAYS AS IDENTITY,
      source text NOT NULL,
      asset_key text NOT NULL,
      hostname text,
      asset_type text NOT NULL,
      manufacturer text,
      model text,
      os text,
      ip text,
      network_zone text,
      internet_facing boolean NOT NULL DEFAULT false,
      clinical_criticality text NOT NULL DEFAULT 'none',
      first_seen timestamptz NOT NULL DEFAULT now(),
      last_seen timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz,
      PRIMARY KEY (org_id, id),
      CONSTRAINT assets_natural UNIQUE (org_id, source, asset_key)
    )`.execute(db);
  await sql`
    CREATE TABLE asset_components (
      org_id uuid NOT NULL,
      asset_id bigint NOT NULL,
      component_id integer NOT NULL,
      PRIMARY KEY (org_id, asset_id, component_id)
    )`.execute(db);
  await sql`CREATE INDEX asset_components_component ON asset_components (component_id, org_id)`.execute(db);
  await sql`
    CREATE TABLE component_matches (
      component_id integer NOT NULL,
      rule_id bigint NOT NULL,
      cve_id text NOT NULL,
      conditional boolean NOT NULL,
      assumed boolean NOT NULL,
      PRIMARY KEY (component_id, rule_id)
    )`.execute(db);
  await sql`CREATE INDEX component_matches_cve ON component_matches (cve_id)`.execute(db);
  await sql`CREATE INDEX component_matches_rule ON component_matches (rule_id)`.execute(db);
  await sql`
    CREATE TABLE condition_matches (
      rule_id bigint NOT NULL,
      cond integer NOT NULL,
      component_id integer NOT NULL,
      negate boolean NOT NULL,
      assumed boolean NOT NULL,
      PRIMARY KEY (rule_id, cond, component_id)
    )`.execute(db);
  await sql`CREATE INDEX condition_matches_component ON condition_matches (component_id)`.execute(db);
  await sql`
    CREATE TABLE findings (
      org_id uuid NOT NULL,
      component_id integer NOT NULL,
      cve_id text NOT NULL,
      asset_count integer NOT NULL,
      exposure text NOT NULL,
      safety_impact boolean NOT NULL,
      status text NOT NULL CHECK (status IN ('open','fixed','excepted','reopened')),
      first_seen timestamptz NOT NULL DEFAULT now(),
      last_seen timestamptz NOT NULL DEFAULT now(),
      fixed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, component_id, cve_id)
    )`.execute(db);
  await sql`CREATE INDEX findings_cve ON findings (cve_id, org_id) WHERE status IN ('open','reopened')`.execute(
    db,
  );
  await sql`
    CREATE TABLE exceptions (
      org_id uuid NOT NULL REFERENCES organisations (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      cve_id text NOT NULL,
      asset_id bigint,
      reason text NOT NULL,
      controls text NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      PRIMARY KEY (org_id, id)
    )`.execute(db);
  await sql`CREATE INDEX exceptions_cve ON exceptions (org_id, cve_id)`.execute(db);
}
