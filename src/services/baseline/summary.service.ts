/**
 * The picture across the federation for an organisation's subtree and a year: per outcome how
 * many organisations meet their profile, fall one level short or miss it (the maintained roll-up),
 * the weakest outcomes, the organisations furthest from profile, and submission status against
 * the national deadline.
 */
import type { Database } from '../../db/connect.js';
import { profileRows } from '../../db/repositories/baseline-framework.repository.js';
import {
  childRollups,
  childrenExpected,
  furthestUnder,
  type HeatMapRows,
  lastPublishedYearUnder,
  type OutcomeCounts,
  rollupOf,
  submissionCountsUnder,
} from '../../db/repositories/baseline-rollup.repository.js';
import { findScopeRoot, type OrgRow } from '../../db/repositories/organisation.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { type Trend, yearOnYear } from '../../domain/baseline/trend.js';
import { NotFoundError } from '../../errors.js';
import { requireOrgAccess } from '../access/access.service.js';

export const SUBMISSION_STATES = [
  'not_started',
  'draft',
  'submitted',
  'reviewed',
  'published',
  'overdue',
] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** The national deadline for a year's assessment when none is given: 30 June after the year ends. */
export function defaultDeadline(year: number): string {
  return `${year + 1}-06-30`;
}

/** An outcome's counts, with the organisations expected to answer it that have not started (not in the counts). */
export type OutcomeSummary = OutcomeCounts & { notStarted: number };
type CellCounts = Omit<OutcomeSummary, 'frameworkId' | 'title'>;

export interface BaselineSummary {
  org: { code: string; name: string; kind: string };
  year: number;
  deadline: string;
  outcomes: OutcomeSummary[];
  weakest: (OutcomeSummary & { shareBelow: number })[];
  furthest: {
    code: string;
    name: string;
    kind: string;
    state: string;
    levelsShort: number;
    outcomesBelow: number;
  }[];
  submission: Record<SubmissionState, number>;
  organisations: number;
  /**
   * The heat-map: every child organisation (or, when asked, every organisation of one kind in the
   * subtree, such as the ICBs) with organisations expected to assess, its subtree's counts per outcome.
   */
  children: {
    code: string;
    name: string;
    kind: string;
    /** Organisations of its subtree expected to assess. */
    organisations: number;
    notStarted: number;
    outcomes: CellCounts[];
  }[];
  /** Share meeting profile this year against the last year with published assessments. */
  trend: Trend;
}

type ProfileEntry = Awaited<ReturnType<typeof profileRows>>[number];

/**
 * Adds, for each kind with organisations not started, that many to every outcome of its profile
 * (a row of zeros where nobody has started), in framework order. `byFramework`: rows are told
 * apart by framework and outcome (the subtree's counts), else by outcome (a heat-map row).
 */
function addNotStarted<T extends { outcomeId: string; frameworkId?: string }>(
  counts: readonly T[],
  notStartedByKind: ReadonlyMap<string, number>,
  profiles: ReadonlyMap<string, ProfileEntry[]>,
  byFramework: boolean,
  blank: (p: ProfileEntry) => T,
): (T & { notStarted: number })[] {
  const key = (framework: string | undefined, outcome: string) =>
    byFramework ? `${framework}|${outcome}` : outcome;
  const rows = new Map(counts.map((c) => [key(c.frameworkId, c.outcomeId), { ...c, notStarted: 0 }]));
  const position = new Map<string, [string, number]>();
  for (const [kind, entries] of profiles)
    for (const p of entries) {
      const k = key(p.framework_id, p.outcome_id);
      if (!position.has(k)) position.set(k, [p.framework_id, p.position]);
      const n = notStartedByKind.get(kind) ?? 0;
      if (n === 0) continue;
      const row = rows.get(k) ?? { ...blank(p), notStarted: 0 };
      row.notStarted += n;
      rows.set(k, row);
    }
  const order = (k: string): [string, number] => position.get(k) ?? ['~', Number.MAX_SAFE_INTEGER];
  return [...rows.entries()]
    .sort(([a], [b]) => {
      const [fa, pa] = order(a);
      const [fb, pb] = order(b);
      return fa.localeCompare(fb) || pa - pb || a.localeCompare(b);
    })
    .map(([, row]) => row);
}

