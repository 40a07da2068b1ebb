/**
 * Each target organisation's answer to an alert, as a state machine:
 * `awaiting_ack` → `acknowledged` (next update due in 3 days, or when the responder says) →
 * `in_progress` → `resolved` | `not_applicable` (a reason is required). Deadlines are instants;
 * "overdue" and "update due" are derived from a clock when read, never stored.
 */
import { DAY_MS, HOUR_MS } from './clock.js';

export const TARGET_STATES = [
  'awaiting_ack',
  'acknowledged',
  'in_progress',
  'resolved',
  'not_applicable',
] as const;
export type TargetState = (typeof TARGET_STATES)[number];

/** The states a responder can set. */
export const RESPONSE_STATES = ['acknowledged', 'in_progress', 'resolved', 'not_applicable'] as const;
export type ResponseState = (typeof RESPONSE_STATES)[number];

export const STATE_LABELS: Record<TargetState, string> = {
  awaiting_ack: 'awaiting acknowledgement',
  acknowledged: 'acknowledged',
  in_progress: 'in progress',
  resolved: 'resolved',
  not_applicable: 'not applicable',
};

/** Reads `in-progress`, `In Progress`, `not_applicable`… as a response state; null otherwise. */
export function parseResponseState(text: string): ResponseState | null {
  const s = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (RESPONSE_STATES as readonly string[]).includes(s) ? (s as ResponseState) : null;
}

export function isTerminal(state: TargetState): boolean {
  return state === 'resolved' || state === 'not_applicable';
}

/** How long a responder has before the next progress update, unless they give a date. */
export const UPDATE_INTERVAL_MS = 3 * DAY_MS;
/** The reminder goes this long before the acknowledgement is due. */
export const REMINDER_LEAD_MS = 24 * HOUR_MS;

/** What Ward keeps of one target's answer. */
export interface TargetStatus {
  readonly state: TargetState;
  readonly targetedAt: Date;
  readonly ackDueAt: Date;
  readonly acknowledgedAt: Date | null;
  readonly nextUpdateDueAt: Date | null;
  readonly stateChangedAt: Date;
}

export function ackDueAt(targetedAt: Date, ackHours: number): Date {
  return new Date(targetedAt.getTime() + ackHours * HOUR_MS);
}

/** A new target: awaiting acknowledgement, due `ackHours` after it became a target. */
export function newTarget(targetedAt: Date, ackHours: number): TargetStatus {
  return {
    state: 'awaiting_ack',
    targetedAt,
    ackDueAt: ackDueAt(targetedAt, ackHours),
    acknowledgedAt: null,
    nextUpdateDueAt: null,
    stateChangedAt: targetedAt,
  };
}

/** One response to apply. */
export interface ResponseInput {
  readonly status: ResponseState;
  readonly note: string | null;
  /** Why the alert does not apply (required for `not_applicable`). */
  readonly reason: string | null;
  /** When the next progress update will come (acknowledged / in progress); default 3 days on. */
  readonly nextUpdate: Date | null;
}

/** What is wrong with a response, by the field of the response at fault. */
export interface ResponseProblem {
  readonly field: 'reason' | 'nextUpdate';
  readonly reason: string;
}

/** Checks a response on its own (before looking at any target); null when it is acceptable. */
export function checkResponse(input: ResponseInput, now: Date): ResponseProblem | null {
  if (input.status === 'not_applicable' && !input.reason?.trim())
    return { field: 'reason', reason: 'not_applicable needs a reason (why the alert does not apply)' };
  if (input.nextUpdate) {
    if (input.status !== 'acknowledged' && input.status !== 'in_progress')
      return { field: 'nextUpdate', reason: 'a next update applies only to acknowledged or in_progress' };
    if (input.nextUpdate.getTime() <= now.getTime())
      return { field: 'nextUpdate', reason: `${input.nextUpdate.toISOString()} is not in the future` };
  }
  return null;
}

export type Transition =
  | { readonly ok: true; readonly from: TargetState; readonly target: TargetStatus }
  | { readonly ok: false; readonly from: TargetState; readonly reason: string };

/** Which states each response may come from. Reopening a closed target goes through in_progress. */
const ALLOWED_FROM: Record<ResponseState, readonly TargetState[]> = {
  acknowledged: ['awaiting_ack', 'acknowledged'],
  in_progress: ['awaiting_ack', 'acknowledged', 'in_progress', 'resolved', 'not_applicable'],
  resolved: ['awaiting_ack', 'acknowledged', 'in_progress', 'not_applicable'],
  not_applicable: ['awaiting_ack', 'acknowledged', 'in_progress', 'resolved'],
};

function refusal(from: TargetState, to: ResponseState): string {
  if (from === to) return `already ${STATE_LABELS[from]}`;
  if (to === 'acknowledged') return `already ${STATE_LABELS[from]}: acknowledging again would go backwards`;
  return `cannot go from ${STATE_LABELS[from]} to ${STATE_LABELS[to]}`;
}

/**
 * Applies a response to a target at `now`. Any first response also acknowledges (a practice that
 * says "resolved" has plainly seen the alert); progress states get a next-update deadline.
 */
export function respond(target: TargetStatus, input: ResponseInput, now: Date): Transition {
  const from = target.state;
  const problem = checkResponse(input, now);
  if (problem) return { ok: false, from, reason: problem.reason };
  if (!ALLOWED_FROM[input.status].includes(from))
    return { ok: false, from, reason: refusal(from, input.status) };
  const progressing = input.status === 'acknowledged' || input.status === 'in_progress';
  return {
    ok: true,
    from,
    target: {
      ...target,
      state: input.status,
      acknowledgedAt: target.acknowledgedAt ?? now,
      nextUpdateDueAt: progressing
        ? (input.nextUpdate ?? new Date(now.getTime() + UPDATE_INTERVAL_MS))
        : null,
      stateChangedAt: now,
    },
  };
}

/** Awaiting acknowledgement past the deadline. */
export function isOverdue(t: Pick<TargetStatus, 'state' | 'ackDueAt'>, now: Date): boolean {
  return t.state === 'awaiting_ack' && now.getTime() > t.ackDueAt.getTime();
}

/** Acknowledged or in progress, and the promised update has not come. */
export function isUpdateDue(t: Pick<TargetStatus, 'state' | 'nextUpdateDueAt'>, now: Date): boolean {
  return (
    (t.state === 'acknowledged' || t.state === 'in_progress') &&
    t.nextUpdateDueAt !== null &&
    now.getTime() > t.nextUpdateDueAt.getTime()
  );
}

/** Acknowledged (by any first response) no later than the deadline. */
export function acknowledgedInTime(t: Pick<TargetStatus, 'acknowledgedAt' | 'ackDueAt'>): boolean {
  return t.acknowledgedAt !== null && t.acknowledgedAt.getTime() <= t.ackDueAt.getTime();
}

/**
 * When the "24 hours left" reminder is due, or null when there is none: only while awaiting
 * acknowledgement, and only when the target had more than 24 hours to begin with (otherwise the
 * alert itself was the reminder).
 */
export function reminderAt(t: Pick<TargetStatus, 'targetedAt' | 'ackDueAt'>): Date | null {
  const at = t.ackDueAt.getTime() - REMINDER_LEAD_MS;
  return at > t.targetedAt.getTime() ? new Date(at) : null;
}

export function isReminderDue(
  t: Pick<TargetStatus, 'state' | 'targetedAt' | 'ackDueAt'>,
  now: Date,
): boolean {
  const at = reminderAt(t);
  return t.state === 'awaiting_ack' && at !== null && now.getTime() >= at.getTime() && !isOverdue(t, now);
}
