/**
 * Alerts as the API shows them — a summary in the list, the status over the caller's subtree with
 * its targets and roll-ups, the answers to issue, edit, withdraw and respond — the request bodies,
 * and the presenters that shape the alert services' values into them.
 */
import { z } from 'zod';
import { SEVERITIES } from '../../domain/alerts/alert.js';
import { RESPONSE_STATES, TARGET_STATES } from '../../domain/alerts/target-state.js';
import type {
  AlertStatus as AlertStatusValue,
  AlertSummary as AlertSummaryValue,
  Counts as CountsValue,
  EditResult,
  IssueResult,
  RespondResult,
  RollupView,
  TargetView,
  WithdrawResult,
} from '../../services/alerts/index.js';
import { CveId, named, OrgCode } from './common.schemas.js';

export const Reference = z
  .string()
  .regex(/^WA-\d{4}-\d{4,}$/i, 'an alert reference such as WA-2026-0001')
  .describe('alert reference');

const Severity = z.enum(SEVERITIES).describe('how urgent: critical and high are e-mailed at once');
const TargetState = z.enum(TARGET_STATES).describe("a target's state");
const Iso = (what: string) => z.string().describe(`${what} (ISO 8601)`);

export const AlertSummary = named(
  z.object({
    reference: z.string().describe('alert reference, WA-YYYY-NNNN'),
    title: z.string().describe('what the alert is about, in a line'),
    severity: Severity,
    cves: z.array(z.string()).describe('the CVEs the alert covers'),
    issuedAt: Iso('when it was issued'),
    version: z.number().int().describe('current version (1 at issue, one more per edit or withdrawal)'),
    withdrawn: z.boolean().describe('whether the alert was withdrawn'),
    targets: z.number().int().describe('targets in your subtree'),
    awaiting: z.number().int().describe('targets awaiting acknowledgement'),
    acknowledged: z.number().int().describe('targets acknowledged'),
    inProgress: z.number().int().describe('targets in progress'),
    resolved: z.number().int().describe('targets resolved'),
    notApplicable: z.number().int().describe('targets for which the alert does not apply'),
    overdue: z.number().int().describe('targets awaiting acknowledgement past their deadline'),
  }),
  'AlertSummary',
);

const COUNTS = {
  targets: z.number().int().describe('targets'),
  awaitingAck: z.number().int().describe('awaiting acknowledgement'),
  acknowledged: z.number().int().describe('acknowledged'),
  inProgress: z.number().int().describe('in progress'),
  resolved: z.number().int().describe('resolved'),
  notApplicable: z.number().int().describe('not applicable'),
  overdue: z.number().int().describe('awaiting acknowledgement past the deadline'),
  updateDue: z.number().int().describe('acknowledged or in progress with a promised update not come'),
  acknowledgedInTime: z.number().int().describe('first response no later than the deadline'),
  shareAcknowledgedInTime: z.number().describe('acknowledgedInTime / targets (0 when none)'),
  assets: z.number().int().describe('devices behind the targets'),
};

const Rollup = named(
  z.object({
    code: z.string().describe('region or ICB code'),
    name: z.string().describe('its name'),
    parent: z.string().nullable().describe("its parent's code"),
    ...COUNTS,
  }),
  'AlertRollup',
);

const EVIDENCE_FLAGS = ['remediation verified by inventory', 'resolved but still exposed'] as const;

