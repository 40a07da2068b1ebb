/**
 * Counting devices by class — medical or not, and the manufacturer of medical ones — and the
 * subtree counts of the device roll-up with exceptions applied, for the exposure summary and the
 * overview's medical devices.
 */
import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { DeviceRollupTable } from '../../schema.js';

/** Medical devices (`assets a`) are counted per manufacturer; other devices under the empty name. */
export const MEDICAL = sql<boolean>`(a.asset_type = 'medical_device')`;
export const MANUFACTURER = sql<string>`(CASE WHEN a.asset_type = 'medical_device'
  THEN coalesce(nullif(a.manufacturer, ''), 'Unknown') ELSE '' END)`;

/** The CVEs in the KEV catalogue, as an array to test a device's CVEs against. */
export const KEV_CVES = sql`(SELECT coalesce(array_agg(cve_id), '{}') FROM kev_entries)`;

/**
 * A subtree's devices of one class (the roll-up's columns, keyed by the subtree's root): live
 * devices, those with an open finding that applies to them and is not excepted for them, and those
 * among them with such a finding for a known-exploited CVE.
 */
export type DeviceCountRow = Omit<Selectable<DeviceRollupTable>, 'org_id'> & { group_id: string };

/**
 * Devices in the subtree of each organisation given (the caller checks they are in scope), per
 * medical or not and manufacturer: the roll-up, less the devices an active exception leaves with no
 * CVE (or no KEV CVE) — read from the exceptions (a handful), the devices of their organisations
 * only. A device's CVE is excepted by an exception for its organisation or for the device itself.
 */
export function deviceCountsSql(
  groupIds: readonly string[],
  medicalOnly = false,
): RawBuilder<DeviceCountRow> {
  const ids = sql.val([...groupIds]);
  const medical = medicalOnly ? sql`AND r.medical` : sql``;
  return sql<DeviceCountRow>`
    WITH x AS (SELECT org_id, asset_id, cve_id FROM exceptions WHERE expires_at > now()),
    touched AS (
      SELECT d.org_id, d.asset_id, d.cves, ARRAY(SELECT unnest(d.cves) EXCEPT SELECT x.cve_id FROM x
        WHERE x.org_id = d.org_id AND (x.asset_id IS NULL OR x.asset_id = d.asset_id)) AS left_cves
      FROM exposed_devices d WHERE d.org_id IN (SELECT org_id FROM x)
    ), less AS (
      SELECT c.ancestor_id AS group_id, ${MEDICAL} AS medical, ${MANUFACTURER} AS manufacturer,
        -count(*) FILTER (WHERE cardinality(t.left_cves) = 0) AS exposed,
        -count(*) FILTER (WHERE t.cves && ${KEV_CVES} AND NOT t.left_cves && ${KEV_CVES}) AS kev
      FROM touched t JOIN assets a ON a.org_id = t.org_id AND a.id = t.asset_id
      JOIN org_closure c ON c.descendant_id = t.org_id AND c.ancestor_id = ANY(${ids}::uuid[])
      WHERE cardinality(t.left_cves) < cardinality(t.cves)
      GROUP BY 1, 2, 3
    )
    SELECT group_id, medical, manufacturer, sum(devices)::int AS devices, sum(exposed)::int AS exposed,
      sum(kev)::int AS kev
    FROM (
      SELECT r.org_id AS group_id, r.medical, r.manufacturer, r.devices, r.exposed, r.kev
      FROM device_rollup r WHERE r.org_id = ANY(${ids}::uuid[]) ${medical}
      UNION ALL
      SELECT group_id, medical, manufacturer, 0, exposed, kev FROM less r WHERE true ${medical}
    ) y
    GROUP BY 1, 2, 3`;
}
