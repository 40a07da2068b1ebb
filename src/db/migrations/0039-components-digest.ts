import { type Kysely, sql } from 'kysely';

/**
 * Each asset's installed components as a digest: the SHA-256 of the sorted list of their ids as
 * PostgreSQL prints an `integer[]` (`{3,17,42}`; `{}` for none, the default). A re-import compares
 * the list it brings with the digest instead of gathering every stored row of the organisation
 * into lists first (a trust of 9,000 devices: a million rows, most of a second, for the few
 * hundred devices a nightly import changes). Kept by the two writers of installed components: an
 * import's sync (inventory.repository.ts) and the federation's bulk load.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE assets ADD COLUMN components_digest bytea NOT NULL DEFAULT sha256('{}'::bytea)`.execute(
    db,
  );
  await sql`
    UPDATE assets a SET components_digest = l.digest
    FROM (
      SELECT org_id, asset_id,
        sha256(convert_to(array_agg(component_id ORDER BY component_id)::text, 'UTF8')) AS digest
      FROM asset_components GROUP BY org_id, asset_id
    ) l
    WHERE a.org_id = l.org_id AND a.id = l.asset_id`.execute(db);
}
