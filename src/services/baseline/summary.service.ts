/**
 * The picture across the federation for an organisation's subtree and a year: per outcome how
 * many organisations meet their profile, fall one level short or miss it (the maintained roll-up),
 * the weakest outcomes, the organisations furthest from profile, and submission status against
 * the national deadline.
 */
import type { Database } from '../../db/connect.js';
import {
  childRollups,
  type OutcomeCounts,
  rollupOf,
  submissionsUnder,
} from '../../db/repositories/baseline-rollup.repository.js';
import { findScopeRoot, type OrgRow } from '../../db/repositories/organisation.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { NotFoundError } from '../../errors.js';
import { requireOrgAccess } from '../access.service.js';

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

export interface BaselineSummary {
  org: { code: string; name: string; kind: string };
  year: number;
  deadline: string;
  outcomes: OutcomeCounts[];
  weakest: (OutcomeCounts & { shareBelow: number })[];
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
  /** The heat-map: per child organisation, its subtree's counts per outcome. */
  children: {
    code: string;
    name: string;
    kind: string;
    outcomes: Omit<OutcomeCounts, 'frameworkId' | 'title'>[];
  }[];
}

export async function baselineSummary(
  database: Database,
  actor: Actor,
  code: string | null,
  year: number,
  options: { deadline?: string; now?: Date; limit?: number } = {},
): Promise<BaselineSummary> {
  let org: OrgRow | undefined;
  if (code) org = await requireOrgAccess(database, actor, 'read', code);
  else org = await findScopeRoot(database.db, scopeFor(actor, 'read'));
  if (!org) throw new NotFoundError('no organisation in your scope');
  const deadline = options.deadline ?? defaultDeadline(year);
  const now = options.now ?? new Date();
  const limit = options.limit ?? 10;
  const [outcomes, orgs, cells] = await Promise.all([
    rollupOf(database.db, org.id, year),
    submissionsUnder(database.db, org.id, year),
    childRollups(database.db, org.id, year),
  ]);
  const submission = Object.fromEntries(SUBMISSION_STATES.map((s) => [s, 0])) as Record<
    SubmissionState,
    number
  >;
  const late = now.toISOString().slice(0, 10) > deadline;
  for (const o of orgs) {
    const state = (o.state ?? 'not_started') as SubmissionState;
    submission[late && (state === 'not_started' || state === 'draft') ? 'overdue' : state]++;
  }
  const weakest = outcomes
    .map((o) => ({
      ...o,
      shareBelow: Math.round((1000 * (o.oneShort + o.misses)) / (o.meets + o.oneShort + o.misses)) / 10,
    }))
    .filter((o) => o.shareBelow > 0)
    .sort(
      (a, b) => b.shareBelow - a.shareBelow || b.misses - a.misses || a.outcomeId.localeCompare(b.outcomeId),
    )
    .slice(0, limit);
  const furthest = orgs
    .filter((o) => o.state !== null && o.levelsShort > 0)
    .sort((a, b) => b.levelsShort - a.levelsShort || a.code.localeCompare(b.code))
    .slice(0, limit)
    .map((o) => ({ ...o, state: o.state as string }));
  const children = new Map<string, BaselineSummary['children'][number]>();
  for (const c of cells) {
    const child = children.get(c.code) ?? { code: c.code, name: c.name, kind: c.kind, outcomes: [] };
    child.outcomes.push({ outcomeId: c.outcomeId, meets: c.meets, oneShort: c.oneShort, misses: c.misses });
    children.set(c.code, child);
  }
  return {
    children: [...children.values()],
    org: { code: org.code, name: org.name, kind: org.kind },
    year,
    deadline,
    outcomes,
    weakest,
    furthest,
    submission,
    organisations: orgs.length,
  };
}
