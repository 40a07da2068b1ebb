/**
 * The one rule that turns outcome results into an assessment's overall status, shown to users as
 * written in `STATUS_RULE`. Gaps are counted in levels (Not achieved 0, Partially achieved 1,
 * Achieved 2); an outcome not answered misses its expected level whatever it is.
 */
import { type Level, levelRank } from './level.js';

export const OVERALL_STATUSES = ['met', 'approaching', 'not_met'] as const;
export type OverallStatus = (typeof OVERALL_STATUSES)[number];

export const STATUS_RULE =
  'Met: every outcome in the profile is at or above its expected level. ' +
  'Approaching: no outcome is more than one level below its expected level, and every outcome below it has an improvement action. ' +
  'Not met: anything else. An outcome not answered misses its expected level.';

/** How an outcome's result stands against its profile. */
export type OutcomeStanding = 'meets' | 'one_short' | 'misses';

export interface OutcomeForStatus {
  expected: Level;
  claimed: Level | null;
  hasAction: boolean;
}

/** Levels short of the expected level (0 when at or above it). */
export function levelsShort(expected: Level, claimed: Level | null): number {
  return Math.max(0, levelRank(expected) - (claimed === null ? 0 : levelRank(claimed)));
}

export function outcomeStanding(expected: Level, claimed: Level | null): OutcomeStanding {
  if (claimed === null) return 'misses';
  const short = levelsShort(expected, claimed);
  return short === 0 ? 'meets' : short === 1 ? 'one_short' : 'misses';
}

export function overallStatus(outcomes: readonly OutcomeForStatus[]): OverallStatus {
  let allMet = true;
  for (const o of outcomes) {
    const standing = outcomeStanding(o.expected, o.claimed);
    if (standing === 'meets') continue;
    allMet = false;
    if (standing === 'misses' || !o.hasAction) return 'not_met';
  }
  return allMet ? 'met' : 'approaching';
}
