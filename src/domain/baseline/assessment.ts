/**
 * An organisation's baseline assessment for a year: its lifecycle (draft → submitted → reviewed →
 * published) and what must hold before each step. Pure: the service loads and stores.
 */
import { levelsShort } from './assessment-status.js';
import type { Level } from './level.js';

export const ASSESSMENT_STATES = ['not_started', 'draft', 'submitted', 'reviewed', 'published'] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];

export const REVIEW_VERDICTS = ['agree', 'challenge'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

export interface ImprovementAction {
  what: string;
  owner: string;
  /** YYYY-MM-DD */
  due: string;
}

/** One outcome's answer as the organisation gives it. */
export interface OutcomeAnswer {
  outcomeId: string;
  expected: Level;
  level: Level | null;
  justification: string;
  evidenceNotes: string;
  owner: string | null;
  action: ImprovementAction | null;
}

/** Why an assessment cannot be submitted yet: the outcomes not answered, and those below profile without an action. */
export interface SubmitBlockers {
  unanswered: string[];
  withoutAction: string[];
}

export function submitBlockers(answers: readonly OutcomeAnswer[]): SubmitBlockers {
  return {
    unanswered: answers.filter((a) => a.level === null).map((a) => a.outcomeId),
    withoutAction: answers
      .filter((a) => a.level !== null && levelsShort(a.expected, a.level) > 0 && a.action === null)
      .map((a) => a.outcomeId),
  };
}

/** The states in which the organisation may still edit its answers. */
export function isEditable(state: AssessmentState): boolean {
  return state === 'not_started' || state === 'draft';
}

/** Kinds of organisation with no security staff of their own: they are shown each outcome's plain question. */
export const SMALL_ORG_KINDS: ReadonlySet<string> = new Set(['gp_practice', 'pharmacy', 'social_care']);

/** The assessment year in force on a date: years run April to March, named by the year they start in. */
export function currentBaselineYear(now: Date): number {
  return now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
}
