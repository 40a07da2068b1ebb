import { type Kysely, sql } from 'kysely';

/**
 * The products register: one catalogue of products (keyed by the component match key Ward stores,
 * CPE `part:vendor:product` or purl `pkg:type/namespace/name`) and their assurance statuses for a
 * use — approved, certified against a named standard, not approved, end of life. The baseline's
 * end-of-life evidence reads this table; the end-of-life entries Ward ships are rows marked
 * `shipped`, refreshed on upgrade, while a national admin's own rows (`shipped` false) are never
 * overwritten by one. Global, like intel (a reference table under Citus).
 *
 * `product_cve_notices`: which new CVE of a certified product the register's owners have been told
 * about, so each (product, CVE) is notified once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE products (
      key text PRIMARY KEY,
      name text NOT NULL,
      vendor text NOT NULL,
      category text NOT NULL,
      notes text NOT NULL DEFAULT '',
      shipped boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX products_category ON products (category, key)`.execute(db);
  await sql`
    CREATE TABLE product_statuses (
      product_key text NOT NULL REFERENCES products(key) ON DELETE CASCADE,
      status text NOT NULL CHECK (status IN ('approved', 'certified', 'not-approved', 'end-of-life')),
      use text NOT NULL DEFAULT 'any',
      standard text,
      certificate_ref text,
      certified_on text CHECK (certified_on ~ '^\\d{4}-\\d{2}-\\d{2}$'),
      expires_on text CHECK (expires_on ~ '^\\d{4}-\\d{2}-\\d{2}$'),
      end_of_life text CHECK (end_of_life ~ '^\\d{4}-\\d{2}-\\d{2}$'),
      source text,
      shipped boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      PRIMARY KEY (product_key, status, use),
      CHECK ((status = 'certified') = (standard IS NOT NULL AND certified_on IS NOT NULL)),
      CHECK ((status = 'end-of-life') = (end_of_life IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX product_statuses_status ON product_statuses (status, product_key)`.execute(db);
  await sql`
    CREATE TABLE product_cve_notices (
      product_key text NOT NULL,
      cve_id text NOT NULL,
      notified_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (product_key, cve_id)
    )`.execute(db);
}
