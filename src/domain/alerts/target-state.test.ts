import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, manualClock, parseInstant } from './clock.js';
import {
  acknowledgedInTime,
  isOverdue,
  isReminderDue,
  isUpdateDue,
  newTarget,
  parseResponseState,
  type ResponseInput,
  respond,
  type TargetStatus,
} from './target-state.js';

const T0 = new Date('2026-05-12T09:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR_MS);
const ack: ResponseInput = { status: 'acknowledged', note: null, reason: null, nextUpdate: null };

function apply(t: TargetStatus, input: Partial<ResponseInput> & Pick<ResponseInput, 'status'>, now: Date) {
  const r = respond(t, { note: null, reason: null, nextUpdate: null, ...input }, now);
  if (!r.ok) throw new Error(r.reason);
  return r.target;
}

describe('target state machine', () => {
  it('is due 48 hours after targeting and overdue only after that, from the clock', () => {
    const t = newTarget(T0, 48);
    expect(t.ackDueAt.toISOString()).toBe('2026-05-14T09:00:00.000Z');
    const clock = manualClock(T0);
    expect(isOverdue(t, clock.now())).toBe(false);
    clock.advance(48 * HOUR_MS);
    expect(isOverdue(t, clock.now())).toBe(false);
    clock.advance(1);
    expect(isOverdue(t, clock.now())).toBe(true);
    expect(isOverdue(apply(t, { status: 'acknowledged' }, at(1)), clock.now())).toBe(false);
  });

  it('sets the next update 3 days after acknowledging, or when the responder says', () => {
    const t = apply(newTarget(T0, 48), { status: 'acknowledged' }, at(2));
    expect(t).toMatchObject({ state: 'acknowledged', acknowledgedAt: at(2), nextUpdateDueAt: at(2 + 72) });
    expect(isUpdateDue(t, at(2 + 72))).toBe(false);
    expect(isUpdateDue(t, at(2 + 73))).toBe(true);
    const given = apply(newTarget(T0, 48), { status: 'acknowledged', nextUpdate: at(200) }, at(2));
    expect(given.nextUpdateDueAt).toEqual(at(200));
    const progressed = apply(t, { status: 'in_progress' }, at(50));
    expect(progressed.nextUpdateDueAt).toEqual(at(50 + 72));
    expect(progressed.acknowledgedAt).toEqual(at(2));
    const done = apply(progressed, { status: 'resolved' }, at(60));
    expect(done.nextUpdateDueAt).toBeNull();
    expect(isUpdateDue(done, at(1000))).toBe(false);
  });

  it('treats any first response as the acknowledgement, and counts it late after the deadline', () => {
    const late = apply(newTarget(T0, 48), { status: 'resolved' }, at(49));
    expect(late.acknowledgedAt).toEqual(at(49));
    expect(acknowledgedInTime(late)).toBe(false);
    expect(acknowledgedInTime(apply(newTarget(T0, 48), { status: 'in_progress' }, at(48)))).toBe(true);
  });

  it('refuses going backwards, repeats and not-applicable without a reason', () => {
    const inProgress = apply(newTarget(T0, 48), ack, at(1));
    const moved = apply(inProgress, { status: 'in_progress' }, at(2));
    expect(respond(moved, ack, at(3))).toMatchObject({ ok: false, from: 'in_progress' });
    const resolved = apply(moved, { status: 'resolved' }, at(4));
    expect(respond(resolved, { ...ack, status: 'resolved' }, at(5))).toMatchObject({
      ok: false,
      reason: 'already resolved',
    });
    expect(respond(resolved, { ...ack, status: 'not_applicable' }, at(5))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('needs a reason'),
    });
    const reopened = apply(resolved, { status: 'in_progress', note: 'still exposed' }, at(6));
    expect(reopened.state).toBe('in_progress');
    expect(
      respond(newTarget(T0, 48), { ...ack, status: 'resolved', nextUpdate: at(90) }, at(1)),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('a next update applies only'),
    });
    expect(respond(newTarget(T0, 48), { ...ack, nextUpdate: at(0) }, at(1))).toMatchObject({ ok: false });
  });

  it('reminds 24 hours before the deadline, once the window opens and until it is overdue', () => {
    const t = newTarget(T0, 48);
    expect(isReminderDue(t, at(23))).toBe(false);
    expect(isReminderDue(t, at(24))).toBe(true);
    expect(isReminderDue(t, at(47))).toBe(true);
    expect(isReminderDue(t, at(49))).toBe(false);
    expect(isReminderDue(apply(t, ack, at(10)), at(30))).toBe(false);
    // A 12-hour alert has no separate reminder: the alert itself is one.
    expect(isReminderDue(newTarget(T0, 12), at(6))).toBe(false);
  });

  it('reads response states as people type them, and instants and dates', () => {
    expect(parseResponseState('In Progress')).toBe('in_progress');
    expect(parseResponseState('not-applicable')).toBe('not_applicable');
    expect(parseResponseState('awaiting_ack')).toBeNull();
    expect(parseInstant('2026-05-12')?.toISOString()).toBe('2026-05-12T00:00:00.000Z');
    expect(parseInstant('2026-05-12T10:30')?.toISOString()).toBe('2026-05-12T10:30:00.000Z');
    expect(parseInstant('2026-05-12T10:30:00+01:00')?.toISOString()).toBe('2026-05-12T09:30:00.000Z');
    expect(parseInstant('next tuesday')).toBeNull();
    expect(new Date(T0.getTime() + DAY_MS).toISOString()).toBe('2026-05-13T09:00:00.000Z');
  });
});
