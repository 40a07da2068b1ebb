import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../alerts/clock.js';
import { deadlineStatus, isOverdue, parseDeadlines, REPORTING_DEADLINES } from './reporting-deadlines.js';

const detected = new Date('2026-05-01T09:00:00Z');
const at = (hours: number) => new Date(detected.getTime() + hours * HOUR_MS);

describe('reporting deadlines', () => {
  it('ships an initial report in 24 hours and a full report in 72 for significant incidents', () => {
    expect(REPORTING_DEADLINES.map((d) => [d.id, d.hours, d.appliesTo])).toEqual([
      ['initial-report', 24, 'all'],
      ['full-report', 72, 'significant'],
    ]);
  });

  it('derives met, late, due, overdue and not applicable from the clock', () => {
    const facts = { detectedAt: detected, reportedAt: at(2), significant: null, fullReportAt: null };
    expect(deadlineStatus(facts, at(3)).map((s) => s.state)).toEqual(['met', 'not_applicable']);
    const significant = { ...facts, significant: true };
    expect(deadlineStatus(significant, at(71)).map((s) => s.state)).toEqual(['met', 'due']);
    const late = deadlineStatus(significant, at(72));
    expect(late.map((s) => s.state)).toEqual(['met', 'overdue']);
    expect(late[1]?.dueAt).toEqual(at(72));
    expect(isOverdue(late)).toBe(true);
    const reportedLate = { ...significant, reportedAt: at(30), fullReportAt: at(80) };
    expect(deadlineStatus(reportedLate, at(100)).map((s) => [s.state, s.metAt])).toEqual([
      ['met_late', at(30)],
      ['met_late', at(80)],
    ]);
    expect(isOverdue(deadlineStatus(reportedLate, at(100)))).toBe(false);
  });

  it('refuses a deadlines file it cannot use, naming every problem', () => {
    expect(() => parseDeadlines({})).toThrow(/"deadlines" must be a list/);
    expect(() =>
      parseDeadlines({
        deadlines: [
          { id: 'a', name: 'A', hours: 24, appliesTo: 'all', metBy: 'report' },
          { id: 'a', name: '', hours: 1.5, appliesTo: 'some', metBy: 'phone' },
        ],
      }),
    ).toThrow(
      /deadline 2: id "a" is used twice; .*deadline 2: name is required; .*hours must be a whole number.*appliesTo must be one of all, significant.*metBy must be one of report, full_report/,
    );
  });
});
