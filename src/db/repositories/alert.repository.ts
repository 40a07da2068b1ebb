/**
 * Alerts and their versions: the national record of what was asked of whom. Plain functions over
 * a Kysely executor; services own the transactions.
 */
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { AlertTable, AlertVersionTable, DB } from '../schema.js';
import { inScope } from '../scope.js';
import { overdueSql } from './alert-due.sql.js';

type Executor = Kysely<DB>;

/** An alert as the services read it (every column but the bookkeeping `updated_at`). */
export type AlertRecord = Omit<Selectable<AlertTable>, 'updated_at'>;

const ALERT_COLUMNS = [
  'id',
  'reference',
  'title',
  'severity',
  'action',
  'cves',
  'advisory_id',
  'ack_hours',
  'targets',
  'version',
  'issued_at',
  'issued_by',
  'withdrawn_at',
  'withdrawn_by',
  'withdrawn_reason',
] as const;

/** The next sequence number of the year: one row per year, locked by the upsert until commit. */
export async function nextAlertSeq(trx: Executor, year: number): Promise<number> {
  const row = await sql<{ last: number }>`
    INSERT INTO alert_counters (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = alert_counters.last + 1
    RETURNING last`.execute(trx);
  return row.rows[0]?.last as number;
}

export interface NewAlert {
  reference: string;
  title: string;
  severity: string;
  action: string;
  cves: string[];
  advisoryId: string | null;
  ackHours: number;
  targets: string[];
  issuedAt: Date;
  issuedBy: string;
}

