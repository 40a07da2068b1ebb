/**
 * Where an alert stands: targets counted by state, the share acknowledged within the deadline,
 * who is overdue, a roll-up per region and ICB, and what the inventory says — remediation
 * verified, or "resolved" while still exposed. Everything time-dependent is derived from the
 * clock when asked.
 */
import type { Database } from '../../db/connect.js';
import {
  type EvidenceRow,
  listTargetEvents,
  listTargets,
  targetEvidence,
} from '../../db/repositories/alert-target.repository.js';
import {
  type RollupRow,
  readTargetCounts,
  type StateCounts,
} from '../../db/repositories/alert-target-counts.repository.js';
import { findOrganisationByCode } from '../../db/repositories/organisation.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import type { Clock } from '../../domain/alerts/clock.js';
import { HOUR_MS } from '../../domain/alerts/clock.js';
import { isOverdue, isUpdateDue, type TargetState } from '../../domain/alerts/target-state.js';
import { normaliseCode } from '../../domain/org/organisation.js';
import { NotFoundError } from '../../errors.js';
import { requireAlert } from './issue.service.js';

export interface Counts {
  targets: number;
  awaitingAck: number;
  acknowledged: number;
  inProgress: number;
  resolved: number;
  notApplicable: number;
  overdue: number;
  updateDue: number;
  /** Targets whose first response came no later than their deadline. */
  acknowledgedInTime: number;
  /** acknowledgedInTime / targets (0 when there are none). */
  shareAcknowledgedInTime: number;
  assets: number;
}

function counts(c: StateCounts): Counts {
  return {
    targets: c.total,
    awaitingAck: c.awaiting_ack,
    acknowledged: c.acknowledged,
    inProgress: c.in_progress,
    resolved: c.resolved,
    notApplicable: c.not_applicable,
    overdue: c.overdue,
    updateDue: c.update_due,
    acknowledgedInTime: c.acknowledged_in_time,
    shareAcknowledgedInTime: c.total === 0 ? 0 : Number((c.acknowledged_in_time / c.total).toFixed(4)),
    assets: c.assets,
  };
}

export type EvidenceFlag = 'remediation verified by inventory' | 'resolved but still exposed' | null;

export interface TargetView {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  reasons: string[];
  state: TargetState;
  devices: number;
  deviceList: string[];
  targetedAt: string;
  ackDueAt: string;
  acknowledgedAt: string | null;
  nextUpdateDueAt: string | null;
  overdue: boolean;
  updateDue: boolean;
  note: string | null;
  reason: string | null;
  respondedBy: string | null;
  evidence: { exposedNow: boolean; fixedAt: string | null; flag: EvidenceFlag };
  history?: {
    at: string;
    actor: string;
    kind: string;
    from: string | null;
    to: string;
    note: string | null;
  }[];
}

export interface RollupView extends Counts {
  code: string;
  name: string;
  parent: string | null;
}

export interface AlertStatus {
  alert: {
    reference: string;
    title: string;
    severity: string;
    action: string;
    cves: string[];
    advisory: string | null;
    targetSpecs: string[];
    ackHours: number;
    version: number;
    issuedAt: string;
    issuedBy: string;
    withdrawn: { at: string; by: string | null; reason: string | null } | null;
  };
  asOf: string;
  counts: Counts;
  overdue: {
    total: number;
    organisations: {
      code: string;
      name: string;
      kind: string;
      parent: string | null;
      ackDueAt: string;
      hoursOverdue: number;
    }[];
  };
  evidence: {
    verifiedByInventory: { code: string; fixedAt: string }[];
    resolvedButStillExposed: string[];
  };
  rollup: { regions: RollupView[]; icbs: RollupView[] };
  targets?: TargetView[];
}

function rollupView(r: RollupRow): RollupView {
  return { code: r.code, name: r.name, parent: r.parent_code, ...counts(r) };
}

