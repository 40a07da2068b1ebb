/**
 * Services seen from outside (`external_services`): applying a report's exposures (COPY into a
 * staging table, one upsert keyed by organisation, source, address, port and kind), closing what a
 * source stopped seeing, and reading them within a scope.
 */
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../../domain/access/scope.js';
import { copyInto, createStagingTable } from '../../copy.js';
import type { DB } from '../../schema.js';
import { inScope, underOrg } from '../../scope.js';

type Executor = Kysely<DB>;

/** One exposure of a report, merged over its rows (first and last time seen, the latest banner). */
export interface ExposureWrite {
  orgId: string;
  source: string;
  address: string;
  port: number;
  protocol: string;
  kind: string;
  severity: string;
  hostname: string | null;
  asn: number | null;
  geo: string | null;
  tag: string | null;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  firstSeen: Date;
  lastSeen: Date;
}

export interface ApplyCounts {
  opened: number;
  refreshed: number;
  reopened: number;
  /** Critical and high exposures that opened or reopened (the organisation is told). */
  urgent: { id: string; orgId: string }[];
}

const STAGE_COLUMNS = [
  'org_id',
  'source',
  'address',
  'port',
  'protocol',
  'kind',
  'severity',
  'hostname',
  'asn',
  'geo',
  'tag',
  'vendor',
  'product',
  'version',
  'cpe',
  'first_seen',
  'last_seen',
] as const;

/**
 * Upserts the exposures. A row seen later than stored moves `last_seen` and takes the new banner;
 * a closed one seen later reopens (`closed_at` cleared, `reopened_at` now); a row seen no later and
 * no earlier than stored is not written at all, so applying a report twice changes nothing. A
 * critical or high one that opens or reopens is marked told (`notified_at` now): its organisation's
 * contacts get the notice queued in the same transaction, and its parents' escalation counts from then.
 */
export async function applyExposures(
  trx: Executor,
  rows: readonly ExposureWrite[],
  now: Date,
): Promise<ApplyCounts> {
  if (rows.length === 0) return { opened: 0, refreshed: 0, reopened: 0, urgent: [] };
  await createStagingTable(
    trx,
    'external_stage',
    'org_id uuid, source text, address inet, port integer, protocol text, kind text, severity text, hostname text, ' +
      'asn integer, geo text, tag text, vendor text, product text, version text, cpe text, ' +
      'first_seen timestamptz, last_seen timestamptz',
  );
  await copyInto(
    trx,
    'external_stage',
    STAGE_COLUMNS,
    rows.map((r) => [
      r.orgId,
      r.source,
      r.address,
      r.port,
      r.protocol,
      r.kind,
      r.severity,
      r.hostname,
      r.asn,
      r.geo,
      r.tag,
      r.vendor,
      r.product,
      r.version,
      r.cpe,
      r.firstSeen,
      r.lastSeen,
    ]),
  );
  const later = sql`excluded.last_seen > t.last_seen`;
  const banner = (c: string) =>
    sql`${sql.raw(c)} = CASE WHEN ${later} THEN excluded.${sql.raw(c)} ELSE t.${sql.raw(c)} END`;
  const result = await sql<{
    opened: number;
    refreshed: number;
    reopened: number;
    urgent: { id: string; org: string }[];
  }>`
    WITH up AS (
      INSERT INTO external_services AS t (${sql.raw(STAGE_COLUMNS.join(', '))}, updated_at, notified_at)
      SELECT ${sql.raw(STAGE_COLUMNS.join(', '))}, ${now}::timestamptz,
        CASE WHEN severity IN ('critical', 'high') THEN ${now}::timestamptz END
      FROM external_stage
      ON CONFLICT (org_id, source, address, port, kind) DO UPDATE SET
        first_seen = LEAST(t.first_seen, excluded.first_seen),
        last_seen = GREATEST(t.last_seen, excluded.last_seen),
        ${sql.join(['protocol', 'severity', 'hostname', 'asn', 'geo', 'tag', 'vendor', 'product', 'version', 'cpe'].map(banner))},
        reopened_at = CASE WHEN t.closed_at IS NOT NULL AND ${later} THEN ${now}::timestamptz ELSE t.reopened_at END,
        escalated_at = CASE WHEN t.closed_at IS NOT NULL AND ${later} THEN NULL ELSE t.escalated_at END,
        notified_at = CASE WHEN t.closed_at IS NOT NULL AND ${later} AND excluded.severity IN ('critical', 'high')
          THEN ${now}::timestamptz ELSE t.notified_at END,
        closed_at = CASE WHEN ${later} THEN NULL ELSE t.closed_at END,
        updated_at = ${now}::timestamptz
      WHERE excluded.last_seen > t.last_seen OR excluded.first_seen < t.first_seen
      RETURNING t.id, t.org_id, t.severity, (t.xmax = 0) AS inserted,
        (t.xmax <> 0 AND t.reopened_at IS NOT DISTINCT FROM ${now}::timestamptz) AS reopened
    )
    SELECT count(*) FILTER (WHERE inserted)::int AS opened,
      count(*) FILTER (WHERE reopened)::int AS reopened,
      count(*) FILTER (WHERE NOT inserted AND NOT reopened)::int AS refreshed,
      coalesce(json_agg(json_build_object('id', id::text, 'org', org_id))
        FILTER (WHERE (inserted OR reopened) AND severity IN ('critical', 'high')), '[]'::json) AS urgent
    FROM up`.execute(trx);
  // Dropped now, not at commit: an import applies each of its reports in the one transaction.
  await sql`DROP TABLE external_stage`.execute(trx);
  const r = result.rows[0] as NonNullable<(typeof result.rows)[0]>;
  return {
    opened: r.opened,
    refreshed: r.refreshed,
    reopened: r.reopened,
    urgent: r.urgent.map((u) => ({ id: u.id, orgId: u.org })),
  };
}

