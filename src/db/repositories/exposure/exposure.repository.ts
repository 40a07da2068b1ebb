/**
 * Reading exposure: findings with their derived status (exceptions) and priority (KEV, EPSS, CVSS
 * as they stand now), roll-ups per organisation subtree, and who is exposed to a CVE. Every read
 * takes the caller's scope.
 */
import { type Kysely, type RawBuilder, type Selectable, sql, type Transaction } from 'kysely';
import type { Scope } from '../../../domain/access/scope.js';
import type { FindingBasis } from '../../../domain/platform/platform-defaults.js';
import type { FindingCertainty } from '../../../domain/rules/match-rule.js';
import type {
  ComponentTable,
  DB,
  FindingTable,
  OrganisationTable,
  VulnerabilityTable,
} from '../../schema.js';
import { inScope, orgIdIn, subtreeOrgIds, underOrg } from '../../scope.js';
import { EXTERNAL_SOURCE } from '../outside/external-asset.repository.js';
import { confirmedFinding } from '../priority.sql.js';
import { exceptionsActive } from './exception.repository.js';
import {
  cveFactsSql,
  effectiveStatus,
  OPEN_FINDING,
  openByCveSql,
  openFinding,
  PRIORITY,
  PRIORITY_OF_FACTS,
  PRIORITY_ORDER,
  PRIORITY_ORDER_OF_FACTS,
  withinSubtree,
} from './finding.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

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
  /** Only findings on a component an external scan sees (true), or only those it does not (false). */
  seenFromOutside?: boolean;
  /** Include fixed and excepted findings too. */
  all?: boolean;
  limit: number;
  offset?: number;
}

/**
 * A finding as the worklist reads it: its own columns, its component's (`assumed_by` '' when
 * reported, else the platform whose defaults it is assumed from), its CVE's scores, and what is
 * derived when read — effective status, priority, KEV and EPSS.
 */
export type FindingRow = Pick<
  Selectable<FindingTable>,
  'cve_id' | 'asset_count' | 'exposure' | 'safety_impact' | 'first_seen'
> &
  Pick<
    Selectable<ComponentTable>,
    'key' | 'version' | 'update' | 'cpe' | 'purl' | 'assumed_by' | 'scheme' | 'attrs'
  > &
  Pick<Selectable<VulnerabilityTable>, 'cvss_score' | 'cvss_severity' | 'cvss_vector'> & {
    org_code: string;
    org_name: string;
    certainty: FindingCertainty;
    status: string;
    priority: string;
    kev: boolean;
    kev_due_date: Date | null;
    epss: number | null;
    seen_from_outside: boolean;
  };

/**
 * The finding (alias `f`) is on a live asset of source `external`: a component an external scan's
 * banner names on one of the organisation's addresses. `subtree`: as for `effectiveStatus`.
 */
