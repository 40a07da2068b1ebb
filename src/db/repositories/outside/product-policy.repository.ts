/**
 * Inventory use of products the register rules out, counted per organisation and product status:
 * one query joining the register's (few) ruled-out keys to components, their assets and
 * organisations, confined to the caller's scope.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Scope } from '../../../domain/access/scope.js';
import { CLINICAL_ZONES } from '../../../domain/inventory/asset.js';
import { CLINICAL_USES } from '../../../domain/outside/product.js';
import type { PolicyCounts } from '../../../domain/outside/product-policy.js';
import type { DB } from '../../schema.js';
import { inScope, underOrg } from '../../scope.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** A clinical device: a medical device, a high or life-critical clinical system, or on a clinical zone. */
const CLINICAL = sql`(a.asset_type = 'medical_device' OR a.clinical_criticality IN ('high', 'life_critical') OR a.network_zone IN (${sql.join(CLINICAL_ZONES)}))`;

interface PolicyRow {
  code: string;
  org_name: string;
  key: string;
  name: string;
  category: string;
  status: 'not-approved' | 'end-of-life';
  use: string;
  end_of_life: string | null;
  devices: number;
  clinical: number;
  internet: number;
}

/** The statement of {@link policyCounts} (snapshotted in test/db/__sql__). */
export function policyCountsSql(scope: Scope, underOrgId: string | null, day: string): RawBuilder<PolicyRow> {
  return sql<PolicyRow>`
    SELECT o.code, o.name AS org_name, p.key, p.name, p.category, s.status, s.use, s.end_of_life,
           count(DISTINCT a.id)::int AS devices,
           count(DISTINCT a.id) FILTER (WHERE ${CLINICAL})::int AS clinical,
           count(DISTINCT a.id) FILTER (WHERE a.internet_facing)::int AS internet
    FROM product_statuses s
    JOIN products p ON p.key = s.product_key
    JOIN components c ON c.key = s.product_key
    JOIN asset_components ac ON ac.component_id = c.id
    JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id
    JOIN organisations o ON o.id = a.org_id
    WHERE a.retired_at IS NULL
      AND ${inScope('a.org_id', scope)}
      AND ${underOrgId ? underOrg('a.org_id', underOrgId) : sql`true`}
      AND ((s.status = 'end-of-life' AND s.end_of_life < ${day})
        OR (s.status = 'not-approved' AND (s.use = 'any' OR (s.use IN (${sql.join(CLINICAL_USES)}) AND ${CLINICAL}))))
    GROUP BY o.code, o.name, p.key, p.name, p.category, s.status, s.use, s.end_of_life`;
}

/** Policy counts in the scope (under one organisation when given), as of `day` (YYYY-MM-DD). */
export async function policyCounts(
  db: Executor,
  scope: Scope,
  underOrgId: string | null,
  day: string,
): Promise<PolicyCounts[]> {
  const rows = await policyCountsSql(scope, underOrgId, day).execute(db);
  return rows.rows.map((r) => ({
    org: r.code,
    orgName: r.org_name,
    product: { key: r.key, name: r.name, category: r.category },
    status: r.status,
    use: r.use,
    endOfLife: r.end_of_life,
    devices: r.devices,
    clinicalDevices: r.clinical,
    internetFacing: r.internet,
  }));
}
