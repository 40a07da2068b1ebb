/**
 * Reads behind the federation overview, for a subtree within the caller's scope: alert compliance
 * (with a weekly trend), the CVEs exposing the most devices, and medical devices with open
 * findings. Open findings and priority are the exposure engine's own definitions.
 */
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { DB, EpssScoreTable, KevEntryTable, VulnerabilityTable } from '../schema.js';
import { inScope, underOrg } from '../scope.js';
import { overdueSql } from './alert-due.sql.js';
import { deviceCounts } from './exposure/device-exposure.repository.js';
import { OPEN_FINDING, openByCveSql, PRIORITY } from './exposure/finding.sql.js';
import { confirmedFinding } from './priority.sql.js';

type Executor = Kysely<DB>;

/** `column` lies in the caller's scope and under the organisation `underOrgId`. */
function within(column: string, scope: Scope, underOrgId: string): RawBuilder<unknown> {
  return sql`${inScope(column, scope)} AND ${underOrg(column, underOrgId)}`;
}

export interface ComplianceRow {
  /** Monday of the week the organisations were targeted; null for the all-time row. */
  week: Date | null;
  targets: number;
  acknowledged_in_time: number;
  awaiting: number;
  overdue: number;
}

/**
 * Targets of live (not withdrawn) alerts under the organisation: one row for all time (week null),
 * then one per week in which organisations were targeted, for the last `weeks` weeks (oldest first).
 */
export async function alertCompliance(
  db: Executor,
  scope: Scope,
  underOrgId: string,
  now: Date,
  weeks: number,
): Promise<ComplianceRow[]> {
  const counts = sql`count(*)::int AS targets,
    count(*) FILTER (WHERE t.acknowledged_at <= t.ack_due_at)::int AS acknowledged_in_time,
    count(*) FILTER (WHERE t.state = 'awaiting_ack')::int AS awaiting,
    count(*) FILTER (WHERE ${overdueSql(now)})::int AS overdue`;
  const base = sql`FROM alert_targets t JOIN alerts a ON a.id = t.alert_id
    WHERE a.withdrawn_at IS NULL AND ${within('t.org_id', scope, underOrgId)}`;
  const since = new Date(now.getTime() - weeks * 7 * 86_400_000);
  const rows = await sql<ComplianceRow>`
    SELECT NULL::timestamptz AS week, ${counts} ${base}
    UNION ALL
    (SELECT date_trunc('week', t.targeted_at) AS week, ${counts} ${base} AND t.targeted_at >= ${since}
     GROUP BY 1 ORDER BY 1)`.execute(db);
  return rows.rows;
}

/** A CVE's own columns (the description cut short), and what the query computes beside them. */
export type TopExposureRow = Pick<
  Selectable<VulnerabilityTable>,
  'cve_id' | 'description' | 'cvss_score' | 'cvss_severity'
> & {
  kev: boolean;
  kev_due_date: Selectable<KevEntryTable>['due_date'];
  epss: Selectable<EpssScoreTable>['epss'] | null;
  organisations: number;
  devices: number;
  act: number;
};

export const TOP_EXPOSURE_ORDERS = ['devices', 'organisations', 'cvss', 'epss'] as const;
export type TopExposureOrder = (typeof TOP_EXPOSURE_ORDERS)[number];

const ORDER_BY: Record<TopExposureOrder, RawBuilder<unknown>> = {
  devices: sql`devices DESC, organisations DESC`,
  organisations: sql`organisations DESC, devices DESC`,
  cvss: sql`v.cvss_score DESC NULLS LAST, devices DESC`,
  epss: sql`e.epss DESC NULLS LAST, devices DESC`,
};

/**
 * What an order ranks by before organisations are counted (`p`: a row of `per_cve`), as a pair of
 * columns, when organisations break ties only after it or not at all; null when they come first.
 * Ordering by the pair descending ranks as ORDER_BY does, unknown scores last.
 */
const RANK_BEFORE_ORGANISATIONS: Record<
  TopExposureOrder,
  readonly [RawBuilder<unknown>, RawBuilder<unknown>] | null
> = {
  devices: [sql`p.devices`, sql`0`],
  organisations: null,
  cvss: [sql`coalesce(p.cvss_score, -1)`, sql`p.devices`],
  epss: [sql`coalesce(p.epss, -1)`, sql`p.devices`],
};