export const AlertTarget = named(
  z.object({
    code: z.string().describe('organisation code'),
    name: z.string().describe('organisation name'),
    kind: z.string().describe('organisation kind'),
    parent: z.string().nullable().describe("parent organisation's code"),
    reasons: z.array(z.string()).describe('the target specs that selected it'),
    state: TargetState,
    devices: z.number().int().describe('exposed devices'),
    deviceList: z.array(z.string()).describe('the first exposed devices, most critical first'),
    targetedAt: Iso('when it became a target'),
    ackDueAt: Iso('acknowledgement deadline'),
    acknowledgedAt: Iso('first response').nullable(),
    nextUpdateDueAt: Iso('next progress update due').nullable(),
    overdue: z.boolean().describe('awaiting acknowledgement past the deadline'),
    updateDue: z.boolean().describe('the promised progress update has not come'),
    note: z.string().nullable().describe('last response note'),
    reason: z.string().nullable().describe('why the alert does not apply, when so answered'),
    respondedBy: z.string().nullable().describe('who answered last'),
    evidence: z
      .object({
        exposedNow: z.boolean().describe('open findings for the CVEs now'),
        fixedAt: Iso('when an inventory import fixed the last finding').nullable(),
        flag: z.enum(EVIDENCE_FLAGS).nullable().describe('what the inventory says of the answer'),
      })
      .describe('what the inventory says'),
    history: z
      .array(
        z.object({
          at: Iso('when'),
          actor: z.string().describe('who'),
          kind: z.string().describe('targeted or response'),
          from: TargetState.nullable().describe('state before'),
          to: TargetState.describe('state after'),
          note: z.string().nullable().describe('note or reason given'),
        }),
      )
      .optional()
      .describe('the target history (when one organisation is asked for)'),
  }),
  'AlertTarget',
);

export const AlertStatus = named(
  z.object({
    alert: z
      .object({
        reference: z.string().describe('alert reference'),
        title: z.string().describe('title'),
        severity: Severity,
        action: z.string().describe('what to do'),
        cves: z.array(z.string()).describe('CVEs covered'),
        advisory: z.string().nullable().describe('the advisory it was issued from'),
        targetSpecs: z.array(z.string()).describe('target specs as given'),
        ackHours: z.number().int().describe('hours to acknowledge'),
        version: z.number().int().describe('current version'),
        issuedAt: Iso('when issued'),
        issuedBy: z.string().describe('who issued it'),
        withdrawn: z
          .object({
            at: Iso('when withdrawn'),
            by: z.string().nullable().describe('who withdrew it'),
            reason: z.string().nullable().describe('why'),
          })
          .nullable()
          .describe('the withdrawal, if any'),
      })
      .describe('the alert'),
    asOf: Iso('the time the figures are for'),
    counts: z.object(COUNTS).describe('targets in your subtree by state'),
    overdue: z
      .object({
        total: z.number().int().describe('overdue targets'),
        organisations: z
          .array(
            z.object({
              code: z.string().describe('organisation code'),
              name: z.string().describe('organisation name'),
              kind: z.string().describe('organisation kind'),
              parent: z.string().nullable().describe("parent's code"),
              ackDueAt: Iso('the deadline missed'),
              hoursOverdue: z.number().describe('whole hours past the deadline'),
            }),
          )
          .describe('the first overdue organisations, longest overdue first'),
      })
      .describe('targets awaiting acknowledgement past their deadline'),
    evidence: z
      .object({
        verifiedByInventory: z
          .array(z.object({ code: z.string().describe('organisation code'), fixedAt: Iso('when fixed') }))
          .describe('remediation verified by an inventory import'),
        resolvedButStillExposed: z.array(z.string()).describe('answered resolved but still exposed'),
      })
      .describe('what the inventory says'),
    rollup: z
      .object({
        regions: z.array(Rollup).describe('per region'),
        icbs: z.array(Rollup).describe('per ICB'),
      })
      .describe('counts per region and ICB'),
    targets: z.array(AlertTarget).optional().describe('the targets, when asked for'),
  }),
  'AlertStatus',
);

export const AlertIssueResult = named(
  z.object({
    reference: z.string().describe('the new alert reference'),
    title: z.string().describe('title'),
    severity: Severity,
    cves: z.array(z.string()).describe('CVEs covered (an advisory brings its own)'),
    targets: z
      .array(
        z.object({
          code: z.string().describe('organisation code'),
          name: z.string().describe('organisation name'),
          kind: z.string().describe('organisation kind'),
          reasons: z.array(z.string()).describe('the target specs that selected it'),
          assets: z.number().int().describe('exposed devices'),
          ackDueAt: Iso('acknowledgement deadline'),
        }),
      )
      .describe('the organisations targeted now'),
    totals: z
      .object({
        organisations: z.number().int().describe('organisations targeted'),
        assets: z.number().int().describe('devices behind them'),
      })
      .describe('totals'),
    messages: z.number().int().describe('messages queued'),
    warnings: z.array(z.string()).describe('what the issuer should know (unknown CVEs, no target yet)'),
  }),
  'AlertIssueResult',
);

