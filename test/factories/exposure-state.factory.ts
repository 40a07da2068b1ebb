/**
 * Everything a refresh of findings derives — findings without their timestamps, component presence,
 * asset platforms, exposed cells and devices, both roll-ups — in a stable order, to compare an
 * incremental refresh with a full recompute.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.js';

export async function derivedExposure(database: Database) {
  const read = async (query: ReturnType<typeof sql>) => (await query.execute(database.db)).rows;
  return {
    findings: await read(sql`
      SELECT org_id, component_id, cve_id, asset_count, exposure, safety_impact, status, certainty
      FROM findings ORDER BY 1, 2, 3`),
    presence: await read(sql`SELECT * FROM component_presence ORDER BY 1, 2, 3`),
    platforms: await read(sql`SELECT * FROM asset_platforms ORDER BY 1, 2`),
    cells: await read(sql`SELECT * FROM exposed_cells ORDER BY 1, 2, 3`),
    devices: await read(sql`SELECT * FROM exposed_devices ORDER BY 1, 2`),
    rollup: await read(sql`SELECT * FROM exposure_rollup ORDER BY 1, 2, 3, 4`),
    deviceRollup: await read(sql`SELECT * FROM device_rollup ORDER BY 1, 2, 3`),
  };
}
