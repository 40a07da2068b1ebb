/**
 * Sign-in attempts per client address in a fixed window: slows password guessing across many
 * accounts (the per-account lock-out lives with the users). In memory: one Ward process per host.
 */
import { RateLimitedError } from '../../errors.js';

export interface SignInLimiter {
  /** Counts an attempt from `key`; throws when the window's allowance is used up. */
  hit(key: string, now?: number): void;
}

export function makeSignInLimiter(max = 20, windowMs = 60_000): SignInLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    hit(key, now = Date.now()) {
      let w = windows.get(key);
      if (!w || w.resetAt <= now) {
        if (windows.size > 10_000) for (const [k, v] of windows) if (v.resetAt <= now) windows.delete(k);
        w = { count: 0, resetAt: now + windowMs };
        windows.set(key, w);
      }
      w.count++;
      if (w.count > max) {
        const seconds = Math.ceil((w.resetAt - now) / 1000);
        throw new RateLimitedError(`too many sign-in attempts from this address: wait ${seconds} s`, seconds);
      }
    },
  };
}