/**
 * The CVEs with open findings under the organisation, by devices (or another order), with the facts
 * beside them. Findings and devices come from the roll-up; organisations are counted from the open
 * findings' CVE index, only for the CVEs that can be among the first `limit` (ties at the last
 * place included) unless the order is by organisations: counting them for every CVE took two
 * seconds nationally with the real NVD's volume of CVEs. By organisations, every CVE's are counted
 * in one pass over the open findings' CVE index, which holds all the count reads (migration 0041),
 * not looked up CVE by CVE.
 */
export async function topExposures(
  db: Executor,
  scope: Scope,
  underOrgId: string,
  order: TopExposureOrder,
  limit: number,
): Promise<TopExposureRow[]> {
  const rank = RANK_BEFORE_ORGANISATIONS[order];
  // Two columns, not one row value: Citus cannot pass an anonymous record between its steps.
  const ranked = rank
    ? sql`SELECT p.* FROM per_cve p LEFT JOIN cut c ON true WHERE c.r1 IS NULL OR (${rank[0]}, ${rank[1]}) >= (c.r1, c.r2)`
    : sql`SELECT * FROM per_cve`;
  const rows = await sql<TopExposureRow>`
    WITH f AS (${openByCveSql(sql`SELECT id AS group_id FROM organisations WHERE id = ${underOrgId} AND ${inScope('id', scope)}`)}),
    per_cve AS (
      SELECT f.cve_id, sum(f.a)::int AS devices, coalesce(sum(f.n) FILTER (WHERE ${PRIORITY} = 'act'), 0)::int AS act,
        max(v.cvss_score) AS cvss_score, max(e.epss) AS epss
      FROM f
      LEFT JOIN vulnerabilities v ON v.cve_id = f.cve_id
      LEFT JOIN kev_entries k ON k.cve_id = f.cve_id
      LEFT JOIN epss_scores e ON e.cve_id = f.cve_id
      GROUP BY f.cve_id
    ),
    cut AS (
      SELECT ${rank?.[0] ?? sql`NULL`} AS r1, ${rank?.[1] ?? sql`NULL`} AS r2 FROM per_cve p
      ORDER BY 1 DESC, 2 DESC LIMIT 1 OFFSET ${Math.max(limit - 1, 0)}
    ),
    ranked AS (${ranked}),
    orgs AS (
      SELECT f.cve_id, count(DISTINCT f.org_id)::int AS organisations
      FROM findings f
      WHERE ${rank ? sql`f.cve_id IN (SELECT cve_id FROM ranked) AND` : sql``} ${within('f.org_id', scope, underOrgId)} AND ${OPEN_FINDING} AND ${confirmedFinding}
      GROUP BY f.cve_id
    )
    SELECT p.cve_id, left(coalesce(v.description, ''), 240) AS description, v.cvss_score, v.cvss_severity,
      k.cve_id IS NOT NULL AS kev, k.due_date AS kev_due_date, e.epss,
      coalesce(o.organisations, 0) AS organisations, p.devices, p.act
    FROM ranked p
    LEFT JOIN orgs o ON o.cve_id = p.cve_id
    LEFT JOIN vulnerabilities v ON v.cve_id = p.cve_id
    LEFT JOIN kev_entries k ON k.cve_id = p.cve_id
    LEFT JOIN epss_scores e ON e.cve_id = p.cve_id
    ORDER BY ${ORDER_BY[order]}, p.cve_id
    LIMIT ${limit}`.execute(db);
  return rows.rows;
}

export interface MedicalDeviceRow {
  manufacturer: string;
  devices: number;
  at_risk: number;
  kev: number;
}

/**
 * Live medical devices under the organisation (which the caller may see whole) by manufacturer: all
 * of them, those with an open finding that applies to the device (`at_risk`: platform conditions
 * checked on the device, each device once), and those among them exposed to a known-exploited CVE.
 * Read from the maintained device roll-up.
 */
export async function medicalDevicesByManufacturer(
  db: Executor,
  underOrgId: string,
): Promise<MedicalDeviceRow[]> {
  const rows = await deviceCounts(db, [underOrgId], true);
  return rows
    .map((r) => ({ manufacturer: r.manufacturer, devices: r.devices, at_risk: r.exposed, kev: r.kev }))
    .filter((r) => r.devices > 0)
    .sort(
      (a, b) => b.at_risk - a.at_risk || b.devices - a.devices || (a.manufacturer < b.manufacturer ? -1 : 1),
    );
}
