import { type Kysely, sql } from 'kysely';

/**
 * Outside-in: the public addresses each organisation registers, and the services external scans
 * observe on them.
 *
 * `org_addresses`: a range (IPv4 or IPv6 `cidr`; one address is a /32 or /128) or a domain, per
 * organisation. An address observed from outside belongs to the organisation with the most specific
 * range holding it (GiST `inet_ops` answers `range >>= address`). The same range may be registered by
 * an organisation and its ancestor (the deeper one wins); by two organisations where neither is the
 * other's ancestor it is a conflict, refused at import.
 *
 * `external_services`: one row per (organisation, source, address, port, kind) an external source
 * has seen: an exposed service (a rule of the shipped risky-services file, such as `smb` or `rdp`),
 * or a service whose banner names a product. Lifecycle per source: `first_seen`/`last_seen` from the
 * reports; `closed_at` set when the source's later reports stop seeing it for the grace period,
 * cleared (and `reopened_at` set) when it is seen again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE org_addresses (
      id bigserial PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('range', 'domain')),
      range cidr,
      domain text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'range') = (range IS NOT NULL)),
      CHECK ((kind = 'domain') = (domain IS NOT NULL)),
      UNIQUE (org_id, range),
      UNIQUE (org_id, domain)
    )`.execute(db);
  await sql`CREATE INDEX org_addresses_range ON org_addresses USING gist (range inet_ops)`.execute(db);
  await sql`CREATE INDEX org_addresses_domain ON org_addresses (domain) WHERE domain IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE external_services (
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      id bigserial,
      source text NOT NULL,
      address inet NOT NULL,
      port integer NOT NULL CHECK (port BETWEEN 0 AND 65535),
      protocol text NOT NULL,
      kind text NOT NULL,
      severity text NOT NULL,
      hostname text,
      asn integer,
      geo text,
      tag text,
      vendor text,
      product text,
      version text,
      cpe text,
      detail jsonb NOT NULL DEFAULT '{}'::jsonb,
      first_seen timestamptz NOT NULL,
      last_seen timestamptz NOT NULL,
      closed_at timestamptz,
      reopened_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, id),
      UNIQUE (org_id, source, address, port, kind)
    )`.execute(db);
  await sql`CREATE INDEX external_services_open ON external_services (org_id, kind) WHERE closed_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX external_services_source ON external_services (source, last_seen)`.execute(db);
}
