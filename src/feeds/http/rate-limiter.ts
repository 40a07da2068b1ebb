/**
 * A rolling-window rate limiter: at most `limit` acquisitions in any `windowMs`. NVD's public limits
 * are of this kind (5 requests in a rolling 30 s without an API key, 50 with one). Clock and sleep
 * are injected, so tests drive time instead of waiting for it.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** Hands out permission to make one request. */
export interface RateLimiter {
  /** Resolves when a request may go; waits if `limit` requests went out in the last `windowMs`. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/** Options for {@link createRollingWindowLimiter}. */
export interface RollingWindowOptions {
  limit: number;
  windowMs: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Creates a limiter; concurrent callers are served in order. */
export function createRollingWindowLimiter(options: RollingWindowOptions): RateLimiter {
  const { limit, windowMs } = options;
  if (!(limit >= 1) || !(windowMs > 0))
    throw new RangeError('a rate limit needs limit >= 1 and windowMs > 0');
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const sent: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  async function take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const t = now();
      while (sent.length > 0 && sent[0]! <= t - windowMs) sent.shift();
      if (sent.length < limit) {
        sent.push(t);
        return;
      }
      await sleep(sent[0]! + windowMs - t, signal);
    }
  }

  return {
    acquire(signal) {
      const turn = queue.then(() => take(signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

/** NVD's published limits: 50 requests per rolling 30 s with an API key, 5 without. */
export function nvdRateLimiter(
  hasApiKey: boolean,
  clock: Pick<RollingWindowOptions, 'now' | 'sleep'> = {},
): RateLimiter {
  return createRollingWindowLimiter({ limit: hasApiKey ? 50 : 5, windowMs: 30_000, ...clock });
}
