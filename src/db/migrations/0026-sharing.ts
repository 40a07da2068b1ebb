import { type Kysely, sql } from 'kysely';

/**
 * Threat intelligence shared between organisations under TLP 2.0.
 *
 * `sharing_groups` and their members (an organisation, or it and its subtree) are named sets a
 * producer shares AMBER objects with. `indicators` are the shared values (one canonical form per
 * kind), each with its producing organisation and that organisation's legal entity (a site's trust,
 * stored so the TLP rule needs no walk), its marking and where it came from. The audience of a
 * marked object — any table's row with a uuid id — is three small tables: organisations named
 * (`marked_orgs`), sharing groups named (`marked_groups`), people named for RED (`marked_people`).
 * `sightings`: an organisation saw an indicator too, how often, when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sharing_groups (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE,
      description text NOT NULL DEFAULT '',
      owner_org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE sharing_group_members (
      group_id uuid NOT NULL REFERENCES sharing_groups(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      subtree boolean NOT NULL DEFAULT false,
      PRIMARY KEY (group_id, org_id)
    )`.execute(db);
  await sql`CREATE INDEX sharing_group_members_org ON sharing_group_members (org_id)`.execute(db);

  await sql`
    CREATE TABLE indicators (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      stix_id text NOT NULL UNIQUE,
      producer_org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      producer_entity_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      type text NOT NULL,
      value text NOT NULL,
      tlp text NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
      confidence integer CHECK (confidence BETWEEN 0 AND 100),
      description text NOT NULL DEFAULT '',
      source text NOT NULL,
      first_seen timestamptz,
      last_seen timestamptz,
      valid_until timestamptz,
      warnings text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      modified_at timestamptz NOT NULL DEFAULT now(),
      revoked boolean NOT NULL DEFAULT false,
      UNIQUE (producer_entity_id, source, type, value)
    )`.execute(db);
  await sql`CREATE INDEX indicators_value ON indicators (type, value)`.execute(db);
  await sql`CREATE INDEX indicators_modified ON indicators (modified_at, id)`.execute(db);
  await sql`CREATE INDEX indicators_entity ON indicators (producer_entity_id, tlp)`.execute(db);

  await sql`
    CREATE TABLE marked_orgs (
      object_id uuid NOT NULL,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      subtree boolean NOT NULL DEFAULT false,
      PRIMARY KEY (object_id, org_id)
    )`.execute(db);
  await sql`
    CREATE TABLE marked_groups (
      object_id uuid NOT NULL,
      group_id uuid NOT NULL REFERENCES sharing_groups(id) ON DELETE CASCADE,
      PRIMARY KEY (object_id, group_id)
    )`.execute(db);
  await sql`
    CREATE TABLE marked_people (
      object_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      PRIMARY KEY (object_id, user_id)
    )`.execute(db);

  await sql`
    CREATE TABLE sightings (
      indicator_id uuid NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      count integer NOT NULL CHECK (count > 0),
      first_seen timestamptz NOT NULL,
      last_seen timestamptz NOT NULL,
      created_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (indicator_id, org_id)
    )`.execute(db);
}
