import { type Kysely, sql } from 'kysely';

/**
 * Component presence kept by difference. A re-import recounted presence for every component its
 * change reached: when a few hundred devices of a trust changed operating system, that was every
 * component of theirs, and so every installed row of the trust (a million rows, more than a second).
 * Presence now also counts, per row, the assets of each exposure (open, controlled) and those with
 * a safety impact, so a change of inventory adds what the changed assets bring and subtracts what
 * they took away, and the widest exposure and the safety flag follow from the counts.
 * Rows already stored are counted again here, as a full recompute counts them (kept literal: a
 * migration must not change when the code does).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE component_presence
      ADD COLUMN open_assets integer NOT NULL DEFAULT 0,
      ADD COLUMN controlled_assets integer NOT NULL DEFAULT 0,
      ADD COLUMN safety_assets integer NOT NULL DEFAULT 0`.execute(db);
  await sql`
    UPDATE component_presence p SET open_assets = n.open, controlled_assets = n.controlled, safety_assets = n.safety
    FROM (
      SELECT ac.org_id, ac.component_id, coalesce(pl.platform, '{}') AS platform,
        count(*) FILTER (WHERE a.internet_facing)::int AS open,
        count(*) FILTER (WHERE NOT a.internet_facing AND (a.network_zone IN ('clinical', 'medical', 'theatre', 'imaging', 'lab')
          OR a.asset_type = 'medical_device'))::int AS controlled,
        count(*) FILTER (WHERE a.asset_type = 'medical_device' OR a.clinical_criticality IN ('high', 'life_critical'))::int AS safety
      FROM asset_components ac
      JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.retired_at IS NULL
      LEFT JOIN asset_platforms pl ON pl.org_id = ac.org_id AND pl.asset_id = ac.asset_id
      GROUP BY 1, 2, 3
    ) n
    WHERE p.org_id = n.org_id AND p.component_id = n.component_id AND p.platform = n.platform`.execute(db);
}
