import { describe, expect, it } from 'vitest';
import { shareMeeting, yearOnYear } from './trend.js';

describe('baseline year-on-year trend', () => {
  it('shares out answers meeting profile, to one decimal, and has no figure without answers', () => {
    expect(shareMeeting([{ meets: 2, oneShort: 1, misses: 0 }])).toBe(66.7);
    expect(shareMeeting([{ meets: 0, oneShort: 0, misses: 0 }])).toBeNull();
    expect(shareMeeting([])).toBeNull();
  });

  it('compares each outcome and the whole against the previous published year', () => {
    const trend = yearOnYear(
      2026,
      [
        { outcomeId: 'A1.a', meets: 3, oneShort: 1, misses: 0 },
        { outcomeId: 'B4.d', meets: 1, oneShort: 1, misses: 2 },
        { outcomeId: 'E1.a', meets: 1, oneShort: 0, misses: 0 },
      ],
      2025,
      [
        { outcomeId: 'A1.a', meets: 1, oneShort: 1, misses: 2 },
        { outcomeId: 'B4.d', meets: 1, oneShort: 0, misses: 1 },
        { outcomeId: 'C1.a', meets: 1, oneShort: 0, misses: 0 },
      ],
    );
    expect(trend.overall).toEqual({ share: 55.6, previousShare: 42.9, change: 12.7 });
    expect(trend.outcomes).toEqual([
      { outcomeId: 'A1.a', share: 75, previousShare: 25, change: 50 },
      { outcomeId: 'B4.d', share: 25, previousShare: 50, change: -25 },
      { outcomeId: 'E1.a', share: 100, previousShare: null, change: null },
      { outcomeId: 'C1.a', share: null, previousShare: 100, change: null },
    ]);
  });

  it('has no previous figures when nothing was published before', () => {
    const trend = yearOnYear(2025, [{ outcomeId: 'A1.a', meets: 1, oneShort: 0, misses: 1 }], null, []);
    expect(trend).toEqual({
      year: 2025,
      previousYear: null,
      rule: expect.stringContaining('last year with published assessments'),
      overall: { share: 50, previousShare: null, change: null },
      outcomes: [{ outcomeId: 'A1.a', share: 50, previousShare: null, change: null }],
    });
  });
});
