/**
 * Reading exposure: findings with their derived status (exceptions) and priority (KEV, EPSS, CVSS
 * as they stand now), roll-ups per organisation subtree, and who is exposed to a CVE. Every read
 * takes the caller's scope.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { FindingBasis } from '../../domain/platform/platform-defaults.js';
import type { FindingCertainty } from '../../domain/rules/match-rule.js';
import type { DB } from '../schema.js';
import { inScope, underOrg } from '../scope.js';
import { automatableSql, confirmedFinding, exploitationSql, prioritySql } from './priority.sql.js';

type Executor = Kysely<DB>;

const ACTIVE_EXCEPTION = sql`EXISTS (SELECT 1 FROM exceptions x WHERE x.org_id = f.org_id AND x.cve_id = f.cve_id
  AND x.expires_at > now() AND (x.asset_id IS NULL OR NOT EXISTS (
    SELECT 1 FROM asset_components ac JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id
    WHERE ac.org_id = f.org_id AND ac.component_id = f.component_id AND a.retired_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM exceptions y WHERE y.org_id = f.org_id AND y.cve_id = f.cve_id
        AND y.asset_id = a.id AND y.expires_at > now()))))`;

const EXPIRED_EXCEPTION = sql`EXISTS (SELECT 1 FROM exceptions x WHERE x.org_id = f.org_id AND x.cve_id = f.cve_id AND x.expires_at <= now())`;

/** Status as people see it: an active exception makes a finding excepted; an expired one reopens it. */
export const EFFECTIVE_STATUS = sql<string>`(CASE WHEN f.status = 'fixed' THEN 'fixed'
  WHEN ${ACTIVE_EXCEPTION} THEN 'excepted' WHEN ${EXPIRED_EXCEPTION} THEN 'reopened' ELSE f.status END)`;

/**
 * An open finding as people see it (status open or reopened, no active exception), written so the
 * planner can estimate it: a plain status test and an anti-join, not a CASE it cannot see into.
 */
export const OPEN_FINDING = sql<boolean>`(f.status IN ('open', 'reopened') AND NOT ${ACTIVE_EXCEPTION})`;

export const PRIORITY = prioritySql(
  exploitationSql(sql`k.cve_id`, sql`e.epss`),
  sql`f.exposure`,
  automatableSql(sql`v.cvss_vector`),
  sql`f.safety_impact`,
);

/** Findings joined with the facts their priority is derived from. */
function findingFacts(): RawBuilder<unknown> {
  return sql`findings f
    LEFT JOIN vulnerabilities v ON v.cve_id = f.cve_id
    LEFT JOIN kev_entries k ON k.cve_id = f.cve_id
    LEFT JOIN epss_scores e ON e.cve_id = f.cve_id`;
}

/** The same with the organisation and the component, for lists people read. */
function findingsBase(): RawBuilder<unknown> {
  return sql`${findingFacts()}
    JOIN organisations o ON o.id = f.org_id
    JOIN components c ON c.id = f.component_id`;
}

export interface FindingFilter {
  /** Only this organisation's subtree (ids of the subtree root); null: the whole scope. */
  underOrgId: string | null;
  kev?: boolean;
  priority?: string;
  cve?: string;
  /** Only findings on components the inventory reports, or only on components assumed from platform defaults. */
  basis?: FindingBasis;
  /** Only confirmed or only possible findings; both when absent. */
  certainty?: FindingCertainty;
  /** Include fixed and excepted findings too. */
  all?: boolean;
  limit: number;
  offset?: number;
}

export interface FindingRow {
  org_code: string;
  org_name: string;
  cve_id: string;
  key: string;
  version: string;
  update: string;
  cpe: string | null;
  purl: string | null;
  /** '' when reported; the platform label when the component is assumed from its defaults. */
  assumed_by: string;
  scheme: string;
  attrs: string;
  certainty: FindingCertainty;
  asset_count: number;
  exposure: string;
  safety_impact: boolean;
  status: string;
  priority: string;
  cvss_score: string | null;
  cvss_severity: string | null;
  cvss_vector: string | null;
  kev: boolean;
  kev_due_date: Date | null;
  epss: number | null;
  first_seen: Date;
}

