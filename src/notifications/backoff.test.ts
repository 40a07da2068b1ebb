import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, nextAttemptAt } from './backoff.js';

describe('retry back-off', () => {
  it('doubles from a minute, caps at six hours and gives up after the last attempt', () => {
    const now = new Date('2026-05-12T09:00:00Z');
    const delays = [1, 2, 3, 7].map((n) => {
      const at = nextAttemptAt(n, now);
      return at ? (at.getTime() - now.getTime()) / 60_000 : null;
    });
    expect(delays).toEqual([1, 2, 4, 64]);
    expect(nextAttemptAt(DEFAULT_RETRY.maxAttempts, now)).toBeNull();
    expect(nextAttemptAt(20, now, { ...DEFAULT_RETRY, maxAttempts: 30 })?.getTime()).toBe(
      now.getTime() + 6 * 3_600_000,
    );
  });
});
