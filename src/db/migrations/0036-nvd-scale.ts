import { type Kysely, sql } from 'kysely';

/**
 * Each asset's platform, kept: its operating-system and hardware components (keys `o:` and `h:`),
 * sorted — what component presence groups assets by. With it, device upkeep decides a rule whose
 * platform conditions all name platforms ("SMBv1 running on Windows 7 SP1") once per distinct
 * platform and looks each candidate device's platform up by key, instead of joining every
 * component of every candidate device (about 100 each) to the rule's condition matches: a wide new
 * CVE at national scale read hundreds of thousands of rows per hit device set. Rebuilt with
 * component presence (see component-presence repository); assets with no platform component
 * have no row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE asset_platforms (
      org_id uuid NOT NULL,
      asset_id bigint NOT NULL,
      platform integer[] NOT NULL,
      PRIMARY KEY (org_id, asset_id)
    )`.execute(db);
  // Inventories already stored (kept literal: a migration must not change when the code does).
  await sql`
    INSERT INTO asset_platforms (org_id, asset_id, platform)
    SELECT x.org_id, x.asset_id, array_agg(x.component_id ORDER BY x.component_id)
    FROM asset_components x JOIN components c ON c.id = x.component_id
    WHERE c.key LIKE 'o:%' OR c.key LIKE 'h:%'
    GROUP BY x.org_id, x.asset_id`.execute(db);
}
