/**
 * Responding to an alert for one organisation or many: a practice acknowledging, or an ICB lead
 * answering for every practice it supports. One transaction; one history row per organisation;
 * receipts to each organisation's contacts queued in the same transaction. Organisations that
 * cannot take the response (already resolved, not a target) are reported, not fatal.
 */

import type { Database } from '../../db/connect.js';
import { applyResponse, lockTargets, type TargetRow } from '../../db/repositories/alert-target.repository.js';
import { contactsOfOrgs } from '../../db/repositories/contact.repository.js';
import { findOrganisationIdsByCode } from '../../db/repositories/organisation.repository.js';
import { enqueueMessages, type OutboxWrite } from '../../db/repositories/outbox.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { parseInstant } from '../../domain/alerts/clock.js';
import {
  checkResponse,
  parseResponseState,
  RESPONSE_STATES,
  type ResponseInput,
  respond,
  type TargetState,
} from '../../domain/alerts/target-state.js';
import { normaliseCode } from '../../domain/org/organisation.js';
import { ForbiddenError, invalidFields, NotFoundError, WardError } from '../../errors.js';
import { renderResponseReceipt } from '../../notifications/render-alert-message.js';
import { permittedOrgIds } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type AlertContext, requireAlert } from './issue.service.js';
import { alertFacts, recipientOf, sendsNow } from './message.service.js';

export interface RespondInput {
  reference: string;
  /** ODS codes of the organisations answered for… */
  orgs?: readonly string[];
  /** …or every target in this organisation's subtree. */
  under?: string | null;
  status: string;
  note?: string | null;
  reason?: string | null;
  /** ISO date or time of the next progress update (acknowledged / in progress). */
  nextUpdate?: string | null;
}

export interface RespondResult {
  reference: string;
  status: TargetState;
  at: string;
  nextUpdateDueAt: string | null;
  applied: { code: string; from: TargetState; lateAcknowledgement: boolean }[];
  skipped: { code: string; reason: string }[];
  messages: number;
}

/** Codes for a message: the first few, and how many more. */
function someCodes(codes: readonly string[], shown = 10): string {
  const more = codes.length - shown;
  return more > 0 ? `${codes.slice(0, shown).join(', ')} and ${more} more` : codes.join(', ');
}

/**
 * The organisations answered for (code → id), checked before any write with one lookup and one bulk
 * permission question: an organisation the caller cannot see does not exist for them (not found);
 * one they see but may not write on is forbidden.
 */
async function requireWritable(
  trx: Database['db'],
  actor: Actor,
  codes: readonly string[],
): Promise<Map<string, string>> {
  const ids = await findOrganisationIdsByCode(trx, codes, scopeFor(actor, 'read'));
  const hidden = codes.filter((c) => !ids.has(c));
  if (hidden.length > 0) throw new NotFoundError(`no organisation ${someCodes(hidden)}`);
  const permitted = await permittedOrgIds(trx, actor, 'write', new Set(ids.values()));
  const refused = codes.filter((c) => !permitted.has(ids.get(c) as string));
  if (refused.length > 0) throw new ForbiddenError(`${actor.label} may not write on ${someCodes(refused)}`);
  return ids;
}

