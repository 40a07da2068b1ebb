import { describe, expect, it } from 'vitest';
import { createRollingWindowLimiter, nvdRateLimiter } from './rate-limiter.js';

/** A clock that only moves when someone sleeps. */
function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
}

describe('createRollingWindowLimiter', () => {
  it('lets `limit` requests through per rolling window and makes the next wait for the oldest to age out', async () => {
    const clock = fakeClock();
    const limiter = createRollingWindowLimiter({ limit: 5, windowMs: 30_000, ...clock });
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      await limiter.acquire();
      times.push(clock.now());
    }
    expect(times).toEqual([0, 0, 0, 0, 0, 30_000, 30_000, 30_000, 30_000, 30_000, 60_000, 60_000]);
  });

  it('counts a rolling window, not fixed buckets', async () => {
    const clock = fakeClock();
    const limiter = createRollingWindowLimiter({ limit: 2, windowMs: 1000, ...clock });
    await limiter.acquire(); // t=0
    await clock.sleep(600);
    await limiter.acquire(); // t=600
    await limiter.acquire(); // must wait until the t=0 one ages out
    expect(clock.now()).toBe(1000);
    await limiter.acquire(); // and now until t=600 ages out
    expect(clock.now()).toBe(1600);
  });

  it('serves concurrent callers in order without exceeding the limit', async () => {
    const clock = fakeClock();
    const limiter = createRollingWindowLimiter({ limit: 2, windowMs: 1000, ...clock });
    const order: [number, number][] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) => limiter.acquire().then(() => void order.push([i, clock.now()]))),
    );
    expect(order).toEqual([
      [0, 0],
      [1, 0],
      [2, 1000],
      [3, 1000],
      [4, 2000],
    ]);
  });

  it('uses NVD limits: 5 without a key, 50 with one, per 30 s', async () => {
    for (const [hasKey, limit] of [
      [false, 5],
      [true, 50],
    ] as const) {
      const clock = fakeClock();
      const limiter = nvdRateLimiter(hasKey, clock);
      for (let i = 0; i < limit; i++) await limiter.acquire();
      expect(clock.now()).toBe(0);
      await limiter.acquire();
      expect(clock.now()).toBe(30_000);
    }
  });

  it('gives up waiting when aborted', async () => {
    const limiter = createRollingWindowLimiter({ limit: 1, windowMs: 60_000 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
  });
});