function filters(scope: Scope, f: FindingFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [inScope('f.org_id', scope)];
  if (f.underOrgId) parts.push(underOrg('f.org_id', f.underOrgId));
  if (f.kev) parts.push(sql`k.cve_id IS NOT NULL`);
  if (f.cve) parts.push(sql`f.cve_id = ${f.cve}`);
  if (f.priority) parts.push(sql`${PRIORITY} = ${f.priority}`);
  if (f.certainty) parts.push(sql`f.certainty = ${f.certainty}`);
  if (f.basis) parts.push(f.basis === 'assumed' ? sql`c.assumed_by <> ''` : sql`c.assumed_by = ''`);
  if (!f.all) parts.push(OPEN_FINDING);
  return sql.join(parts, sql` AND `);
}

const PRIORITY_ORDER = sql`CASE ${PRIORITY} WHEN 'act' THEN 0 WHEN 'attend' THEN 1 WHEN 'track*' THEN 2 ELSE 3 END`;

/** Findings in priority order (Act first, then KEV, then CVSS). */
export async function listFindings(db: Executor, scope: Scope, f: FindingFilter): Promise<FindingRow[]> {
  const rows = await sql<FindingRow>`
    SELECT o.code AS org_code, o.name AS org_name, f.cve_id, c.key, c.version, c.update, c.cpe, c.purl, c.assumed_by, c.scheme, c.attrs, f.certainty,
      f.asset_count,
      f.exposure, f.safety_impact, ${EFFECTIVE_STATUS} AS status, ${PRIORITY} AS priority, v.cvss_score, v.cvss_severity,
      v.cvss_vector, k.cve_id IS NOT NULL AS kev, k.due_date AS kev_due_date, e.epss, f.first_seen
    FROM ${findingsBase()}
    WHERE ${filters(scope, f)}
    ORDER BY f.certainty = 'possible', ${PRIORITY_ORDER}, (k.cve_id IS NOT NULL) DESC, v.cvss_score DESC NULLS LAST, f.asset_count DESC, o.code, f.cve_id, c.key
    LIMIT ${f.limit} OFFSET ${f.offset ?? 0}`.execute(db);
  return rows.rows;
}

export interface SummaryRow {
  org_id: string;
  code: string;
  name: string;
  kind: string;
  /** The organisation asked about (its whole subtree); otherwise one of its children (theirs). */
  self: boolean;
  findings: number;
  act: number;
  attend: number;
  track_star: number;
  track: number;
  kev: number;
  kev_overdue: number;
  assets: number;
  cves: number;
}

/**
 * Open findings per subtree root in `groups` (a query yielding `group_id`), CVE, exposure and safety
 * impact, as columns `group_id, cve_id, exposure, safety_impact, n` (findings) and `a` (devices):
 * the roll-up less the findings an active exception covers (read from the exceptions, a handful,
 * not from the findings). Rows with no finding left are dropped.
 */