export const AlertEditResult = named(
  z.object({
    reference: z.string().describe('alert reference'),
    version: z.number().int().describe('the new version'),
    changes: z.array(z.string()).describe('what changed, in words the targets are told'),
    newTargets: z.number().int().describe('organisations targeted by the new CVEs or targets'),
    messages: z.number().int().describe('messages queued'),
  }),
  'AlertEditResult',
);

export const AlertWithdrawResult = named(
  z.object({
    reference: z.string().describe('alert reference'),
    version: z.number().int().describe('the version recording the withdrawal'),
    withdrawnAt: Iso('when withdrawn'),
    messages: z.number().int().describe('messages queued to targets still answering'),
  }),
  'AlertWithdrawResult',
);

export const AlertRespondResult = named(
  z.object({
    reference: z.string().describe('alert reference'),
    status: z.enum(RESPONSE_STATES).describe('the state answered'),
    at: Iso('when recorded'),
    nextUpdateDueAt: Iso('next progress update due').nullable(),
    applied: z
      .array(
        z.object({
          code: z.string().describe('organisation code'),
          from: TargetState.describe('its state before'),
          lateAcknowledgement: z.boolean().describe('first response after the deadline'),
        }),
      )
      .describe('organisations the response was recorded for'),
    skipped: z
      .array(
        z.object({
          code: z.string().describe('organisation code'),
          reason: z.string().describe('why not (not a target, already answered so)'),
        }),
      )
      .describe('organisations that could not take the response'),
    messages: z.number().int().describe('receipts queued'),
  }),
  'AlertRespondResult',
);

export const IssueBody = z.object({
  title: z.string().min(1).max(300).describe('what the alert is about, in a line'),
  severity: z.string().min(1).max(20).describe('critical, high, medium or low'),
  action: z.string().min(1).max(4000).describe('what the organisations must do'),
  cves: z.array(CveId).max(200).default([]).describe('CVE ids (or give an advisory)'),
  advisory: z.string().max(200).nullable().optional().describe('a loaded advisory: its CVEs are the alert’s'),
  targets: z
    .array(z.string().max(200))
    .max(200)
    .default([])
    .describe('target specs; `auto` (exposed organisations) by default'),
  ackHours: z.number().int().min(1).max(2160).optional().describe('hours to acknowledge (48 by default)'),
});

export const EditBody = z.object({
  title: z.string().min(1).max(300).optional().describe('new title'),
  severity: z.string().min(1).max(20).optional().describe('new severity'),
  action: z.string().min(1).max(4000).optional().describe('new required action'),
  addCves: z.array(CveId).max(200).optional().describe('CVEs to add'),
  addTargets: z.array(z.string().max(200)).max(200).optional().describe('target specs to add'),
  note: z.string().max(4000).optional().describe('what changed and why, for the targets'),
});

export const WithdrawBody = z.object({
  reason: z.string().min(1).max(2000).describe('why the alert is withdrawn'),
});

export const RespondBody = z.object({
  orgs: z.array(OrgCode).max(5000).optional().describe('the organisations answered for…'),
  under: OrgCode.optional().describe('…or every target in this subtree (bulk)'),
  status: z.string().min(1).max(40).describe('acknowledged, in_progress, resolved or not_applicable'),
  note: z.string().max(4000).nullable().optional().describe('what has been done'),
  reason: z.string().max(4000).nullable().optional().describe('why it does not apply (for not_applicable)'),
  nextUpdate: z.string().max(40).nullable().optional().describe('when the next progress update will come'),
});

type Out<T extends z.ZodType> = z.output<T>;

