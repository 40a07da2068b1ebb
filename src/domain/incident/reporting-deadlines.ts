/**
 * Reporting deadlines as data (`reporting-deadlines.json`), validated when loaded, and where an
 * incident stands against each: met, met late, due, overdue or not applicable. Like alert
 * deadlines, "overdue" is derived from a clock when read, never stored.
 */
import { HOUR_MS } from '../alerts/clock.js';
import data from './reporting-deadlines.json' with { type: 'json' };

export const APPLIES_TO = ['all', 'significant'] as const;
export const MET_BY = ['report', 'full_report'] as const;

export interface ReportingDeadline {
  id: string;
  name: string;
  /** Hours after detection. */
  hours: number;
  appliesTo: (typeof APPLIES_TO)[number];
  metBy: (typeof MET_BY)[number];
}

/** Checks a deadlines file; throws with every problem named when it cannot be used. */
export function parseDeadlines(file: unknown, name = 'reporting-deadlines.json'): ReportingDeadline[] {
  const problems: string[] = [];
  const list = (file as { deadlines?: unknown })?.deadlines;
  if (!Array.isArray(list)) throw new Error(`${name}: "deadlines" must be a list`);
  const out: ReportingDeadline[] = [];
  for (const [i, raw] of list.entries()) {
    const d = raw as Record<string, unknown>;
    const at = `${name}: deadline ${i + 1}`;
    const bad = (reason: string) => problems.push(`${at}: ${reason}`);
    if (typeof d.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(d.id)) bad('id must be a lower-case name');
    else if (out.some((o) => o.id === d.id)) bad(`id "${d.id}" is used twice`);
    if (typeof d.name !== 'string' || d.name.trim() === '') bad('name is required');
    if (typeof d.hours !== 'number' || !Number.isInteger(d.hours) || d.hours < 1)
      bad('hours must be a whole number of at least 1');
    if (!(APPLIES_TO as readonly unknown[]).includes(d.appliesTo))
      bad(`appliesTo must be one of ${APPLIES_TO.join(', ')}`);
    if (!(MET_BY as readonly unknown[]).includes(d.metBy)) bad(`metBy must be one of ${MET_BY.join(', ')}`);
    out.push(d as unknown as ReportingDeadline);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  return out;
}

/** The shipped deadlines. */
export const REPORTING_DEADLINES: readonly ReportingDeadline[] = Object.freeze(parseDeadlines(data));

/** What a deadline needs to know of an incident. */
export interface DeadlineFacts {
  detectedAt: Date;
  reportedAt: Date;
  significant: boolean | null;
  fullReportAt: Date | null;
}

export type DeadlineState = 'met' | 'met_late' | 'due' | 'overdue' | 'not_applicable';

export interface DeadlineStatus {
  id: string;
  name: string;
  dueAt: Date;
  state: DeadlineState;
  /** When it was met, if it was. */
  metAt: Date | null;
}

/** Where the incident stands against each deadline at `now`. */
export function deadlineStatus(
  facts: DeadlineFacts,
  now: Date,
  deadlines: readonly ReportingDeadline[] = REPORTING_DEADLINES,
): DeadlineStatus[] {
  return deadlines.map((d) => {
    const dueAt = new Date(facts.detectedAt.getTime() + d.hours * HOUR_MS);
    const base = { id: d.id, name: d.name, dueAt };
    if (d.appliesTo === 'significant' && facts.significant !== true)
      return { ...base, state: 'not_applicable', metAt: null };
    const metAt = d.metBy === 'report' ? facts.reportedAt : facts.fullReportAt;
    if (metAt) return { ...base, state: metAt <= dueAt ? 'met' : 'met_late', metAt };
    return { ...base, state: now >= dueAt ? 'overdue' : 'due', metAt: null };
  });
}

/** Is any deadline overdue now? */
export function isOverdue(statuses: readonly DeadlineStatus[]): boolean {
  return statuses.some((s) => s.state === 'overdue');
}