export function seenFromOutside(subtree: readonly string[] | null): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM asset_components xac
  JOIN assets xa ON xa.org_id = xac.org_id AND xa.id = xac.asset_id
  WHERE xac.org_id = f.org_id AND xac.component_id = f.component_id AND xa.source = ${EXTERNAL_SOURCE}
    AND xa.retired_at IS NULL${withinSubtree('xac.org_id', subtree)})`;
}

/**
 * The worklist's conditions. `subtree`: the organisations under `f.underOrgId` by value (see
 * `subtreeOrgIds`), so Citus routes the read to their shards; null: too many, read through the tree.
 */
function filters(scope: Scope, f: FindingFilter, subtree: readonly string[] | null): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [inScope('f.org_id', scope)];
  if (f.underOrgId) parts.push(subtree ? orgIdIn('f.org_id', subtree) : underOrg('f.org_id', f.underOrgId));
  if (f.kev) parts.push(sql`k.cve_id IS NOT NULL`);
  if (f.cve) parts.push(sql`f.cve_id = ${f.cve}`);
  if (f.priority) parts.push(sql`${PRIORITY} = ${f.priority}`);
  if (f.certainty) parts.push(sql`f.certainty = ${f.certainty}`);
  if (f.basis) parts.push(f.basis === 'assumed' ? sql`c.assumed_by <> ''` : sql`c.assumed_by = ''`);
  if (f.seenFromOutside !== undefined)
    parts.push(f.seenFromOutside ? seenFromOutside(subtree) : sql`NOT ${seenFromOutside(subtree)}`);
  if (!f.all) parts.push(openFinding(subtree));
  return sql.join(parts, sql` AND `);
}

/**
 * Findings in priority order (Act first, then KEV, then CVSS). Under an organisation, its subtree
 * is read by value, in the filter and in the correlated subqueries among the output columns, so on
 * Citus an organisation's worklist is a router query (one task on one worker for a leaf).
 */
export async function listFindings(db: Executor, scope: Scope, f: FindingFilter): Promise<FindingRow[]> {
  const subtree = f.underOrgId ? await subtreeOrgIds(db, [f.underOrgId]) : null;
  const root = await listRoot(db, scope, f);
  // The root's subtree by value, as the summaries read the roll-up (Citus routes it to the shards).
  const rootSubtree = f.underOrgId ? subtree : root ? await subtreeOrgIds(db, [root]) : null;
  const leading = await leadingCves(db, f, root, rootSubtree);
  const rows = await sql<FindingRow>`
    SELECT o.code AS org_code, o.name AS org_name, f.cve_id, c.key, c.version, c.update, c.cpe, c.purl, c.assumed_by, c.scheme, c.attrs, f.certainty,
      f.asset_count,
      f.exposure, f.safety_impact, ${effectiveStatus(subtree)} AS status, ${PRIORITY} AS priority, v.cvss_score, v.cvss_severity,
      v.cvss_vector, k.cve_id IS NOT NULL AS kev, k.due_date AS kev_due_date, e.epss, f.first_seen,
      ${seenFromOutside(subtree)} AS seen_from_outside
    FROM ${findingsBase()}
    WHERE ${filters(scope, f, subtree)} ${leading ? sql`AND f.cve_id = ANY(${leading}::text[])` : sql``}
    ORDER BY f.certainty = 'possible', ${PRIORITY_ORDER}, (k.cve_id IS NOT NULL) DESC, v.cvss_score DESC NULLS LAST, f.asset_count DESC, o.code, f.cve_id, c.key
    LIMIT ${f.limit} OFFSET ${f.offset ?? 0}`.execute(db);
  return rows.rows;
}

/**
 * The organisation whose subtree a worklist lists: the one asked for, else the caller's one root,
 * else (for the whole federation) its one root; null when there is no single one.
 */
async function listRoot(db: Executor, scope: Scope, f: FindingFilter): Promise<string | null> {
  if (f.underOrgId) return f.underOrgId;
  if (!scope.all) return scope.roots.length === 1 ? (scope.roots[0] as string) : null;
  const roots = await sql<{
    id: string;
  }>`SELECT id FROM organisations WHERE parent_id IS NULL LIMIT 2`.execute(db);
  return roots.rows.length === 1 ? (roots.rows[0]?.id as string) : null;
}

/**
 * Of a subtree's worklist, the CVEs whose open, confirmed findings can fill its first `offset +
 * limit` places: read from the roll-up (a few rows per CVE), every CVE ranked — by priority, KEV
 * and CVSS, the worklist's order before the finding's own columns — at or before the rank where
 * the count of findings reaches that many, ties included. The worklist then sorts those CVEs'
 * findings alone: sorting every open finding of the federation (1.3 million with the real NVD's
 * volume of CVEs) took three seconds. Null when that cannot be known from the roll-up — a single
 * organisation (its worklist is small), filters the roll-up does not hold, or a page that reaches
 * past the confirmed findings into the possible ones (the roll-up counts confirmed ones only).
 */
async function leadingCves(
  db: Executor,
  f: FindingFilter,
  rootId: string | null,
  subtree: readonly string[] | null,
): Promise<string[] | null> {
  if (!rootId || (subtree && subtree.length < 2)) return null;
  if (f.all || f.basis || f.cve || f.certainty === 'possible' || f.seenFromOutside !== undefined) return null;
  const exceptions = await exceptionsActive(db, subtree);
  // The worklist's order as ascending columns: priority, KEV first, CVSS highest first (none last).
  // Separate columns, not one row value: Citus cannot pass an anonymous record between its steps.
  const kev = f.kev ? sql`AND i.kev` : sql``;
  const priority = f.priority ? sql`AND ${PRIORITY_OF_FACTS} = ${f.priority}` : sql``;
  const rows = await sql<{ cve_id: string }>`
    WITH f AS (${openByCveSql(sql`SELECT id AS group_id FROM organisations WHERE id = ${rootId}`, subtree, exceptions)}),
    i AS (${cveFactsSql(sql`SELECT DISTINCT cve_id FROM f`)}),
    x AS (
      SELECT f.cve_id, f.n, ${PRIORITY_ORDER_OF_FACTS} AS r1, NOT i.kev AS r2, coalesce(-v.cvss_score, 100) AS r3
      FROM f JOIN i ON i.cve_id = f.cve_id LEFT JOIN vulnerabilities v ON v.cve_id = f.cve_id
      WHERE true ${kev} ${priority}
    ),
    cut AS (
      SELECT r.r1, r.r2, r.r3
      FROM (SELECT r1, r2, r3, sum(sum(n)) OVER (ORDER BY r1, r2, r3) AS upto FROM x GROUP BY r1, r2, r3) r
      WHERE r.upto >= ${(f.offset ?? 0) + f.limit} ORDER BY r.r1, r.r2, r.r3 LIMIT 1
    )
    SELECT DISTINCT x.cve_id FROM x JOIN cut c ON (x.r1, x.r2, x.r3) <= (c.r1, c.r2, c.r3)`.execute(db);
  return rows.rows.length > 0 ? rows.rows.map((r) => r.cve_id) : null;
}

/** Open-finding counts of one subtree. `self`: the organisation asked about; otherwise one of its children. */
export type SummaryRow = Pick<Selectable<OrganisationTable>, 'code' | 'name' | 'kind'> & {
  org_id: string;
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
};

/**
 * Open-finding counts by priority and KEV for the subtree under `orgId` and for each child's
 * subtree, one row each (children without findings too), in one statement. Read from the roll-up
 * (a few rows per CVE and subtree), less the findings an active exception covers, then joined to
 * the intel so priority is derived as it stands now — the same counts as counting the findings.
 * `subtree`: the organisations under `orgId` by value (see `subtreeOrgIds`), so Citus routes the
 * read to their shards (one for a leaf); null: read through the tree.
 */
export async function summariseFindings(
  db: Executor,
  scope: Scope,
  orgId: string,
  subtree: readonly string[] | null = null,
  /** Whether an exception is active in the subtree (`exceptionsActive`), when the caller knows. */
  exceptionsKnown?: boolean,
): Promise<SummaryRow[]> {
  const exceptions = exceptionsKnown ?? (await exceptionsActive(db, subtree));
  const rows = await sql<SummaryRow>`
    WITH g AS (
      SELECT id AS group_id, code, name, kind, id = ${orgId} AS self FROM organisations
      WHERE (id = ${orgId} OR parent_id = ${orgId}) AND ${inScope('id', scope)}
    ),
    f AS (${openByCveSql(sql`SELECT group_id FROM g`, subtree, exceptions)}),
    i AS (${cveFactsSql(sql`SELECT DISTINCT cve_id FROM f`)}),
    x AS (
      SELECT group_id, sum(n)::int AS findings,
        sum(n) FILTER (WHERE p = 'act')::int AS act, sum(n) FILTER (WHERE p = 'attend')::int AS attend,
        sum(n) FILTER (WHERE p = 'track*')::int AS track_star, sum(n) FILTER (WHERE p = 'track')::int AS track,
        sum(n) FILTER (WHERE kev)::int AS kev, sum(n) FILTER (WHERE kev AND due < current_date)::int AS kev_overdue,
        sum(a)::int AS assets, count(DISTINCT cve_id)::int AS cves
      FROM (
        SELECT f.group_id, f.cve_id, f.n, f.a, ${PRIORITY_OF_FACTS} AS p, i.kev, i.due
        FROM f JOIN i ON i.cve_id = f.cve_id
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

/** An organisation exposed to a CVE: its open confirmed findings' assets and components, its worst priority. */
export type ExposedOrgRow = Pick<Selectable<OrganisationTable>, 'kind'> & {
  org_code: string;
  org_name: string;
  parent_code: string | null;
  assets: number;
  components: number;
  priority: string;
};

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

/** Open confirmed findings seen from outside under one subtree root. */
export interface OutsideCountRow {
  group_id: string;
  findings: number;
  act: number;
  organisations: number;
}

/**
 * For each subtree root in `groupIds` (in scope): its open confirmed findings seen from outside
 * (on a live external asset), of which priority act, and the organisations with one. Read from the
 * external assets (a few per organisation, found through the assets' natural key), not the roll-up.
 * `subtree`: every organisation under the groups by value, as for `summariseFindings`.
 */
export async function countSeenFromOutside(
  db: Executor,
  groupIds: readonly string[],
  subtree: readonly string[] | null = null,
): Promise<OutsideCountRow[]> {
  if (groupIds.length === 0) return [];
  const rows = await sql<OutsideCountRow>`
    WITH sub AS (
      SELECT c.ancestor_id AS group_id, c.descendant_id AS org_id FROM org_closure c
      WHERE c.ancestor_id IN (${sql.join(groupIds)})
    ),
    ext AS (
      SELECT DISTINCT ac.org_id, ac.component_id FROM assets a
      JOIN asset_components ac ON ac.org_id = a.org_id AND ac.asset_id = a.id
      WHERE a.org_id IN (SELECT org_id FROM sub) AND ${orgIdIn('a.org_id', subtree)}
        AND a.source = ${EXTERNAL_SOURCE} AND a.retired_at IS NULL
    ),
    outside AS (
      SELECT f.org_id, ${PRIORITY} AS p
      FROM ext JOIN findings f ON f.org_id = ext.org_id AND f.component_id = ext.component_id
      LEFT JOIN vulnerabilities v ON v.cve_id = f.cve_id
      LEFT JOIN kev_entries k ON k.cve_id = f.cve_id
      LEFT JOIN epss_scores e ON e.cve_id = f.cve_id
      WHERE ${openFinding(subtree)} AND ${confirmedFinding} AND ${orgIdIn('f.org_id', subtree)}
    )
    SELECT sub.group_id, count(*)::int AS findings, (count(*) FILTER (WHERE o.p = 'act'))::int AS act,
      count(DISTINCT o.org_id)::int AS organisations
    FROM outside o JOIN sub ON sub.org_id = o.org_id
    GROUP BY sub.group_id`.execute(db);
  return rows.rows;
}
