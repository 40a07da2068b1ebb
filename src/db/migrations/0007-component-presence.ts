import { type Kysely, sql } from 'kysely';

/**
 * Component presence: for each organisation and component, the live assets that have it, split by
 * the assets' platform (their operating-system and hardware components, sorted) — with the widest
 * exposure and whether patient safety is at stake among them. It does not depend on any CVE, so a
 * new CVE's findings are read from a few rows per organisation instead of every asset; platform
 * conditions ("running on Windows 7 SP1") are checked once per distinct platform (a few hundred
 * nationally), not once per asset. Rebuilt per organisation on import (see component-presence
 * repository).
 *
 * The component index also carries the asset id, so finding the assets with a component is an
 * index-only scan. (Databases bulk-loaded by an earlier Ward may lack the index: it is made here.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS asset_components_component`.execute(db);
  await sql`CREATE INDEX asset_components_component ON asset_components (component_id, org_id, asset_id)`.execute(
    db,
  );
  await sql`
    CREATE TABLE component_presence (
      org_id uuid NOT NULL,
      component_id integer NOT NULL,
      platform integer[] NOT NULL,
      asset_count integer NOT NULL,
      exposure_rank smallint NOT NULL,
      safety_impact boolean NOT NULL,
      PRIMARY KEY (org_id, component_id, platform)
    )`.execute(db);
  await sql`CREATE INDEX component_presence_component ON component_presence (component_id)`.execute(db);
  // Inventories already stored: counted as `rebuildPresence` counts them (kept literal: a migration
  // must not change when the code does).
  await sql`
    INSERT INTO component_presence (org_id, component_id, platform, asset_count, exposure_rank, safety_impact)
    SELECT ac.org_id, ac.component_id, coalesce(p.platform, '{}'), count(*)::int,
      max(CASE WHEN a.internet_facing THEN 2
        WHEN a.network_zone IN ('clinical', 'medical', 'theatre', 'imaging', 'lab') OR a.asset_type = 'medical_device' THEN 1
        ELSE 0 END),
      bool_or(a.asset_type = 'medical_device' OR a.clinical_criticality IN ('high', 'life_critical'))
    FROM asset_components ac
    JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.retired_at IS NULL
    LEFT JOIN (
      SELECT x.org_id, x.asset_id, array_agg(x.component_id ORDER BY x.component_id) AS platform
      FROM asset_components x JOIN components c ON c.id = x.component_id
      WHERE c.key LIKE 'o:%' OR c.key LIKE 'h:%'
      GROUP BY x.org_id, x.asset_id
    ) p ON p.org_id = ac.org_id AND p.asset_id = ac.asset_id
    GROUP BY ac.org_id, ac.component_id, coalesce(p.platform, '{}')`.execute(db);
}
