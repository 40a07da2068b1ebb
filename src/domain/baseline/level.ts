/**
 * Achievement levels of a contributing outcome, in order. An outcome allows all three or only
 * Not achieved / Achieved; a profile expects one of the levels the outcome allows.
 */

export const LEVELS = ['Not achieved', 'Partially achieved', 'Achieved'] as const;
export type Level = (typeof LEVELS)[number];

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

/** 0 for Not achieved, 1 for Partially achieved, 2 for Achieved. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/**
 * Reads a level as people type it: the full name in any case, or the short forms `na`, `pa`, `a`,
 * `not`, `partial`, `partially`, `achieved`. Null when it is none of them.
 */
export function parseLevel(text: string): Level | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  const exact = LEVELS.find((l) => l.toLowerCase() === t);
  if (exact) return exact;
  if (['na', 'not', 'not achieved', 'none'].includes(t)) return 'Not achieved';
  if (['pa', 'partial', 'partially'].includes(t)) return 'Partially achieved';
  if (['a', 'achieved', 'full', 'fully'].includes(t)) return 'Achieved';
  return null;
}