export function openByCveSql(groups: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    SELECT group_id, cve_id, exposure, safety_impact, sum(findings) AS n, sum(assets) AS a
    FROM (
      SELECT r.org_id AS group_id, r.cve_id, r.exposure, r.safety_impact, r.findings, r.assets
      FROM exposure_rollup r JOIN (${groups}) g ON g.group_id = r.org_id
      UNION ALL
      SELECT c.ancestor_id, f.cve_id, f.exposure, f.safety_impact, -1, -f.asset_count
      FROM (SELECT DISTINCT org_id, cve_id FROM exceptions WHERE expires_at > now()) x
      JOIN findings f ON f.org_id = x.org_id AND f.cve_id = x.cve_id
      JOIN org_closure c ON c.descendant_id = f.org_id JOIN (${groups}) g ON g.group_id = c.ancestor_id
      WHERE f.status IN ('open', 'reopened') AND ${confirmedFinding} AND ${ACTIVE_EXCEPTION}
    ) counted
    GROUP BY group_id, cve_id, exposure, safety_impact HAVING sum(findings) > 0`;
}

/**
 * Open-finding counts by priority and KEV for the subtree under `orgId` and for each child's
 * subtree, one row each (children without findings too), in one statement. Read from the roll-up
 * (a few rows per CVE and subtree), less the findings an active exception covers, then joined to
 * the intel so priority is derived as it stands now — the same counts as counting the findings.
 */
export async function summariseFindings(db: Executor, scope: Scope, orgId: string): Promise<SummaryRow[]> {
  const rows = await sql<SummaryRow>`
    WITH g AS (
      SELECT id AS group_id, code, name, kind, id = ${orgId} AS self FROM organisations
      WHERE (id = ${orgId} OR parent_id = ${orgId}) AND ${inScope('id', scope)}
    ),
    f AS (${openByCveSql(sql`SELECT group_id FROM g`)}),
    x AS (
      SELECT group_id, sum(n)::int AS findings,
        sum(n) FILTER (WHERE p = 'act')::int AS act, sum(n) FILTER (WHERE p = 'attend')::int AS attend,
        sum(n) FILTER (WHERE p = 'track*')::int AS track_star, sum(n) FILTER (WHERE p = 'track')::int AS track,
        sum(n) FILTER (WHERE kev)::int AS kev, sum(n) FILTER (WHERE kev AND due < current_date)::int AS kev_overdue,
        sum(a)::int AS assets, count(DISTINCT cve_id)::int AS cves
      FROM (
        SELECT f.group_id, f.cve_id, f.n, f.a, ${PRIORITY} AS p, k.cve_id IS NOT NULL AS kev, k.due_date AS due
        FROM f
        LEFT JOIN vulnerabilities v ON v.cve_id = f.cve_id
        LEFT JOIN kev_entries k ON k.cve_id = f.cve_id
        LEFT JOIN epss_scores e ON e.cve_id = f.cve_id
      ) y
      GROUP BY group_id
    )
    SELECT g.group_id AS org_id, g.code, g.name, g.kind, g.self,
      coalesce(x.findings, 0) AS findings, coalesce(x.act, 0) AS act, coalesce(x.attend, 0) AS attend,
      coalesce(x.track_star, 0) AS track_star, coalesce(x.track, 0) AS track, coalesce(x.kev, 0) AS kev,
      coalesce(x.kev_overdue, 0) AS kev_overdue, coalesce(x.assets, 0) AS assets, coalesce(x.cves, 0) AS cves
    FROM g LEFT JOIN x ON x.group_id = g.group_id
    ORDER BY g.self DESC, g.code`.execute(db);
  return rows.rows;
}

export interface ExposedOrgRow {
  org_code: string;
  org_name: string;
  kind: string;
  parent_code: string | null;
  assets: number;
  components: number;
  priority: string;
}

/** Every organisation in scope with open findings for the CVE, most assets first. */
export async function exposedOrganisations(
  db: Executor,
  scope: Scope,
  cveId: string,
): Promise<ExposedOrgRow[]> {
  const rows = await sql<ExposedOrgRow>`
    SELECT o.code AS org_code, o.name AS org_name, o.kind, p.code AS parent_code, sum(f.asset_count)::int AS assets,
      count(*)::int AS components,
      (ARRAY['act','attend','track*','track'])[min(${PRIORITY_ORDER}) + 1] AS priority
    FROM ${findingsBase()}
    LEFT JOIN organisations p ON p.id = o.parent_id
    WHERE f.cve_id = ${cveId} AND ${inScope('f.org_id', scope)} AND ${OPEN_FINDING} AND ${confirmedFinding}
    GROUP BY o.code, o.name, o.kind, p.code
    ORDER BY assets DESC, o.code`.execute(db);
  return rows.rows;
}
