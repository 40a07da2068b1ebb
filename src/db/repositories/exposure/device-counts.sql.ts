/**
 * Counting devices by class — medical or not, and the manufacturer of medical ones — and the
 * subtree counts of the device roll-up with exceptions applied, for the exposure summary and the
 * overview's medical devices.
 */
import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { DeviceRollupTable } from '../../schema.js';
import { orgIdIn } from '../../scope.js';
import { exposedDeviceCvesSql } from './exposed-cells.sql.js';

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
 * only, each with every CVE of its cells and own list (`exposedDeviceCvesSql`). A device's CVE is
 * excepted by an exception for its organisation or for the device itself: each CVE of those devices
 * is joined to its exceptions on org_id and grouped. `subtree`: every organisation under the groups, by value (see `subtreeOrgIds`), so
 * Citus routes the read to their shards; null: all.
 */
export function deviceCountsSql(
  groupIds: readonly string[],
  medicalOnly = false,
  subtree: readonly string[] | null = null,
): RawBuilder<DeviceCountRow> {
  const ids = sql.val([...groupIds]);
  const medical = medicalOnly ? sql`AND r.medical` : sql``;
  return sql<DeviceCountRow>`
    WITH touched AS (
      SELECT u.org_id, u.asset_id, u.cve_id, bool_or(x.cve_id IS NOT NULL) AS excepted
      FROM (${exposedDeviceCvesSql(sql`d.org_id IN (SELECT org_id FROM exceptions WHERE expires_at > now() AND ${orgIdIn('org_id', subtree)})
        AND ${orgIdIn('d.org_id', subtree)}`)}) u
      LEFT JOIN exceptions x ON x.org_id = u.org_id AND x.cve_id = u.cve_id AND x.expires_at > now()
        AND (x.asset_id IS NULL OR x.asset_id = u.asset_id)
      GROUP BY u.org_id, u.asset_id, u.cve_id
    ), device AS (
      SELECT org_id, asset_id, bool_and(excepted) AS all_excepted,
        bool_or(cve_id = ANY(${KEV_CVES}::text[])) AS kev,
        bool_or(cve_id = ANY(${KEV_CVES}::text[]) AND NOT excepted) AS kev_left
      FROM touched GROUP BY org_id, asset_id HAVING bool_or(excepted)
    ), less AS (
      SELECT c.ancestor_id AS group_id, ${MEDICAL} AS medical, ${MANUFACTURER} AS manufacturer,
        -count(*) FILTER (WHERE t.all_excepted) AS exposed,
        -count(*) FILTER (WHERE t.kev AND NOT t.kev_left) AS kev
      FROM device t JOIN assets a ON a.org_id = t.org_id AND a.id = t.asset_id
      JOIN org_closure c ON c.descendant_id = t.org_id AND c.ancestor_id = ANY(${ids}::uuid[])
      WHERE ${orgIdIn('a.org_id', subtree)}
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

/** {@link deviceCountsSql} where no exception is active in the subtree: the roll-up alone. */
export function deviceRollupSql(
  groupIds: readonly string[],
  medicalOnly = false,
): RawBuilder<DeviceCountRow> {
  return sql<DeviceCountRow>`
    SELECT r.org_id AS group_id, r.medical, r.manufacturer, sum(r.devices)::int AS devices,
      sum(r.exposed)::int AS exposed, sum(r.kev)::int AS kev
    FROM device_rollup r WHERE r.org_id = ANY(${sql.val([...groupIds])}::uuid[]) ${medicalOnly ? sql`AND r.medical` : sql``}
    GROUP BY 1, 2, 3`;
}
