import { type Kysely, sql } from 'kysely';

/**
 * Matching precision (every CPE attribute a criterion sets must match; `-` against a versioned
 * component and spelling-only version equality are possible, not confirmed):
 * - `components.attrs`: the CPE attributes the inventory states (`edition:sw_edition:target_sw:
 *   target_hw:other`, '' when none), part of the component's identity — an x64 and an x86 install
 *   are different components. Stored components get theirs from their CPE; escaped colons are kept.
 * - `findings.certainty`: `confirmed`, or `possible` when every exposed asset matched only
 *   possibly. Possible findings are kept out of the exposure roll-up (see `confirmedFinding`).
 * Stored matches were made by the older rules: `ward exposure recompute` re-matches them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE components ADD COLUMN attrs text NOT NULL DEFAULT ''`.execute(db);
  await sql`
    UPDATE components SET attrs = a.attrs
    FROM (
      SELECT id, lower(p[8] || ':' || array_to_string(p[10:13], ':')) AS attrs
      FROM (SELECT id, regexp_split_to_array(cpe, '(?<!\\\\):') AS p FROM components WHERE cpe LIKE 'cpe:2.3:%') c
    ) a
    WHERE a.id = components.id AND a.attrs <> '*:*:*:*:*'`.execute(db);
  await sql`ALTER TABLE components DROP CONSTRAINT components_natural`.execute(db);
  await sql`ALTER TABLE components ADD CONSTRAINT components_natural UNIQUE (key, version, update, attrs, assumed_by)`.execute(
    db,
  );
  await sql`ALTER TABLE findings ADD COLUMN certainty text NOT NULL DEFAULT 'confirmed'`.execute(db);
}