export async function baselineSummary(
  database: Database,
  actor: Actor,
  code: string | null,
  year: number,
  options: { deadline?: string; now?: Date; limit?: number; heatMapRows?: HeatMapRows } = {},
): Promise<BaselineSummary> {
  let org: OrgRow | undefined;
  if (code) org = await requireOrgAccess(database, actor, 'read', code);
  else org = await findScopeRoot(database.db, scopeFor(actor, 'read'));
  if (!org) throw new NotFoundError('no organisation in your scope');
  const deadline = options.deadline ?? defaultDeadline(year);
  const now = options.now ?? new Date();
  const limit = options.limit ?? 10;
  const db = database.db;
  const subtree = { orgId: org.id, whole: org.parentId === null };
  const [started, counts, furthestRows, cells, expected, profileList, previousYear] = await Promise.all([
    rollupOf(db, org.id, year),
    submissionCountsUnder(db, subtree, year),
    furthestUnder(db, subtree, year, limit),
    childRollups(db, subtree, year, options.heatMapRows),
    childrenExpected(db, subtree, year, options.heatMapRows),
    profileRows(db, { year }),
    lastPublishedYearUnder(db, org.id, year),
  ]);
  const previous = previousYear === null ? [] : await rollupOf(db, org.id, previousYear);
  const profiles = new Map<string, ProfileEntry[]>();
  for (const p of profileList) profiles.set(p.kind, [...(profiles.get(p.kind) ?? []), p]);

  const submission = Object.fromEntries(SUBMISSION_STATES.map((s) => [s, 0])) as Record<
    SubmissionState,
    number
  >;
  const late = now.toISOString().slice(0, 10) > deadline;
  const notStartedByKind = new Map<string, number>();
  let organisations = 0;
  for (const c of counts) {
    const state = (c.state ?? 'not_started') as SubmissionState;
    submission[late && (state === 'not_started' || state === 'draft') ? 'overdue' : state] += c.organisations;
    organisations += c.organisations;
    if (c.state === null) notStartedByKind.set(c.kind, (notStartedByKind.get(c.kind) ?? 0) + c.organisations);
  }
  const outcomes = addNotStarted(started, notStartedByKind, profiles, true, (p) => ({
    frameworkId: p.framework_id,
    outcomeId: p.outcome_id,
    title: p.title,
    meets: 0,
    oneShort: 0,
    misses: 0,
  }));
  const weakest = outcomes
    .filter((o) => o.meets + o.oneShort + o.misses > 0)
    .map((o) => ({
      ...o,
      shareBelow: Math.round((1000 * (o.oneShort + o.misses)) / (o.meets + o.oneShort + o.misses)) / 10,
    }))
    .filter((o) => o.shareBelow > 0)
    .sort(
      (a, b) => b.shareBelow - a.shareBelow || b.misses - a.misses || a.outcomeId.localeCompare(b.outcomeId),
    )
    .slice(0, limit);
  const furthest = furthestRows.map((o) => ({ ...o, state: o.state as string }));
  return {
    children: heatMapRows(cells, expected, profiles),
    org: { code: org.code, name: org.name, kind: org.kind },
    year,
    deadline,
    outcomes,
    weakest,
    furthest,
    submission,
    organisations,
    trend: yearOnYear(year, started, previousYear, previous),
  };
}

/** One row per child with organisations expected to assess, not-started ones counted per outcome of their profile. */
function heatMapRows(
  cells: Awaited<ReturnType<typeof childRollups>>,
  expected: Awaited<ReturnType<typeof childrenExpected>>,
  profiles: ReadonlyMap<string, ProfileEntry[]>,
): BaselineSummary['children'] {
  type Row = {
    code: string;
    name: string;
    kind: string;
    organisations: number;
    notStarted: Map<string, number>;
    cells: Omit<CellCounts, 'notStarted'>[];
  };
  const children = new Map<string, Row>();
  const child = (c: { code: string; name: string; kind: string }): Row => {
    const row = children.get(c.code) ?? {
      code: c.code,
      name: c.name,
      kind: c.kind,
      organisations: 0,
      notStarted: new Map(),
      cells: [],
    };
    children.set(c.code, row);
    return row;
  };
  for (const e of expected) {
    const row = child(e);
    row.organisations += e.expected;
    if (e.notStarted > 0) row.notStarted.set(e.orgKind, e.notStarted);
  }
  for (const c of cells)
    child(c).cells.push({ outcomeId: c.outcomeId, meets: c.meets, oneShort: c.oneShort, misses: c.misses });
  return [...children.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map(({ notStarted, cells: counts, ...row }) => ({
      ...row,
      notStarted: [...notStarted.values()].reduce((a, b) => a + b, 0),
      outcomes: addNotStarted(counts, notStarted, profiles, false, (p) => ({
        outcomeId: p.outcome_id,
        meets: 0,
        oneShort: 0,
        misses: 0,
      })),
    }));
}
