/**
 * Retry schedule: exponential back-off from one minute, doubling, capped at six hours; after the
 * last attempt a message is dead (kept, visible in `ward notify list --status dead`).
 */

export interface RetryPolicy {
  baseMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 60_000, maxDelayMs: 6 * 3_600_000, maxAttempts: 8 };

/** When to try again after attempt number `attempts` (1-based) failed at `now`; null: give up. */
export function nextAttemptAt(attempts: number, now: Date, policy: RetryPolicy = DEFAULT_RETRY): Date | null {
  if (attempts >= policy.maxAttempts) return null;
  const delay = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** (attempts - 1));
  return new Date(now.getTime() + delay);
}
