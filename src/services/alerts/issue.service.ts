/**
 * Issuing and managing national alerts: issue (targets and their messages in one transaction),
 * edit (versioned; targets told; new CVEs may bring new targets), withdraw, list and status.
 */

import type { Transaction } from 'kysely';
import type { Database } from '../../db/connect.js';
import {
  type AlertRecord,
  advisoryCves,
  findAlertByReference,
  insertAlert,
  insertAlertVersion,
  knownCves,
  listAlertsWithCounts,
  listAlertVersions,
  markWithdrawn,
  nextAlertSeq,
  updateAlert,
} from '../../db/repositories/alert.repository.js';
import { listTargets } from '../../db/repositories/alert-target.repository.js';
import type { DB } from '../../db/schema.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import {
  type AlertDraft,
  DEFAULT_ACK_HOURS,
  formatReference,
  hasAutoTarget,
  isSeverity,
  normaliseCve,
  parseReference,
  parseTargetSpec,
  SEVERITIES,
  validateAlertDraft,
} from '../../domain/alerts/alert.js';
import type { Clock } from '../../domain/alerts/clock.js';
import { InvalidInputError, invalidFields, NotFoundError, WardError } from '../../errors.js';
import type { RenderOptions } from '../../notifications/message.types.js';
import { requireNational } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { noticeTarget, queueTargetNotices } from './message.service.js';
import { targetAlert } from './target.service.js';

/** Who acts (their scope and audit name come from the actor), when, and how messages link back to Ward. */
export interface AlertContext {
  actor: Actor;
  clock: Clock;
  render: RenderOptions;
}

/** Issuing, editing and withdrawing alerts is national work. */
function requireAlerting(actor: Actor): void {
  requireNational(actor, 'national', 'issue or change alerts');
}

/** A field of the request and what is wrong with it (fields by their API name). */
interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

/** Every problem at once, each by its field (a field may have several, unlike `invalidFields`). */
function invalid(problems: readonly FieldProblem[], what = 'alert'): InvalidInputError {
  return new InvalidInputError(
    problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
    problems.map((p) => ({ file: what, line: 0, field: p.field, reason: p.reason })),
  );
}

/** The alert with this reference, or a not-found error. */
export async function requireAlert(
  db: Database['db'],
  reference: string,
  forUpdate = false,
): Promise<AlertRecord> {
  const ref = parseReference(reference);
  if (!ref)
    throw invalid([
      { field: 'reference', reason: `not an alert reference: ${reference} (expected WA-YYYY-NNNN)` },
    ]);
  const alert = await findAlertByReference(db, ref, forUpdate);
  if (!alert) throw new NotFoundError(`no alert ${ref}`);
  return alert;
}

export interface IssueInput extends Omit<AlertDraft, 'ackHours'> {
  ackHours?: number;
}

export interface IssueResult {
  reference: string;
  title: string;
  severity: string;
  cves: string[];
  targets: {
    code: string;
    name: string;
    kind: string;
    reasons: string[];
    assets: number;
    ackDueAt: string;
  }[];
  totals: { organisations: number; assets: number };
  messages: number;
  warnings: string[];
}

/** Issues an alert: reference, version 1, targets with their deadlines and messages, in one transaction. */
export async function issueAlert(
  database: Database,
  ctx: AlertContext,
  input: IssueInput,
): Promise<IssueResult> {
  requireAlerting(ctx.actor);
  return database.db.transaction().execute((trx) => issueAlertIn(trx, ctx, input));
}

/**
 * The same inside the caller's transaction (issuing a reviewed draft marks the draft in the same
 * transaction).
 */
