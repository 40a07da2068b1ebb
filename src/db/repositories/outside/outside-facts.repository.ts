/**
 * Facts seen from outside that other parts read: the baseline's secure-configuration evidence
 * (risky services open to the internet) and the worm simulation's internet reachability (SMB on
 * port 445 observed open, or observed closed on a covered organisation).
 */
import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** The severities of the risky-services rules that count against secure configuration. */
export const RISKY_SEVERITIES = ['high', 'critical'] as const;

export interface RiskyServiceFigures {
  /** Open high or critical services. */
  open: number;
  /** Open high or critical services by kind (`smb`, `rdp`, …). */
  byKind: Record<string, number>;
  /** The latest observation of the organisation by any source (ISO 8601). */
  asOf: string;
}

/**
 * Per organisation that any external source has observed (open or since closed): its open high
 * and critical services, by kind, and as of when. Organisations never observed are absent.
 */
export async function riskyServicesSeenOpen(
  db: Executor,
  orgFilter: (column: string) => RawBuilder<SqlBool>,
): Promise<Map<string, RiskyServiceFigures>> {
  const { rows } = await sql<{ org_id: string; kind: string | null; open: number; as_of: Date }>`
    SELECT org_id, kind, open, max(as_of) OVER (PARTITION BY org_id) AS as_of FROM (
      SELECT org_id,
        CASE WHEN closed_at IS NULL AND lower(severity) IN (${sql.join([...RISKY_SEVERITIES])}) THEN kind END AS kind,
        count(*) FILTER (WHERE closed_at IS NULL AND lower(severity) IN (${sql.join([...RISKY_SEVERITIES])}))::int AS open,
        max(last_seen) AS as_of
      FROM external_services
      WHERE ${orgFilter('org_id')}
      GROUP BY 1, 2) k`.execute(db);
  const out = new Map<string, RiskyServiceFigures>();
  for (const r of rows) {
    const f = out.get(r.org_id) ?? { open: 0, byKind: {}, asOf: new Date(r.as_of).toISOString() };
    if (r.kind !== null && r.open > 0) {
      f.byKind[r.kind] = r.open;
      f.open += r.open;
    }
    out.set(r.org_id, f);
  }
  return out;
}

/** The port and kind the worm spreads through. */
export const SMB_PORT = 445;
export const SMB_KIND = 'smb';

/**
 * What outside scans say of each organisation's internet-facing SMB: `open` where an open
 * (not closed) observation of port 445 exists; `closed` where the organisation registers ranges
 * and some source observed it at or after `since` yet none shows 445 open. Others are absent
 * (nothing observed: the simulation keeps its prior).
 */
export async function observedSmbExposure(
  db: Executor,
  since: Date,
): Promise<Map<string, 'open' | 'closed'>> {
  // Those registering ranges joined by organisation, not a correlated EXISTS in HAVING, which
  // Citus cannot run on a distributed table.
  const { rows } = await sql<{ org_id: string; open: boolean }>`
    SELECT e.org_id, bool_or(e.closed_at IS NULL AND e.port = ${SMB_PORT} AND e.kind = ${SMB_KIND}) AS open
    FROM external_services e
    LEFT JOIN (SELECT DISTINCT org_id FROM org_addresses WHERE kind = 'range') r ON r.org_id = e.org_id
    GROUP BY e.org_id, r.org_id
    HAVING bool_or(e.closed_at IS NULL AND e.port = ${SMB_PORT} AND e.kind = ${SMB_KIND})
      OR (max(e.last_seen) >= ${since} AND r.org_id IS NOT NULL)`.execute(db);
  return new Map(rows.map((r) => [r.org_id, r.open ? 'open' : 'closed']));
}