function evidenceFlag(e: EvidenceRow | undefined, state: string): TargetView['evidence'] {
  if (!e) return { exposedNow: false, fixedAt: null, flag: null };
  const fixedAt = e.fixed_at ? new Date(e.fixed_at).toISOString() : null;
  const flag: EvidenceFlag = e.exposed
    ? state === 'resolved'
      ? 'resolved but still exposed'
      : null
    : fixedAt
      ? 'remediation verified by inventory'
      : null;
  return { exposedNow: e.exposed, fixedAt, flag };
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export interface StatusOptions {
  /** List targets (all, or those under `org`), with their evidence and history. */
  targets?: boolean;
  org?: string | null;
  /** Overdue organisations (and targets) listed at most. */
  limit?: number;
}

export async function alertStatus(
  database: Database,
  actor: Actor,
  clock: Clock,
  reference: string,
  options: StatusOptions = {},
): Promise<AlertStatus> {
  const db = database.db;
  const scope = scopeFor(actor, 'read');
  // An organisation outside the caller's scope does not exist for them.
  let underOrgId: string | null = null;
  if (options.org) {
    const org = await findOrganisationByCode(db, normaliseCode(options.org), scope);
    if (!org) throw new NotFoundError(`no organisation ${normaliseCode(options.org)}`);
    underOrgId = org.id;
  }
  const alert = await requireAlert(db, reference);
  const now = clock.now();
  const limit = options.limit ?? 100;
  const [{ total: c, groups: rollup }, overdueRows, evidence] = await Promise.all([
    readTargetCounts(db, alert.id, scope, now),
    listTargets(db, alert.id, scope, { overdueAt: now, limit }),
    targetEvidence(db, alert.id, alert.cves, scope, now, !(options.targets || options.org)),
  ]);
  const status: AlertStatus = {
    alert: {
      reference: alert.reference,
      title: alert.title,
      severity: alert.severity,
      action: alert.action,
      cves: alert.cves,
      advisory: alert.advisory_id,
      targetSpecs: alert.targets,
      ackHours: alert.ack_hours,
      version: alert.version,
      issuedAt: new Date(alert.issued_at).toISOString(),
      issuedBy: alert.issued_by,
      withdrawn: alert.withdrawn_at
        ? {
            at: new Date(alert.withdrawn_at).toISOString(),
            by: alert.withdrawn_by,
            reason: alert.withdrawn_reason,
          }
        : null,
    },
    asOf: now.toISOString(),
    counts: counts(c),
    overdue: {
      total: c.overdue,
      organisations: overdueRows.map((t) => ({
        code: t.code,
        name: t.name,
        kind: t.kind,
        parent: t.parent_code,
        ackDueAt: new Date(t.ack_due_at).toISOString(),
        hoursOverdue: Math.floor((now.getTime() - new Date(t.ack_due_at).getTime()) / HOUR_MS),
      })),
    },
    evidence: {
      verifiedByInventory: evidence
        .filter((e) => !e.exposed && e.fixed_at)
        .map((e) => ({ code: e.code, fixedAt: new Date(e.fixed_at as Date).toISOString() })),
      resolvedButStillExposed: evidence.filter((e) => e.exposed && e.state === 'resolved').map((e) => e.code),
    },
    rollup: {
      regions: rollup.filter((r) => r.kind === 'region').map(rollupView),
      icbs: rollup.filter((r) => r.kind === 'icb').map(rollupView),
    },
  };
  if (options.targets || options.org) {
    const rows = await listTargets(db, alert.id, scope, { underOrgId, limit: options.org ? null : limit });
    const byOrg = new Map(evidence.map((e) => [e.org_id, e]));
    const history = options.org
      ? await listTargetEvents(
          db,
          alert.id,
          rows.map((r) => r.org_id),
        )
      : [];
    status.targets = rows.map((t) => {
      const timing = {
        state: t.state as TargetState,
        ackDueAt: new Date(t.ack_due_at),
        nextUpdateDueAt: t.next_update_due_at ? new Date(t.next_update_due_at) : null,
      };
      const view: TargetView = {
        code: t.code,
        name: t.name,
        kind: t.kind,
        parent: t.parent_code,
        reasons: t.reasons,
        state: timing.state,
        devices: t.asset_count,
        deviceList: t.assets,
        targetedAt: iso(t.targeted_at) as string,
        ackDueAt: iso(t.ack_due_at) as string,
        acknowledgedAt: iso(t.acknowledged_at),
        nextUpdateDueAt: iso(t.next_update_due_at),
        overdue: isOverdue(timing, now),
        updateDue: isUpdateDue(timing, now),
        note: t.note,
        reason: t.reason,
        respondedBy: t.responded_by,
        evidence: evidenceFlag(byOrg.get(t.org_id), t.state),
      };
      if (options.org)
        view.history = history
          .filter((h) => h.code === t.code)
          .map((h) => ({
            at: new Date(h.at).toISOString(),
            actor: h.actor,
            kind: h.kind,
            from: h.from_state,
            to: h.to_state,
            note: h.note ?? h.reason,
          }));
      return view;
    });
  }
  return status;
}