export async function insertAlert(trx: Executor, a: NewAlert): Promise<AlertRecord> {
  return trx
    .insertInto('alerts')
    .values({
      reference: a.reference,
      title: a.title,
      severity: a.severity,
      action: a.action,
      cves: a.cves,
      advisory_id: a.advisoryId,
      ack_hours: a.ackHours,
      targets: a.targets,
      issued_at: a.issuedAt,
      issued_by: a.issuedBy,
      updated_at: a.issuedAt,
    })
    .returning(ALERT_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** A version of an alert as stored: the table's own columns, its kind one of three. */
export type AlertVersionRow = Insertable<AlertVersionTable> & { kind: 'issued' | 'edited' | 'withdrawn' };

export async function insertAlertVersion(trx: Executor, v: AlertVersionRow): Promise<void> {
  await trx.insertInto('alert_versions').values(v).execute();
}

export async function listAlertVersions(db: Executor, alertId: string) {
  return db
    .selectFrom('alert_versions')
    .select(['version', 'kind', 'at', 'actor', 'title', 'severity', 'action', 'cves', 'changes', 'note'])
    .where('alert_id', '=', alertId)
    .orderBy('version')
    .execute();
}

/** The alert with this reference; `forUpdate` locks it for the rest of the transaction. */
export async function findAlertByReference(
  db: Executor,
  reference: string,
  forUpdate = false,
): Promise<AlertRecord | undefined> {
  let q = db.selectFrom('alerts').select(ALERT_COLUMNS).where('reference', '=', reference);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export type AlertChanges = Partial<Pick<AlertRecord, 'title' | 'severity' | 'action' | 'cves' | 'targets'>>;

export async function updateAlert(
  trx: Executor,
  id: string,
  changes: AlertChanges & { version: number; at: Date },
): Promise<void> {
  await trx
    .updateTable('alerts')
    .set({
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.severity !== undefined ? { severity: changes.severity } : {}),
      ...(changes.action !== undefined ? { action: changes.action } : {}),
      ...(changes.cves !== undefined ? { cves: changes.cves } : {}),
      ...(changes.targets !== undefined ? { targets: changes.targets } : {}),
      version: changes.version,
      updated_at: changes.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function markWithdrawn(
  trx: Executor,
  id: string,
  at: Date,
  by: string,
  reason: string,
  version: number,
): Promise<void> {
  await trx
    .updateTable('alerts')
    .set({ withdrawn_at: at, withdrawn_by: by, withdrawn_reason: reason, version, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Alerts still collecting targets: not withdrawn, with an `auto` filter, naming any of `cveIds` (all when null). */
export async function listLiveAutoAlerts(
  db: Executor,
  cveIds: readonly string[] | null,
): Promise<AlertRecord[]> {
  let q = db
    .selectFrom('alerts')
    .select(ALERT_COLUMNS)
    .where('withdrawn_at', 'is', null)
    .where(sql<boolean>`EXISTS (SELECT 1 FROM unnest(targets) t WHERE t ~ '(^|\\+)auto(\\+|$)')`);
  if (cveIds) {
    if (cveIds.length === 0) return [];
    q = q.where(sql<boolean>`cves && ${sql.val([...cveIds])}::text[]`);
  }
  return q.orderBy('issued_at').execute();
}

export interface AlertListRow extends AlertRecord {
  targets_total: number;
  awaiting: number;
  acknowledged: number;
  in_progress: number;
  resolved: number;
  not_applicable: number;
  overdue: number;
}

/**
 * Alerts, newest first, with their targets in scope counted by state (overdue against `now`): one
 * grouped join, not a lateral one per alert, which Citus cannot run beside the alerts (a reference table).
 */
export async function listAlertsWithCounts(
  db: Executor,
  scope: Scope,
  now: Date,
  openOnly: boolean,
): Promise<AlertListRow[]> {
  const rows = await sql<AlertListRow>`
    SELECT a.id, a.reference, a.title, a.severity, a.action, a.cves, a.advisory_id, a.ack_hours, a.targets,
      a.version, a.issued_at, a.issued_by, a.withdrawn_at, a.withdrawn_by, a.withdrawn_reason,
      coalesce(c.total, 0)::int AS targets_total, coalesce(c.awaiting, 0)::int AS awaiting,
      coalesce(c.acknowledged, 0)::int AS acknowledged, coalesce(c.in_progress, 0)::int AS in_progress,
      coalesce(c.resolved, 0)::int AS resolved, coalesce(c.not_applicable, 0)::int AS not_applicable,
      coalesce(c.overdue, 0)::int AS overdue
    FROM alerts a
    LEFT JOIN (
      SELECT t.alert_id, count(*) AS total,
        count(*) FILTER (WHERE t.state = 'awaiting_ack') AS awaiting,
        count(*) FILTER (WHERE t.state = 'acknowledged') AS acknowledged,
        count(*) FILTER (WHERE t.state = 'in_progress') AS in_progress,
        count(*) FILTER (WHERE t.state = 'resolved') AS resolved,
        count(*) FILTER (WHERE t.state = 'not_applicable') AS not_applicable,
        count(*) FILTER (WHERE ${overdueSql(now)}) AS overdue
      FROM alert_targets t WHERE ${inScope('t.org_id', scope)}
      GROUP BY t.alert_id
    ) c ON c.alert_id = a.id
    WHERE ${scope.all ? sql`true` : sql`coalesce(c.total, 0) > 0`} AND ${
      openOnly
        ? sql`a.withdrawn_at IS NULL AND (coalesce(c.total, 0) = 0 OR coalesce(c.awaiting + c.acknowledged + c.in_progress, 0) > 0)`
        : sql`true`
    }
    ORDER BY a.issued_at DESC, a.reference DESC`.execute(db);
  return rows.rows;
}

/** The CVEs an advisory names, or null when no such advisory is loaded. */
export async function advisoryCves(db: Executor, advisoryId: string): Promise<string[] | null> {
  const advisory = await db
    .selectFrom('advisories')
    .select('id')
    .where('id', '=', advisoryId)
    .executeTakeFirst();
  if (!advisory) return null;
  const rows = await db
    .selectFrom('advisory_vulnerabilities')
    .select('cve_id')
    .where('advisory_id', '=', advisoryId)
    .orderBy('cve_id')
    .execute();
  return rows.map((r) => r.cve_id);
}

/** Which of these CVEs the intel store has. */
export async function knownCves(db: Executor, cveIds: readonly string[]): Promise<Set<string>> {
  if (cveIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('vulnerabilities')
    .select('cve_id')
    .where('cve_id', 'in', [...cveIds])
    .execute();
  return new Set(rows.map((r) => r.cve_id));
}

export interface CveDescriptionRow {
  id: string;
  description: string | null;
  kev: boolean;
  cvss: string | null;
}

/** Description, KEV membership and CVSS of each CVE, in the order given (unknown ones with nulls). */
export async function cveDescriptions(db: Executor, cves: readonly string[]): Promise<CveDescriptionRow[]> {
  const rows = await sql<CveDescriptionRow>`
    SELECT ids.id, v.description, k.cve_id IS NOT NULL AS kev, v.cvss_score AS cvss
    FROM unnest(${sql.val([...cves])}::text[]) WITH ORDINALITY AS ids(id, n)
    LEFT JOIN vulnerabilities v ON v.cve_id = ids.id
    LEFT JOIN kev_entries k ON k.cve_id = ids.id
    ORDER BY ids.n`.execute(db);
  return rows.rows;
}
