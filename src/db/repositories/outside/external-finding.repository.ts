/**
 * Vulnerabilities found on banners: the open findings on an organisation's live external assets,
 * one row per (finding, observed address), with the worklist's columns and what the scans saw at
 * that address — its hostname, the open ports and when the observations were first and last seen.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Scope } from '../../../domain/access/scope.js';
import type { DB } from '../../schema.js';
import { inScope, underOrg } from '../../scope.js';
import type { FindingRow } from '../exposure/exposure.repository.js';
import { EFFECTIVE_STATUS, OPEN_FINDING, PRIORITY, PRIORITY_ORDER } from '../exposure/finding.sql.js';
import { EXTERNAL_SOURCE } from './external-asset.repository.js';

type Executor = Kysely<DB> | Transaction<DB>;

export type ExternalFindingRow = FindingRow & {
  address: string;
  hostname: string | null;
  ports: number[];
  observed_first: Date;
  observed_last: Date;
};

export interface ExternalFindingFilter {
  /** Only this organisation's subtree; null: the whole scope. */
  underOrgId: string | null;
  kev?: boolean;
  priority?: string;
  limit: number;
  offset?: number;
}

/** Open findings on live external assets in scope, Act first, then known-exploited, then by CVSS. */
export async function listExternalFindings(
  db: Executor,
  scope: Scope,
  f: ExternalFindingFilter,
): Promise<ExternalFindingRow[]> {
  const parts = [inScope('f.org_id', scope), OPEN_FINDING];
  if (f.underOrgId) parts.push(underOrg('f.org_id', f.underOrgId));
  if (f.kev) parts.push(sql`k.cve_id IS NOT NULL`);
  if (f.priority) parts.push(sql`${PRIORITY} = ${f.priority}`);
  const rows = await sql<ExternalFindingRow>`
    SELECT o.code AS org_code, o.name AS org_name, f.cve_id, c.key, c.version, c.update, c.cpe, c.purl, c.assumed_by,
      c.scheme, c.attrs, f.certainty, f.asset_count, f.exposure, f.safety_impact, ${EFFECTIVE_STATUS} AS status,
      ${PRIORITY} AS priority, v.cvss_score, v.cvss_severity, v.cvss_vector, k.cve_id IS NOT NULL AS kev,
      k.due_date AS kev_due_date, e.epss, f.first_seen, true AS seen_from_outside,
      a.asset_key AS address, a.hostname, coalesce(s.ports, '{}') AS ports,
      coalesce(s.observed_first, a.first_seen) AS observed_first, coalesce(s.observed_last, a.last_seen) AS observed_last
    FROM findings f
    JOIN organisations o ON o.id = f.org_id
    JOIN components c ON c.id = f.component_id
    JOIN asset_components ac ON ac.org_id = f.org_id AND ac.component_id = f.component_id
    JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.source = ${EXTERNAL_SOURCE} AND a.retired_at IS NULL
    CROSS JOIN LATERAL (
      SELECT array_agg(DISTINCT x.port ORDER BY x.port) AS ports, min(x.first_seen) AS observed_first,
        max(x.last_seen) AS observed_last
      FROM external_services x
      WHERE x.org_id = a.org_id AND x.address = a.asset_key::inet AND x.closed_at IS NULL
    ) s
    LEFT JOIN vulnerabilities v ON v.cve_id = f.cve_id
    LEFT JOIN kev_entries k ON k.cve_id = f.cve_id
    LEFT JOIN epss_scores e ON e.cve_id = f.cve_id
    WHERE ${sql.join(parts, sql` AND `)}
    ORDER BY f.certainty = 'possible', ${PRIORITY_ORDER}, (k.cve_id IS NOT NULL) DESC, v.cvss_score DESC NULLS LAST,
      o.code, a.asset_key, f.cve_id, c.key
    LIMIT ${f.limit} OFFSET ${f.offset ?? 0}`.execute(db);
  return rows.rows;
}
