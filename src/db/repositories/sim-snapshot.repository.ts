/**
 * The inventory as the worm simulation needs it, in one grouped read: live assets counted per
 * organisation, zone, OS, clinical criticality and whether an open finding for one of the worm's
 * CVEs is on them. Device lists never leave the database.
 */

import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.js';
import { confirmedFinding } from './priority.sql.js';

export interface AssetGroupRow {
  org_id: string;
  network_zone: string | null;
  os: string | null;
  clinical_criticality: string;
  vulnerable: boolean;
  devices: number;
}

export async function assetGroups(db: Kysely<DB>, cves: readonly string[]): Promise<AssetGroupRow[]> {
  const cveList = sql.join(cves.map((c) => sql`${c}`));
  const { rows } = await sql<AssetGroupRow>`
    SELECT a.org_id, a.network_zone, a.os, a.clinical_criticality,
      EXISTS (
        SELECT 1 FROM asset_components ac
        JOIN findings f ON f.org_id = ac.org_id AND f.component_id = ac.component_id
        WHERE ac.org_id = a.org_id AND ac.asset_id = a.id AND f.status <> 'fixed' AND ${confirmedFinding} AND f.cve_id IN (${cveList})
      ) AS vulnerable,
      count(*)::int AS devices
    FROM assets a
    WHERE a.retired_at IS NULL
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5`.execute(db);
  return rows;
}
