import { type Kysely, sql } from 'kysely';

/**
 * Product identity resolution: proposals that an inventory product (a vendor/product key, e.g.
 * `a:smiths_medical:medfusion_4000`) and an advisory product (`a:smiths_medical:medfusion_4000_
 * wireless_syringe_infusion_pump`) are the same, with the evidence, and a national analyst's
 * decision on each. Global, like the intel they resolve (a reference table under Citus).
 *
 * A confirmed alias clones the advisory key's match rules onto the inventory key; the clones carry
 * `match_rules.alias_id`, so rejecting the alias later removes exactly them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE product_aliases (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      advisory_key text NOT NULL,
      inventory_key text NOT NULL,
      advisory_vendor text NOT NULL,
      advisory_product text NOT NULL,
      status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'rejected')),
      advisories text[] NOT NULL DEFAULT '{}',
      cves text[] NOT NULL DEFAULT '{}',
      versions text[] NOT NULL DEFAULT '{}',
      evidence jsonb NOT NULL,
      proposed_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      decided_by text,
      reason text,
      UNIQUE (advisory_key, inventory_key)
    )`.execute(db);
  await sql`CREATE INDEX product_aliases_inventory_key ON product_aliases (inventory_key)`.execute(db);
  await sql`CREATE INDEX product_aliases_status ON product_aliases (status, id)`.execute(db);
  await sql`ALTER TABLE match_rules ADD COLUMN alias_id bigint`.execute(db);
  await sql`CREATE INDEX match_rules_alias ON match_rules (alias_id) WHERE alias_id IS NOT NULL`.execute(db);
}