export async function issueAlertIn(
  trx: Transaction<DB>,
  ctx: AlertContext,
  input: IssueInput,
): Promise<IssueResult> {
  requireAlerting(ctx.actor);
  const { alert: valid, problems } = validateAlertDraft({
    ...input,
    ackHours: input.ackHours ?? DEFAULT_ACK_HOURS,
  });
  if (!valid) throw invalid(problems);
  const now = ctx.clock.now();
  const warnings: string[] = [];
  const cves = [...valid.cves];
  if (valid.advisory) {
    const fromAdvisory = await advisoryCves(trx, valid.advisory);
    if (!fromAdvisory) throw new NotFoundError(`no advisory ${valid.advisory} in the intel store`);
    for (const c of fromAdvisory) if (!cves.includes(c)) cves.push(c);
    if (fromAdvisory.length === 0)
      warnings.push(`advisory ${valid.advisory} names no CVE: auto targets nobody`);
  }
  const known = await knownCves(trx, cves);
  for (const c of cves)
    if (!known.has(c))
      warnings.push(
        `${c} is not in the intel store yet: organisations exposed to it become targets when it is loaded`,
      );
  const year = now.getUTCFullYear();
  const reference = formatReference(year, await nextAlertSeq(trx, year));
  const alert = await insertAlert(trx, {
    reference,
    title: valid.title,
    severity: valid.severity,
    action: valid.action,
    cves,
    advisoryId: valid.advisory,
    ackHours: valid.ackHours,
    targets: valid.targets.map((t) => t.text),
    issuedAt: now,
    issuedBy: ctx.actor.label,
  });
  await insertAlertVersion(trx, {
    alert_id: alert.id,
    version: 1,
    kind: 'issued',
    at: now,
    actor: ctx.actor.label,
    title: alert.title,
    severity: alert.severity,
    action: alert.action,
    cves,
    changes: [],
    note: null,
  });
  const run = await targetAlert(trx, {
    alert,
    scope: scopeFor(ctx.actor, 'read'),
    onlyOrgIds: null,
    now,
    actor: ctx.actor.label,
    render: ctx.render,
  });
  if (run.targets.length === 0)
    warnings.push(
      hasAutoTarget(valid.targets)
        ? 'no organisation is a target yet; the alert stays live and targets organisations as they become exposed'
        : 'no organisation matches the targets',
    );
  await audit(
    trx,
    ctx.actor,
    null,
    'alert.issue',
    null,
    { reference, title: alert.title, severity: alert.severity, cves, targets: run.targets.length },
    reference,
  );
  return {
    reference,
    title: alert.title,
    severity: alert.severity,
    cves,
    targets: run.targets.map((t) => ({
      code: t.code,
      name: t.name,
      kind: t.kind,
      reasons: t.reasons,
      assets: t.asset_count,
      ackDueAt: new Date(t.ack_due_at).toISOString(),
    })),
    totals: {
      organisations: run.targets.length,
      assets: run.targets.reduce((n, t) => n + t.asset_count, 0),
    },
    messages: run.messages,
    warnings,
  };
}

export interface EditInput {
  title?: string | null;
  severity?: string | null;
  action?: string | null;
  addCves?: readonly string[];
  addTargets?: readonly string[];
  note?: string | null;
}

export interface EditResult {
  reference: string;
  version: number;
  changes: string[];
  newTargets: number;
  messages: number;
}

const NOTHING_TO_CHANGE =
  'nothing to change: give a new title, severity or action, or CVEs or targets to add';

/** Changes an alert: a new version, every target told, new CVEs or targets bring new targets. */
export async function editAlert(
  database: Database,
  ctx: AlertContext,
  reference: string,
  input: EditInput,
): Promise<EditResult> {
  requireAlerting(ctx.actor);
  const problems: FieldProblem[] = [];
  const addCves: string[] = [];
  for (const raw of input.addCves ?? []) {
    const c = normaliseCve(raw);
    if (!c) problems.push({ field: 'addCves', reason: `not a CVE id: ${raw}` });
    else addCves.push(c);
  }
  const addTargets: string[] = [];
  for (const raw of input.addTargets ?? []) {
    const p = parseTargetSpec(raw);
    if (!p.ok) problems.push({ field: 'addTargets', reason: p.reason });
    else addTargets.push(p.spec.text);
  }
  const severity = input.severity?.trim().toLowerCase() || null;
  if (severity && !isSeverity(severity))
    problems.push({
      field: 'severity',
      reason: `unknown severity "${input.severity}" (expected ${SEVERITIES.join(', ')})`,
    });
  if (input.title !== undefined && input.title !== null && !input.title.trim())
    problems.push({ field: 'title', reason: 'the title cannot be empty' });
  if (input.action !== undefined && input.action !== null && !input.action.trim())
    problems.push({ field: 'action', reason: 'the action cannot be empty' });
  if (problems.length > 0) throw invalid(problems, 'edit');
  const now = ctx.clock.now();
  return database.db.transaction().execute(async (trx) => {
    const alert = await requireAlert(trx, reference, true);
    if (alert.withdrawn_at)
      throw new WardError('conflict', `${alert.reference} was withdrawn: it cannot be edited`);
    const changes: string[] = [];
    const patch: { title?: string; severity?: string; action?: string; cves?: string[]; targets?: string[] } =
      {};
    const title = input.title?.trim();
    if (title && title !== alert.title) {
      patch.title = title;
      changes.push(`title is now "${title}"`);
    }
    if (severity && severity !== alert.severity) {
      patch.severity = severity;
      changes.push(`severity changed from ${alert.severity} to ${severity}`);
    }
    const action = input.action?.trim();
    if (action && action !== alert.action) {
      patch.action = action;
      changes.push(`what to do has changed: ${action}`);
    }
    const newCves = addCves.filter((c) => !alert.cves.includes(c));
    if (newCves.length > 0) {
      patch.cves = [...alert.cves, ...newCves];
      changes.push(`now also covers ${newCves.join(', ')}`);
    }
    const newSpecs = addTargets.filter((t) => !alert.targets.includes(t));
    if (newSpecs.length > 0) {
      patch.targets = [...alert.targets, ...newSpecs];
      changes.push(`now also for ${newSpecs.join(', ')}`);
    }
    if (changes.length === 0)
      throw new InvalidInputError(NOTHING_TO_CHANGE, [{ file: 'edit', line: 0, reason: NOTHING_TO_CHANGE }]);
    const version = alert.version + 1;
    await updateAlert(trx, alert.id, { ...patch, version, at: now });
    const edited: AlertRecord = { ...alert, ...patch, version };
    await insertAlertVersion(trx, {
      alert_id: alert.id,
      version,
      kind: 'edited',
      at: now,
      actor: ctx.actor.label,
      title: edited.title,
      severity: edited.severity,
      action: edited.action,
      cves: edited.cves,
      changes,
      note: input.note?.trim() || null,
    });
    const existing = await listTargets(trx, alert.id, scopeFor(ctx.actor, 'read'));
    let messages = await queueTargetNotices(trx, {
      kind: 'updated',
      alert: edited,
      targets: existing.map(noticeTarget),
      now,
      render: ctx.render,
      changes,
      note: input.note?.trim() || null,
    });
    let newTargets = 0;
    if (patch.cves || patch.targets) {
      const run = await targetAlert(trx, {
        alert: edited,
        scope: scopeFor(ctx.actor, 'read'),
        onlyOrgIds: null,
        now,
        actor: ctx.actor.label,
        render: ctx.render,
      });
      newTargets = run.targets.length;
      messages += run.messages;
    }
    await audit(trx, ctx.actor, null, 'alert.edit', null, { version, changes, newTargets }, alert.reference);
    return { reference: alert.reference, version, changes, newTargets, messages };
  });
}

