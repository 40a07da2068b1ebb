/**
 * Year-on-year trend of a subtree's baseline: per outcome and overall, the share of answers that
 * meet their profile this year against the last year whose assessments were published. Shares are
 * over the assessments of each year (an outcome not answered misses); null when there is nothing
 * to share out.
 */

export interface StandingCounts {
  outcomeId: string;
  meets: number;
  oneShort: number;
  misses: number;
}

export interface OutcomeTrend {
  outcomeId: string;
  /** Percent meeting profile this year. */
  share: number | null;
  /** Percent meeting profile in the previous year. */
  previousShare: number | null;
  /** Percentage points of change (null when either year has no figure). */
  change: number | null;
}

export interface Trend {
  year: number;
  /** The last year before `year` with published assessments in the subtree; null when there is none. */
  previousYear: number | null;
  /** The rule, in words, shown with the figures. */
  rule: string;
  overall: Omit<OutcomeTrend, 'outcomeId'>;
  outcomes: OutcomeTrend[];
}

export const TREND_RULE =
  'Share of outcome answers at or above the expected level, this year against the last year with published assessments (percentage points).';

const tenth = (n: number) => Math.round(n * 10) / 10;

/** Percent of answers meeting profile, to one decimal; null when there are none. */
export function shareMeeting(counts: readonly Omit<StandingCounts, 'outcomeId'>[]): number | null {
  let meets = 0;
  let total = 0;
  for (const c of counts) {
    meets += c.meets;
    total += c.meets + c.oneShort + c.misses;
  }
  return total === 0 ? null : tenth((100 * meets) / total);
}

function compare(share: number | null, previousShare: number | null) {
  return {
    share,
    previousShare,
    change: share === null || previousShare === null ? null : tenth(share - previousShare),
  };
}

/** The trend from this year's counts and the previous year's (matched by outcome id). */
export function yearOnYear(
  year: number,
  current: readonly StandingCounts[],
  previousYear: number | null,
  previous: readonly StandingCounts[],
): Trend {
  const before = new Map(previous.map((c) => [c.outcomeId, c]));
  const ids = [...new Set([...current.map((c) => c.outcomeId), ...previous.map((c) => c.outcomeId)])];
  const now = new Map(current.map((c) => [c.outcomeId, c]));
  return {
    year,
    previousYear,
    rule: TREND_RULE,
    overall: compare(shareMeeting(current), previousYear === null ? null : shareMeeting(previous)),
    outcomes: ids.map((outcomeId) => {
      const c = now.get(outcomeId);
      const p = before.get(outcomeId);
      return { outcomeId, ...compare(c ? shareMeeting([c]) : null, p ? shareMeeting([p]) : null) };
    }),
  };
}
