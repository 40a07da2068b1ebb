/**
 * The version sort-key ranges of a criterion, so the database can find candidate components with an
 * indexed range scan on `(key, version_key)` instead of comparing versions row by row.
 *
 * The ranges are a candidate filter that never misses a match of a known version: every component
 * for which {@link evaluateCriterion} is not `none` and whose version is known has its
 * `versionSortKey(criterion.scheme, version)` inside one of the ranges. Run `evaluateCriterion` on
 * the candidates for the final verdict (update field, assumptions). Components with an unknown
 * version (null, `*`, blank) are candidates of every criterion of their key; a version `-` is a
 * candidate only of criteria without version constraint (ranges null).
 */

import { versionSortKey } from '../versions/version-scheme.js';
import { constrainsVersion } from './criterion-match.js';
import type { MatchCriterion } from './match-rule.js';

/** One end of a key range. */
export interface KeyBound {
  key: string;
  inclusive: boolean;
}

/** Versions whose sort key lies between `lower` and `upper` (null: unbounded on that side). */
export interface KeyRange {
  lower: KeyBound | null;
  upper: KeyBound | null;
}

/** The key ranges of a criterion's versions; null when it accepts every version (ANY or NA). */
export function criterionKeyRanges(criterion: MatchCriterion): KeyRange[] | null {
  if (!constrainsVersion(criterion)) return null;
  const { scheme, exact, start, end, update } = criterion;
  if (exact !== null && exact !== '-') {
    const point = (version: string): KeyRange => {
      const bound = { key: versionSortKey(scheme, version), inclusive: true };
      return { lower: bound, upper: bound };
    };
    const ranges = [point(exact)];
    if (update !== null && update !== '*' && update !== '-') ranges.push(point(`${exact}-${update}`));
    return ranges;
  }
  return [
    {
      lower: start ? { key: versionSortKey(scheme, start.version), inclusive: start.inclusive } : null,
      upper: end ? { key: versionSortKey(scheme, end.version), inclusive: end.inclusive } : null,
    },
  ];
}

/**
 * Whether a version sort key lies in one of the ranges (null ranges: every key), bounds taken
 * inclusively as the database takes them: a version with an exclusive bound's key may be spelt
 * differently and match possibly (`evaluateCriterion` decides).
 */
export function keyInRanges(key: string, ranges: KeyRange[] | null): boolean {
  if (ranges === null) return true;
  return ranges.some(
    ({ lower, upper }) => (lower === null || key >= lower.key) && (upper === null || key <= upper.key),
  );
}