/** Closes the source's open exposures last seen before `before`; returns the organisation of each closed. */
export async function closeUnseen(trx: Executor, source: string, before: Date, now: Date): Promise<string[]> {
  const rows = await trx
    .updateTable('external_services')
    .set({ closed_at: now, updated_at: now })
    .where('source', '=', source)
    .where('closed_at', 'is', null)
    .where('last_seen', '<', before)
    .returning('org_id')
    .execute();
  return rows.map((r) => r.org_id);
}

/** Marks exposures as escalated to their parents (now). */
export async function markEscalated(
  trx: Executor,
  ids: readonly { id: string; orgId: string }[],
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE external_services e SET escalated_at = ${now}::timestamptz
    FROM unnest(${sql.val(ids.map((i) => i.orgId))}::uuid[], ${sql.val(ids.map((i) => i.id))}::bigint[]) AS x(org_id, id)
    WHERE e.org_id = x.org_id AND e.id = x.id`.execute(trx);
}

/** An exposure as read, with its organisation. */
export interface ExternalServiceRow {
  id: string;
  org_id: string;
  code: string;
  org_name: string;
  source: string;
  address: string;
  port: number;
  protocol: string;
  kind: string;
  severity: string;
  hostname: string | null;
  tag: string | null;
  vendor: string | null;
  product: string | null;
  version: string | null;
  first_seen: Date;
  last_seen: Date;
  closed_at: Date | null;
  reopened_at: Date | null;
  notified_at: Date | null;
}

const SEVERITY_ORDER = sql`CASE e.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`;

export interface ExternalFilter {
  scope: Scope;
  /** Only this organisation's subtree. */
  underOrgId?: string;
  /** Only these exposures (by organisation and id). */
  ids?: readonly { id: string; orgId: string }[];
  /** Closed ones too. */
  all?: boolean;
  limit: number;
}

/** Exposures in scope, most severe first, then by organisation, address and port. */
export async function listExternalServices(db: Executor, f: ExternalFilter): Promise<ExternalServiceRow[]> {
  let q = db
    .selectFrom('external_services as e')
    .innerJoin('organisations as o', 'o.id', 'e.org_id')
    .select([
      sql<string>`e.id::text`.as('id'),
      'e.org_id',
      'o.code',
      'o.name as org_name',
      'e.source',
      sql<string>`host(e.address)`.as('address'),
      'e.port',
      'e.protocol',
      'e.kind',
      'e.severity',
      'e.hostname',
      'e.tag',
      'e.vendor',
      'e.product',
      'e.version',
      'e.first_seen',
      'e.last_seen',
      'e.closed_at',
      'e.reopened_at',
      'e.notified_at',
    ])
    .where(inScope('e.org_id', f.scope));
  if (f.underOrgId) q = q.where(underOrg('e.org_id', f.underOrgId));
  if (!f.all) q = q.where('e.closed_at', 'is', null);
  if (f.ids) {
    if (f.ids.length === 0) return [];
    q = q.where(
      sql<SqlBool>`(e.org_id, e.id) IN (SELECT * FROM unnest(${sql.val(f.ids.map((i) => i.orgId))}::uuid[], ${sql.val(f.ids.map((i) => i.id))}::bigint[]))`,
    );
  }
  return (await q
    .orderBy(SEVERITY_ORDER)
    .orderBy('o.code')
    .orderBy('e.address')
    .orderBy('e.port')
    .orderBy('e.kind')
    .limit(f.limit)
    .execute()) as ExternalServiceRow[];
}

/** Counts per group, kind and severity, open and closed. */
export interface ExternalCountRow {
  code: string;
  name: string;
  kind: string;
  severity: string;
  open: number;
  closed: number;
}

/**
 * Counts by group: each group organisation counts its whole subtree, except `ownOnly` ones, which
 * count their own exposures only (the root of a summary beside its children).
 */
export async function countExternalServices(
  db: Executor,
  scope: Scope,
  groups: readonly string[],
  ownOnly: readonly string[],
): Promise<ExternalCountRow[]> {
  if (groups.length + ownOnly.length === 0) return [];
  const rows = await sql<ExternalCountRow>`
    WITH members AS (
      SELECT ancestor_id AS group_id, descendant_id AS org_id FROM org_closure
      WHERE ancestor_id = ANY(${sql.val([...groups])}::uuid[])
      UNION ALL
      SELECT id, id FROM unnest(${sql.val([...ownOnly])}::uuid[]) AS id
    )
    SELECT g.code, g.name, e.kind, e.severity,
      count(*) FILTER (WHERE e.closed_at IS NULL)::int AS open,
      count(*) FILTER (WHERE e.closed_at IS NOT NULL)::int AS closed
    FROM members m
    JOIN organisations g ON g.id = m.group_id
    JOIN external_services e ON e.org_id = m.org_id
    WHERE ${inScope('e.org_id', scope)}
    GROUP BY g.code, g.name, e.kind, e.severity
    ORDER BY g.code, e.kind, e.severity`.execute(db);
  return rows.rows;
}

/** Critical and high exposures open since before `notifiedBefore` whose parents have not been told. */
export async function exposuresDueEscalation(
  db: Executor,
  notifiedBefore: Date,
  limit: number,
): Promise<ExternalServiceRow[]> {
  const ids = await db
    .selectFrom('external_services')
    .select([sql<string>`id::text`.as('id'), 'org_id'])
    .where('closed_at', 'is', null)
    .where('escalated_at', 'is', null)
    .where('severity', 'in', ['critical', 'high'])
    .where('notified_at', '<=', notifiedBefore)
    .orderBy('notified_at')
    .limit(limit)
    .execute();
  return listExternalServices(db, {
    scope: { all: true },
    ids: ids.map((i) => ({ id: i.id, orgId: i.org_id })),
    limit,
  });
}