export interface WithdrawResult {
  reference: string;
  version: number;
  withdrawnAt: string;
  messages: number;
}

/** Withdraws an alert (recorded as a version); targets still answering are told they can stop. */
export async function withdrawAlert(
  database: Database,
  ctx: AlertContext,
  reference: string,
  reason: string,
): Promise<WithdrawResult> {
  requireAlerting(ctx.actor);
  if (!reason.trim())
    throw invalidFields({ reason: 'a reason is required (why the alert is withdrawn)' }, 'withdraw');
  const now = ctx.clock.now();
  return database.db.transaction().execute(async (trx) => {
    const alert = await requireAlert(trx, reference, true);
    if (alert.withdrawn_at) throw new WardError('conflict', `${alert.reference} is already withdrawn`);
    const version = alert.version + 1;
    await markWithdrawn(trx, alert.id, now, ctx.actor.label, reason.trim(), version);
    await insertAlertVersion(trx, {
      alert_id: alert.id,
      version,
      kind: 'withdrawn',
      at: now,
      actor: ctx.actor.label,
      title: alert.title,
      severity: alert.severity,
      action: alert.action,
      cves: alert.cves,
      changes: ['withdrawn'],
      note: reason.trim(),
    });
    const open = await listTargets(trx, alert.id, scopeFor(ctx.actor, 'read'), { openOnly: true });
    const messages = await queueTargetNotices(trx, {
      kind: 'withdrawn',
      alert: { ...alert, version },
      targets: open.map(noticeTarget),
      now,
      render: ctx.render,
      everyone: true,
      withdrawnReason: reason.trim(),
    });
    await audit(trx, ctx.actor, null, 'alert.withdraw', null, { version, reason }, alert.reference);
    return { reference: alert.reference, version, withdrawnAt: now.toISOString(), messages };
  });
}

export interface AlertSummary {
  reference: string;
  title: string;
  severity: string;
  cves: string[];
  issuedAt: string;
  version: number;
  withdrawn: boolean;
  targets: number;
  awaiting: number;
  acknowledged: number;
  inProgress: number;
  resolved: number;
  notApplicable: number;
  overdue: number;
}

/** Alerts newest first with their targets counted by state; `open`: not withdrawn and still being answered. */
export async function listAlerts(
  database: Database,
  actor: Actor,
  clock: Clock,
  options: { open?: boolean } = {},
): Promise<AlertSummary[]> {
  const scope = scopeFor(actor, 'read');
  const rows = await listAlertsWithCounts(database.db, scope, clock.now(), options.open === true);
  return rows.map((r) => ({
    reference: r.reference,
    title: r.title,
    severity: r.severity,
    cves: r.cves,
    issuedAt: new Date(r.issued_at).toISOString(),
    version: r.version,
    withdrawn: r.withdrawn_at !== null,
    targets: r.targets_total,
    awaiting: r.awaiting,
    acknowledged: r.acknowledged,
    inProgress: r.in_progress,
    resolved: r.resolved,
    notApplicable: r.not_applicable,
    overdue: r.overdue,
  }));
}

/** The alert's versions, oldest first. */
export async function alertHistory(database: Database, reference: string) {
  const alert = await requireAlert(database.db, reference);
  return (await listAlertVersions(database.db, alert.id)).map((v) => ({
    ...v,
    at: new Date(v.at).toISOString(),
  }));
}
