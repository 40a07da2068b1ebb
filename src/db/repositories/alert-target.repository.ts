/**
 * Who an alert is for and how each of them answered: targeting (exposure from findings and the
 * devices behind them, spec filters through the closure table), bulk responses, the status
 * roll-ups and the deadlines the notification jobs look for. Every time comparison takes `now`
 * from the caller's clock; nothing here reads the database's clock.
 */
import { type Kysely, type RawBuilder, type Selectable, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { AlertTable, AlertTargetTable, DB, OrganisationTable } from '../schema.js';
import { inScope, orgIdIn, underOrg } from '../scope.js';
import { overdueSql } from './alert-due.sql.js';
import { adjustTargetCounts } from './alert-target-counts.repository.js';
import { devicesExposedToSql } from './exposure/exposed-cells.sql.js';
import { type HitsEngine, hitsEngine, hitsSql } from './exposure/hits.sql.js';

type Executor = Kysely<DB>;
type Target = Selectable<AlertTargetTable>;
type Org = Selectable<OrganisationTable>;

/** A target filter with organisation codes resolved to ids. */
export type ResolvedFilter =
  | { readonly type: 'auto'; readonly possible?: boolean }
  | { readonly type: 'all' }
  | { readonly type: 'kind'; readonly kind: string }
  | { readonly type: 'under'; readonly orgId: string }
  | { readonly type: 'org'; readonly orgId: string };

export interface ResolvedSpec {
  readonly text: string;
  readonly filters: readonly ResolvedFilter[];
}

function filterSql(f: ResolvedFilter): RawBuilder<SqlBool> {
  switch (f.type) {
    case 'auto':
      return sql<SqlBool>`e.org_id IS NOT NULL`;
    case 'all':
      return sql<SqlBool>`true`;
    case 'kind':
      return sql<SqlBool>`o.kind = ${f.kind}`;
    case 'under':
      return underOrg('o.id', f.orgId);
    case 'org':
      return sql<SqlBool>`o.id = ${f.orgId}`;
  }
}

/** A spec's filters, all of them; a spec naming no kind, organisation or exposure skips the root and sites. */
function specSql(spec: ResolvedSpec): RawBuilder<SqlBool> {
  const parts = spec.filters.map(filterSql);
  if (!spec.filters.some((f) => f.type === 'auto' || f.type === 'kind' || f.type === 'org'))
    parts.push(sql<SqlBool>`o.kind NOT IN ('national', 'site')`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

const ASSET_LABEL = sql`coalesce(a.hostname, a.asset_key)
  || CASE WHEN a.hostname IS NOT NULL AND a.hostname <> a.asset_key THEN ' (' || a.asset_key || ')' ELSE '' END
  || ': ' || replace(a.asset_type, '_', ' ') || coalesce(', ' || nullif(a.os, ''), '')`;

const ASSET_ORDER = sql`CASE a.clinical_criticality WHEN 'life_critical' THEN 0 WHEN 'high' THEN 1 ELSE 2 END,
  coalesce(a.hostname, a.asset_key)`;

/**
 * Per organisation, its live devices exposed to the CVEs: matched on the device (platform
 * conditions included), finding open, not covered by an active exception at `now`. Confirmed
 * exposure is read from the exposed cells and own lists kept for it; `includePossible` decides
 * every candidate device again (possible matches are not kept). The exception check correlates on
 * the finding's columns, not the hits': Citus pushes a correlated subquery down only when it sees
 * the shard key of a table.
 */
function exposureSql(
  cves: readonly string[],
  onlyOrgIds: readonly string[] | null,
  now: Date,
  maxAssets: number,
  includePossible: boolean,
  engine: HitsEngine,
): RawBuilder<unknown> {
  if (cves.length === 0)
    return sql`SELECT NULL::uuid AS org_id, 0 AS asset_count, ARRAY[]::text[] AS assets WHERE false`;
  const orgFilter = onlyOrgIds ? sql`AND ac.org_id = ANY(${sql.val([...onlyOrgIds])}::uuid[])` : sql``;
  const devices = includePossible
    ? sql`
      SELECT DISTINCT h.org_id, h.asset_id
      FROM (${hitsSql({ kind: 'cves', cveIds: cves }, orgFilter, engine)}) h
      JOIN findings f ON f.org_id = h.org_id AND f.component_id = h.component_id AND f.cve_id = h.cve_id
        AND f.status IN ('open', 'reopened')
      WHERE NOT EXISTS (SELECT 1 FROM exceptions x WHERE x.org_id = f.org_id AND x.cve_id = f.cve_id
        AND x.expires_at > ${now} AND (x.asset_id IS NULL OR x.asset_id = h.asset_id))`
    : sql`
      SELECT u.org_id, u.asset_id
      FROM (${devicesExposedToSql(cves, onlyOrgIds)}) u
      LEFT JOIN exceptions x ON x.org_id = u.org_id AND x.cve_id = u.cve_id AND x.expires_at > ${now}
        AND (x.asset_id IS NULL OR x.asset_id = u.asset_id)
      GROUP BY u.org_id, u.asset_id
      HAVING bool_or(x.org_id IS NULL)`;
  return sql`
    SELECT l.org_id, count(*)::int AS asset_count,
      (array_agg(${ASSET_LABEL} ORDER BY ${ASSET_ORDER}))[1:${sql.lit(maxAssets)}] AS assets
    FROM (${devices}) l
    JOIN assets a ON a.org_id = l.org_id AND a.id = l.asset_id AND a.retired_at IS NULL
    GROUP BY l.org_id`;
}

export type NewTarget = Pick<Target, 'org_id' | 'reasons' | 'asset_count' | 'assets' | 'ack_due_at'> &
  Pick<Org, 'code' | 'name' | 'kind' | 'parent_id'>;

export interface TargetingInput {
  alertId: string;
  cves: readonly string[];
  specs: readonly ResolvedSpec[];
  scope: Scope;
  /** Consider only these organisations (an inventory import); all when null. */
  onlyOrgIds: readonly string[] | null;
  now: Date;
  ackDueAt: Date;
  actor: string;
  /** Device labels kept per target (the count is always exact). */
  maxAssets: number;
}

/**
 * Makes every organisation the specs select (and that is not a target yet) a target awaiting
 * acknowledgement, with one `targeted` event each, in one statement. Returns the new targets.
 */
export async function insertNewTargets(trx: Executor, q: TargetingInput): Promise<NewTarget[]> {
  if (q.specs.length === 0 || (q.onlyOrgIds && q.onlyOrgIds.length === 0)) return [];
  const rows = await newTargetsSql(q, await hitsEngine(trx)).execute(trx);
  await adjustTargetCounts(
    trx,
    q.alertId,
    rows.rows.map((r) => r.org_id),
    1,
  );
  return rows.rows;
}

/** The statement of `insertNewTargets` (exported for its SQL snapshot): exposure, candidates, targets, events. */
export function newTargetsSql(q: TargetingInput, engine: HitsEngine): RawBuilder<NewTarget> {
  const reasons = sql.join(q.specs.map((s) => sql`CASE WHEN ${specSql(s)} THEN ${s.text}::text END`));
  // Possible findings count only where a spec asks for them (`auto:possible`).
  const includePossible = q.specs.some((s) => s.filters.some((f) => f.type === 'auto' && f.possible));
  const only = q.onlyOrgIds ? sql`AND o.id = ANY(${sql.val([...q.onlyOrgIds])}::uuid[])` : sql``;
  return sql<NewTarget>`
    WITH e AS (${exposureSql(q.cves, q.onlyOrgIds, q.now, q.maxAssets, includePossible, engine)}),
    cand AS (
      SELECT o.id AS org_id, o.code, o.name, o.kind, o.parent_id,
        array_remove(ARRAY[${reasons}], NULL) AS reasons,
        coalesce(e.asset_count, 0)::int AS asset_count, coalesce(e.assets, ARRAY[]::text[]) AS assets
      FROM organisations o LEFT JOIN e ON e.org_id = o.id
      WHERE (${sql.join(q.specs.map(specSql), sql` OR `)}) AND ${inScope('o.id', q.scope)} ${only}
        -- Not a correlated NOT EXISTS: Citus runs none over the organisations (a reference table).
        AND o.id NOT IN (SELECT x.org_id FROM alert_targets x WHERE x.alert_id = ${q.alertId})
    ), ins AS (
      INSERT INTO alert_targets (org_id, alert_id, reasons, asset_count, assets, state, targeted_at, ack_due_at,
        state_changed_at)
      SELECT org_id, ${q.alertId}, reasons, asset_count, assets, 'awaiting_ack', ${q.now}, ${q.ackDueAt}, ${q.now}
      FROM cand
      ON CONFLICT (org_id, alert_id) DO NOTHING
      RETURNING org_id, ack_due_at
    ), ev AS (
      INSERT INTO alert_events (org_id, alert_id, at, actor, kind, from_state, to_state)
      SELECT org_id, ${q.alertId}, ${q.now}, ${q.actor}, 'targeted', NULL, 'awaiting_ack' FROM ins
    )
    SELECT cand.*, ins.ack_due_at FROM cand JOIN ins USING (org_id) ORDER BY cand.code`;
}

/** A target as a responder finds it, locked for the transaction. */
export type TargetRow = Pick<
  Target,
  | 'org_id'
  | 'state'
  | 'targeted_at'
  | 'ack_due_at'
  | 'acknowledged_at'
  | 'next_update_due_at'
  | 'state_changed_at'
> &
  Pick<Org, 'code' | 'name' | 'kind'>;

/**
 * Targets of the alert among `orgIds` (or in the subtree under `underOrgId`), in scope, locked.
 * Locked by an update that changes nothing (a heap-only write) rather than `FOR UPDATE`, which
 * Citus takes only in a query on one shard; the responder's targets span many.
 */
export async function lockTargets(
  trx: Executor,
  alertId: string,
  which: { orgIds: readonly string[] } | { underOrgId: string },
  scope: Scope,
): Promise<TargetRow[]> {
  const filter =
    'orgIds' in which
      ? sql`t.org_id = ANY(${sql.val([...which.orgIds])}::uuid[])`
      : underOrg('t.org_id', which.underOrgId);
  const rows = await sql<TargetRow>`
    WITH t AS (
      UPDATE alert_targets t SET state = t.state
      WHERE t.alert_id = ${alertId} AND ${filter} AND ${inScope('t.org_id', scope)}
      RETURNING t.org_id, t.state, t.targeted_at, t.ack_due_at, t.acknowledged_at, t.next_update_due_at,
        t.state_changed_at
    )
    SELECT t.org_id, o.code, o.name, o.kind, t.state, t.targeted_at, t.ack_due_at, t.acknowledged_at,
      t.next_update_due_at, t.state_changed_at
    FROM t JOIN organisations o ON o.id = t.org_id
    ORDER BY o.code`.execute(trx);
  return rows.rows;
}

export interface TargetUpdate {
  orgId: string;
  fromState: string;
  acknowledgedAt: Date;
}

/** Events per INSERT: ten parameters a row, under PostgreSQL's 65,535. */
const EVENT_ROWS_PER_INSERT = 2_000;

export interface ResponseWrite {
  alertId: string;
  state: string;
  at: Date;
  actor: string;
  note: string | null;
  reason: string | null;
  nextUpdateDueAt: Date | null;
  targets: readonly TargetUpdate[];
}

/**
 * Applies one response to many targets and writes one event per organisation, with the targets'
 * maintained counts moved from their old state to the new.
 */
export async function applyResponse(trx: Executor, w: ResponseWrite): Promise<void> {
  if (w.targets.length === 0) return;
  const ids = w.targets.map((t) => t.orgId);
  await adjustTargetCounts(trx, w.alertId, ids, -1);
  const orgIds = sql.val(ids);
  const acked = sql.val(w.targets.map((t) => t.acknowledgedAt.toISOString()));
  // The targets also named by value, so Citus updates on their shards alone.
  await sql`
    UPDATE alert_targets t SET state = ${w.state}, acknowledged_at = u.acknowledged_at,
      next_update_due_at = ${w.nextUpdateDueAt}::timestamptz, state_changed_at = ${w.at}, note = ${w.note},
      reason = ${w.reason}, responded_by = ${w.actor}
    FROM unnest(${orgIds}::uuid[], ${acked}::timestamptz[]) AS u(org_id, acknowledged_at)
    WHERE t.alert_id = ${w.alertId} AND t.org_id = u.org_id AND ${orgIdIn('t.org_id', ids)}`.execute(trx);
  await adjustTargetCounts(trx, w.alertId, ids, 1);
  // Rows as values rather than selected from unnest, so Citus routes each to its organisation's
  // shard; in chunks that stay well inside a statement's parameter limit.
  for (let i = 0; i < w.targets.length; i += EVENT_ROWS_PER_INSERT) {
    await trx
      .insertInto('alert_events')
      .values(
        w.targets.slice(i, i + EVENT_ROWS_PER_INSERT).map((t) => ({
          org_id: t.orgId,
          alert_id: w.alertId,
          at: w.at,
          actor: w.actor,
          kind: 'response',
          from_state: t.fromState,
          to_state: w.state,
          note: w.note,
          reason: w.reason,
          next_update_due_at: w.nextUpdateDueAt,
        })),
      )
      .execute();
  }
}

export type TargetListRow = Omit<Target, 'alert_id' | 'reminded_at' | 'escalated_at'> &
  Pick<Org, 'code' | 'name' | 'kind'> & {
    /** The parent organisation's code. */
    parent_code: string | null;
  };

export interface TargetListFilter {
  /** Only targets still answering (awaiting, acknowledged, in progress). */
  openOnly?: boolean;
  /** Only this organisation's subtree. */
  underOrgId?: string | null;
  /** Only targets awaiting acknowledgement past `now`. */
  overdueAt?: Date | null;
  limit?: number | null;
}

/** An alert's targets in scope, by organisation code (overdue ones by deadline). */
export async function listTargets(
  db: Executor,
  alertId: string,
  scope: Scope,
  f: TargetListFilter = {},
): Promise<TargetListRow[]> {
  const parts = [sql`t.alert_id = ${alertId}`, inScope('t.org_id', scope)];
  if (f.openOnly) parts.push(sql`t.state IN ('awaiting_ack', 'acknowledged', 'in_progress')`);
  if (f.underOrgId) parts.push(underOrg('t.org_id', f.underOrgId));
  if (f.overdueAt) parts.push(overdueSql(f.overdueAt));
  const rows = await sql<TargetListRow>`
    SELECT t.org_id, o.code, o.name, o.kind, p.code AS parent_code, t.reasons, t.asset_count, t.assets, t.state,
      t.targeted_at, t.ack_due_at, t.acknowledged_at, t.next_update_due_at, t.state_changed_at, t.note, t.reason,
      t.responded_by
    FROM alert_targets t JOIN organisations o ON o.id = t.org_id LEFT JOIN organisations p ON p.id = o.parent_id
    WHERE ${sql.join(parts, sql` AND `)}
    ORDER BY ${f.overdueAt ? sql`t.ack_due_at, o.code` : sql`o.code`}
    ${f.limit ? sql`LIMIT ${f.limit}` : sql``}`.execute(db);
  return rows.rows;
}

export type EvidenceRow = Pick<Target, 'org_id' | 'state'> &
  Pick<Org, 'code'> & {
    /** Open findings for the alert's CVEs now (no organisation-wide exception). */
    exposed: boolean;
    /** When the last of its findings for the alert's CVEs was fixed by an inventory import. */
    fixed_at: Date | null;
  };

/**
 * What the inventory says now about each target's exposure to the alert's CVEs: every target exposed
 * or fixed, or with `flaggedOnly` just the flagged ones — fixed and no longer exposed, or resolved
 * but still exposed — for which only targets with a fixed finding or a resolved state are looked at.
 */
export async function targetEvidence(
  db: Executor,
  alertId: string,
  cves: readonly string[],
  scope: Scope,
  now: Date,
  flaggedOnly = false,
): Promise<EvidenceRow[]> {
  const ids = sql.val([...cves]);
  const candidates = flaggedOnly
    ? sql`SELECT org_id FROM fx UNION SELECT org_id FROM t WHERE state = 'resolved'`
    : sql`SELECT org_id FROM t`;
  const flagged = flaggedOnly
    ? sql`(ex.org_id IS NULL AND fx.fixed_at IS NOT NULL) OR (ex.org_id IS NOT NULL AND t.state = 'resolved')`
    : sql`ex.org_id IS NOT NULL OR fx.fixed_at IS NOT NULL`;
  const rows = await sql<EvidenceRow>`
    WITH t AS (
      SELECT t.org_id, t.state FROM alert_targets t
      WHERE t.alert_id = ${alertId} AND ${inScope('t.org_id', scope)}
    ), fx AS (
      SELECT f.org_id, max(f.fixed_at) AS fixed_at FROM findings f JOIN t ON t.org_id = f.org_id
      WHERE f.cve_id = ANY(${ids}::text[]) AND f.status = 'fixed'
      GROUP BY f.org_id
    ), cand AS (${candidates}),
    ex AS (
      SELECT DISTINCT f.org_id FROM findings f JOIN cand ON cand.org_id = f.org_id
      WHERE f.cve_id = ANY(${ids}::text[]) AND f.status IN ('open', 'reopened')
        AND NOT EXISTS (SELECT 1 FROM exceptions x WHERE x.org_id = f.org_id AND x.cve_id = f.cve_id
          AND x.asset_id IS NULL AND x.expires_at > ${now})
    )
    SELECT t.org_id, o.code, t.state, ex.org_id IS NOT NULL AS exposed, fx.fixed_at
    FROM t JOIN organisations o ON o.id = t.org_id
    LEFT JOIN ex ON ex.org_id = t.org_id LEFT JOIN fx ON fx.org_id = t.org_id
    WHERE ${flagged}
    ORDER BY o.code`.execute(db);
  return rows.rows;
}

/** A target whose deadline the notification jobs act on, with its alert. */
export type DueTargetRow = Pick<
  Target,
  'alert_id' | 'org_id' | 'state' | 'targeted_at' | 'ack_due_at' | 'asset_count' | 'assets'
> &
  Pick<Selectable<AlertTable>, 'reference'> &
  Pick<Org, 'code' | 'name'>;

const DUE_COLUMNS = sql`t.alert_id, a.reference, t.org_id, o.code, o.name, t.state, t.targeted_at, t.ack_due_at,
  t.asset_count, t.assets`;

/**
 * Awaiting targets of live alerts inside the 24-hour reminder window at `now`, not reminded yet
 * (targets given 24 hours or less get no separate reminder: see `reminderAt`).
 */
export async function targetsDueReminder(db: Executor, now: Date, limit: number): Promise<DueTargetRow[]> {
  const rows = await sql<DueTargetRow>`
    SELECT ${DUE_COLUMNS}
    FROM alert_targets t JOIN alerts a ON a.id = t.alert_id JOIN organisations o ON o.id = t.org_id
    WHERE t.state = 'awaiting_ack' AND t.reminded_at IS NULL AND a.withdrawn_at IS NULL
      AND t.ack_due_at >= ${now} AND t.ack_due_at - interval '24 hours' <= ${now}
      AND t.ack_due_at - interval '24 hours' > t.targeted_at
    ORDER BY t.ack_due_at LIMIT ${limit}`.execute(db);
  return rows.rows;
}

/** Awaiting targets of live alerts past their deadline at `now`, not escalated yet. */
export async function targetsDueEscalation(db: Executor, now: Date, limit: number): Promise<DueTargetRow[]> {
  const rows = await sql<DueTargetRow>`
    SELECT ${DUE_COLUMNS}
    FROM alert_targets t JOIN alerts a ON a.id = t.alert_id JOIN organisations o ON o.id = t.org_id
    WHERE ${overdueSql(now)} AND t.escalated_at IS NULL AND a.withdrawn_at IS NULL
    ORDER BY t.ack_due_at LIMIT ${limit}`.execute(db);
  return rows.rows;
}

/** Records that the reminder (or escalation) for these (alert, organisation) pairs was queued. */
export async function markTargetsNotified(
  trx: Executor,
  column: 'reminded_at' | 'escalated_at',
  pairs: readonly { alertId: string; orgId: string }[],
  at: Date,
): Promise<void> {
  if (pairs.length === 0) return;
  await sql`
    UPDATE alert_targets t SET ${sql.ref(column)} = ${at}
    FROM unnest(${sql.val(pairs.map((p) => p.alertId))}::uuid[], ${sql.val(pairs.map((p) => p.orgId))}::uuid[])
      AS u(alert_id, org_id)
    WHERE t.alert_id = u.alert_id AND t.org_id = u.org_id`.execute(trx);
}

/** Open targets (awaiting, acknowledged, in progress) of live alerts for these organisations. */
export type OpenTargetRow = DueTargetRow &
  Pick<Selectable<AlertTable>, 'title' | 'severity' | 'action' | 'cves'> &
  Pick<Target, 'next_update_due_at'>;

export async function openTargetsOfOrgs(db: Executor, orgIds: readonly string[]): Promise<OpenTargetRow[]> {
  if (orgIds.length === 0) return [];
  const rows = await sql<OpenTargetRow>`
    SELECT ${DUE_COLUMNS}, a.title, a.severity, a.action, a.cves, t.next_update_due_at
    FROM alert_targets t JOIN alerts a ON a.id = t.alert_id JOIN organisations o ON o.id = t.org_id
    WHERE t.org_id = ANY(${sql.val([...orgIds])}::uuid[]) AND a.withdrawn_at IS NULL
      AND t.state IN ('awaiting_ack', 'acknowledged', 'in_progress')
    ORDER BY a.issued_at, a.reference`.execute(db);
  return rows.rows;
}

export type SubtreeOpenRow = Pick<Selectable<AlertTable>, 'reference' | 'title'> & {
  ancestor_id: string;
  open: number;
  overdue: number;
};

/** Per organisation given and live alert: open and overdue targets below it. */
export async function openTargetsBelow(
  db: Executor,
  ancestorIds: readonly string[],
  now: Date,
): Promise<SubtreeOpenRow[]> {
  if (ancestorIds.length === 0) return [];
  const rows = await sql<SubtreeOpenRow>`
    SELECT c.ancestor_id, a.reference, a.title, count(*)::int AS open,
      count(*) FILTER (WHERE ${overdueSql(now)})::int AS overdue
    FROM org_closure c
    JOIN alert_targets t ON t.org_id = c.descendant_id
    JOIN alerts a ON a.id = t.alert_id
    WHERE c.ancestor_id = ANY(${sql.val([...ancestorIds])}::uuid[]) AND c.depth > 0 AND a.withdrawn_at IS NULL
      AND t.state IN ('awaiting_ack', 'acknowledged', 'in_progress')
    GROUP BY c.ancestor_id, a.reference, a.title
    ORDER BY a.reference`.execute(db);
  return rows.rows;
}

/** Per-organisation history of an alert's targets, oldest first. */
export async function listTargetEvents(db: Executor, alertId: string, orgIds: readonly string[]) {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('alert_events as e')
    .innerJoin('organisations as o', 'o.id', 'e.org_id')
    .select([
      'o.code',
      'e.at',
      'e.actor',
      'e.kind',
      'e.from_state',
      'e.to_state',
      'e.note',
      'e.reason',
      'e.next_update_due_at',
    ])
    .where('e.alert_id', '=', alertId)
    .where('e.org_id', 'in', [...orgIds])
    .orderBy('e.id')
    .execute();
}