export async function respondToAlert(
  database: Database,
  ctx: AlertContext,
  input: RespondInput,
): Promise<RespondResult> {
  const status = parseResponseState(input.status);
  if (!status)
    throw invalidFields(
      { status: `unknown status "${input.status}" (expected ${RESPONSE_STATES.join(', ')})` },
      'response',
    );
  const orgCodes = [...new Set((input.orgs ?? []).map(normaliseCode).filter(Boolean))];
  if (orgCodes.length > 0 === Boolean(input.under))
    throw invalidFields(
      input.under
        ? { under: 'give either the organisations or the subtree answered for, not both' }
        : { orgs: 'give the organisations answered for (or the subtree, under)' },
      'response',
    );
  let nextUpdate: Date | null = null;
  if (input.nextUpdate) {
    nextUpdate = parseInstant(input.nextUpdate);
    if (!nextUpdate)
      throw invalidFields(
        { nextUpdate: `${input.nextUpdate} is not a date (use YYYY-MM-DD or an ISO time)` },
        'response',
      );
  }
  const now = ctx.clock.now();
  const response: ResponseInput = {
    status,
    note: input.note?.trim() || null,
    reason: input.reason?.trim() || null,
    nextUpdate,
  };
  const problem = checkResponse(response, now);
  if (problem) throw invalidFields({ [problem.field]: problem.reason }, 'response');

  const writeScope = scopeFor(ctx.actor, 'write');
  return database.db.transaction().execute(async (trx) => {
    const answeredFor = input.under ? [normaliseCode(input.under)] : orgCodes;
    const orgIds = await requireWritable(trx, ctx.actor, answeredFor);
    const alert = await requireAlert(trx, input.reference);
    if (alert.withdrawn_at)
      throw new WardError('conflict', `${alert.reference} was withdrawn: no response is needed`);
    const skipped: RespondResult['skipped'] = [];
    let targets: TargetRow[];
    let underId: string | null = null;
    if (input.under) {
      const code = answeredFor[0] as string;
      underId = orgIds.get(code) as string;
      targets = await lockTargets(trx, alert.id, { underOrgId: underId }, writeScope);
      if (targets.length === 0)
        throw new NotFoundError(`no organisation under ${code} is a target of ${alert.reference}`);
    } else {
      targets = await lockTargets(trx, alert.id, { orgIds: [...orgIds.values()] }, writeScope);
      const targeted = new Set(targets.map((t) => t.code));
      for (const code of orgCodes)
        if (!targeted.has(code)) skipped.push({ code, reason: `not a target of ${alert.reference}` });
    }
    const applied: RespondResult['applied'] = [];
    const updates: { orgId: string; fromState: string; acknowledgedAt: Date; target: TargetRow }[] = [];
    let nextUpdateDueAt: Date | null = null;
    for (const t of targets) {
      const result = respond(
        {
          state: t.state as TargetState,
          targetedAt: new Date(t.targeted_at),
          ackDueAt: new Date(t.ack_due_at),
          acknowledgedAt: t.acknowledged_at ? new Date(t.acknowledged_at) : null,
          nextUpdateDueAt: t.next_update_due_at ? new Date(t.next_update_due_at) : null,
          stateChangedAt: new Date(t.state_changed_at),
        },
        response,
        now,
      );
      if (!result.ok) {
        skipped.push({ code: t.code, reason: result.reason });
        continue;
      }
      nextUpdateDueAt = result.target.nextUpdateDueAt;
      updates.push({
        orgId: t.org_id,
        fromState: t.state,
        acknowledgedAt: result.target.acknowledgedAt as Date,
        target: t,
      });
      applied.push({
        code: t.code,
        from: t.state as TargetState,
        lateAcknowledgement: t.acknowledged_at === null && now.getTime() > new Date(t.ack_due_at).getTime(),
      });
    }
    await applyResponse(trx, {
      alertId: alert.id,
      state: status,
      at: now,
      actor: ctx.actor.label,
      note: response.note,
      reason: response.reason,
      nextUpdateDueAt,
      targets: updates,
    });
    const contacts = await contactsOfOrgs(
      trx,
      updates.map((u) => u.orgId),
    );
    const facts = alertFacts(alert);
    const from = new Map(updates.map((u) => [u.orgId, u.fromState as TargetState]));
    const messages: OutboxWrite[] = contacts
      .filter((c) => sendsNow(alert.severity, c))
      .map((c) => {
        const rendered = renderResponseReceipt({
          alert: facts,
          org: { code: c.code, name: c.org_name },
          recipient: recipientOf(c),
          from: from.get(c.org_id) as TargetState,
          to: status,
          actor: ctx.actor.label,
          note: response.note,
          reason: response.reason,
          nextUpdateDueAt,
        });
        return {
          key: `ward:response:${alert.reference}:${c.code}:${c.id}:${now.toISOString()}:${status}`,
          kind: 'response',
          channel: c.channel,
          recipient: c.email,
          recipientName: c.name,
          contactId: c.id,
          orgId: c.org_id,
          alertId: alert.id,
          subject: rendered.subject,
          body: rendered.text,
          payload: rendered.payload,
        };
      });
    const queued = await enqueueMessages(trx, messages, now);
    // Audited on the subtree answered for (bulk), or on each organisation answered for.
    const answered = applied.map((x) => x.code);
    const answeredSet = new Set(answered);
    const who = ctx.actor;
    if (underId)
      await audit(trx, who, underId, 'alert.respond', null, { status, orgs: answered }, alert.reference);
    else
      for (const t of targets.filter((x) => answeredSet.has(x.code)))
        await audit(trx, who, t.org_id, 'alert.respond', { state: t.state }, { status }, alert.reference);
    return {
      reference: alert.reference,
      status,
      at: now.toISOString(),
      nextUpdateDueAt: nextUpdateDueAt?.toISOString() ?? null,
      applied,
      skipped,
      messages: queued,
    };
  });
}
