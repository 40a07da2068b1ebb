/**
 * The overdue rule in SQL (`overdueSql`) agrees with the domain's `isOverdue` on generated targets
 * in every state, at times before, on and after their deadlines — evaluated by the database on the
 * same values, on given expressions (as the maintained counts use it) and on `alert_targets` columns.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { overdueSql } from '../../src/db/repositories/alert-due.sql.js';
import { isOverdue, TARGET_STATES, type TargetState } from '../../src/domain/alerts/target-state.js';
import { describeEachEngine } from '../setup/engines.js';

const T0 = Date.parse('2026-06-01T09:00:00Z');
const HOUR = 3_600_000;

interface Case {
  state: TargetState;
  ackDueAt: Date;
  now: Date;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    state: fc.constantFrom(...TARGET_STATES),
    due: fc.integer({ min: -200 * HOUR, max: 200 * HOUR }),
    // On the deadline, a millisecond either side, or anywhere around it.
    offset: fc.oneof(fc.constantFrom(0, 1, -1), fc.integer({ min: -100 * HOUR, max: 100 * HOUR })),
  })
  .map(({ state, due, offset }) => ({
    state,
    ackDueAt: new Date(T0 + due),
    now: new Date(T0 + due + offset),
  }));

describeEachEngine('the overdue rule in SQL', (db) => {
  it('agrees with isOverdue on generated targets and times', async () => {
    const cases = fc.sample(caseArb, { numRuns: 400, seed: 19 });
    const states = cases.map((c) => c.state);
    const dues = cases.map((c) => c.ackDueAt.toISOString());
    const nows = cases.map((c) => c.now.toISOString());
    const { rows } = await sql<{ overdue: boolean }>`
      SELECT ${overdueSql(sql.ref('x.at'), sql.ref('x.state'), sql.ref('x.due_at'))} AS overdue
      FROM unnest(${states}::text[], ${dues}::timestamptz[], ${nows}::timestamptz[])
        WITH ORDINALITY AS x(state, due_at, at, i)
      ORDER BY x.i`.execute(db().db);
    expect(rows.map((r) => r.overdue)).toEqual(cases.map((c) => isOverdue(c, c.now)));
    expect(cases.some((c) => isOverdue(c, c.now))).toBe(true);
    expect(cases.some((c) => c.state === 'awaiting_ack' && !isOverdue(c, c.now))).toBe(true);
  });

  it('reads the alert_targets columns by default', async () => {
    const now = new Date(T0);
    const { rows } = await sql<{ overdue: boolean }>`
      SELECT ${overdueSql(now)} AS overdue
      FROM (VALUES ('awaiting_ack', ${new Date(T0 - 1)}::timestamptz),
                   ('awaiting_ack', ${new Date(T0)}::timestamptz),
                   ('acknowledged', ${new Date(T0 - HOUR)}::timestamptz)) AS t(state, ack_due_at)`.execute(
      db().db,
    );
    expect(rows.map((r) => r.overdue)).toEqual([true, false, false]);
  });
});