// The services read severities and states back from the database as text: the presenters check
// them against the domain's lists rather than cast.
const ResponseState = z.enum(RESPONSE_STATES);

export function presentAlertSummary(a: AlertSummaryValue): Out<typeof AlertSummary> {
  return {
    reference: a.reference,
    title: a.title,
    severity: Severity.parse(a.severity),
    cves: a.cves,
    issuedAt: a.issuedAt,
    version: a.version,
    withdrawn: a.withdrawn,
    targets: a.targets,
    awaiting: a.awaiting,
    acknowledged: a.acknowledged,
    inProgress: a.inProgress,
    resolved: a.resolved,
    notApplicable: a.notApplicable,
    overdue: a.overdue,
  };
}

function presentCounts(c: CountsValue) {
  return {
    targets: c.targets,
    awaitingAck: c.awaitingAck,
    acknowledged: c.acknowledged,
    inProgress: c.inProgress,
    resolved: c.resolved,
    notApplicable: c.notApplicable,
    overdue: c.overdue,
    updateDue: c.updateDue,
    acknowledgedInTime: c.acknowledgedInTime,
    shareAcknowledgedInTime: c.shareAcknowledgedInTime,
    assets: c.assets,
  };
}

const presentRollup = (r: RollupView): Out<typeof Rollup> => ({
  code: r.code,
  name: r.name,
  parent: r.parent,
  ...presentCounts(r),
});

export function presentAlertTarget(t: TargetView): Out<typeof AlertTarget> {
  return {
    code: t.code,
    name: t.name,
    kind: t.kind,
    parent: t.parent,
    reasons: t.reasons,
    state: t.state,
    devices: t.devices,
    deviceList: t.deviceList,
    targetedAt: t.targetedAt,
    ackDueAt: t.ackDueAt,
    acknowledgedAt: t.acknowledgedAt,
    nextUpdateDueAt: t.nextUpdateDueAt,
    overdue: t.overdue,
    updateDue: t.updateDue,
    note: t.note,
    reason: t.reason,
    respondedBy: t.respondedBy,
    evidence: t.evidence,
    ...(t.history
      ? {
          history: t.history.map((h) => ({
            at: h.at,
            actor: h.actor,
            kind: h.kind,
            from: h.from === null ? null : TargetState.parse(h.from),
            to: TargetState.parse(h.to),
            note: h.note,
          })),
        }
      : {}),
  };
}

export function presentAlertStatus(s: AlertStatusValue): Out<typeof AlertStatus> {
  return {
    alert: { ...s.alert, severity: Severity.parse(s.alert.severity) },
    asOf: s.asOf,
    counts: presentCounts(s.counts),
    overdue: s.overdue,
    evidence: s.evidence,
    rollup: { regions: s.rollup.regions.map(presentRollup), icbs: s.rollup.icbs.map(presentRollup) },
    ...(s.targets ? { targets: s.targets.map(presentAlertTarget) } : {}),
  };
}

export function presentIssueResult(r: IssueResult): Out<typeof AlertIssueResult> {
  return {
    reference: r.reference,
    title: r.title,
    severity: Severity.parse(r.severity),
    cves: r.cves,
    targets: r.targets,
    totals: r.totals,
    messages: r.messages,
    warnings: r.warnings,
  };
}

export function presentEditResult(r: EditResult): Out<typeof AlertEditResult> {
  return {
    reference: r.reference,
    version: r.version,
    changes: r.changes,
    newTargets: r.newTargets,
    messages: r.messages,
  };
}

export function presentWithdrawResult(r: WithdrawResult): Out<typeof AlertWithdrawResult> {
  return { reference: r.reference, version: r.version, withdrawnAt: r.withdrawnAt, messages: r.messages };
}

export function presentRespondResult(r: RespondResult): Out<typeof AlertRespondResult> {
  return {
    reference: r.reference,
    status: ResponseState.parse(r.status),
    at: r.at,
    nextUpdateDueAt: r.nextUpdateDueAt,
    applied: r.applied,
    skipped: r.skipped,
    messages: r.messages,
  };
}
