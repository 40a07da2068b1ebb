import { afterEach, describe, expect, it } from 'vitest';
import {
  dropMidBody,
  type LocalServer,
  send,
  startLocalServer,
} from '../../../test/fixtures/feeds/local-http-server.js';
import {
  backoffDelay,
  FetchFailedError,
  type FetchWithRetryOptions,
  fetchWithRetry,
  parseRetryAfter,
} from './fetch-with-retry.js';

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Fast, deterministic options: sleeps are recorded, not waited. */
function fast(extra: FetchWithRetryOptions = {}): FetchWithRetryOptions & { slept: number[] } {
  const slept: number[] = [];
  return { slept, sleep: async (ms) => void slept.push(ms), random: () => 1, baseDelayMs: 100, ...extra };
}

async function failure(promise: Promise<unknown>): Promise<FetchFailedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchFailedError);
  return error as FetchFailedError;
}

describe('parseRetryAfter and backoffDelay', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2099-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2099 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2098 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('doubles the step each attempt, keeps half of it fixed, and stops at the ceiling', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 1000, 5000, () => 1))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
    expect([1, 2, 3].map((n) => backoffDelay(n, 1000, 5000, () => 0))).toEqual([500, 1000, 2000]);
  });
});

describe('fetchWithRetry against a local server', () => {
  it('returns the body on success and sends the given headers', async () => {
    server = await startLocalServer((_req, res) => send(res, 200, '{"ok":true}'));
    const options = fast({ headers: { apiKey: 'secret-key' } });
    const response = await fetchWithRetry(`${server.origin}/feed.json`, options);
    expect(response).toMatchObject({ status: 200, attempts: 1 });
    expect(response.body.toString()).toBe('{"ok":true}');
    expect(server.requests[0]!.headers.apikey).toBe('secret-key');
    expect(options.slept).toEqual([]);
  });

  it('waits as long as Retry-After says on 429, in seconds or as a date, capped', async () => {
    const now = Date.parse('2099-01-01T00:00:00Z');
    server = await startLocalServer((_req, res, n) => {
      if (n === 1) send(res, 429, 'slow down', { 'retry-after': '3' });
      else if (n === 2) send(res, 503, 'busy', { 'retry-after': 'Thu, 01 Jan 2099 00:00:05 GMT' });
      else if (n === 3) send(res, 429, 'much later', { 'retry-after': '86400' });
      else send(res, 200, 'done');
    });
    const options = fast({ now: () => now, maxRetryAfterMs: 60_000 });
    const response = await fetchWithRetry(`${server.origin}/x`, options);
    expect(response.body.toString()).toBe('done');
    expect(response.attempts).toBe(4);
    expect(options.slept).toEqual([3000, 5000, 60_000]);
  });

  it('retries NVD-style 403s with exponential back-off, taking a rate-limit token each attempt', async () => {
    server = await startLocalServer((_req, res, n) =>
      send(res, n < 3 ? 403 : 200, n < 3 ? 'Forbidden' : 'ok'),
    );
    let tokens = 0;
    const options = fast({ beforeAttempt: async () => void tokens++ });
    expect((await fetchWithRetry(`${server.origin}/x`, options)).attempts).toBe(3);
    expect(options.slept).toEqual([100, 200]);
    // A rate limiter hooked on beforeAttempt is asked for every attempt, retries included.
    expect(tokens).toBe(3);
  });

  it('retries a connection dropped mid-body and returns the whole body', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => ({ i })) });
    server = await startLocalServer((_req, res, n) => {
      if (n === 1) dropMidBody(res, body, 1000);
      else send(res, 200, body);
    });
    const events: string[] = [];
    const response = await fetchWithRetry(
      `${server.origin}/big`,
      fast({ onRetry: (e) => events.push(e.reason) }),
    );
    expect(response.attempts).toBe(2);
    expect(response.body.toString()).toBe(body);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatch(/terminated/);
  });

  it('gives up on a 500 that never recovers, naming the URL, the status and the attempts', async () => {
    server = await startLocalServer((_req, res) => send(res, 500, 'Internal Server Error'));
    const options = fast({ maxAttempts: 4 });
    const error = await failure(fetchWithRetry(`${server.origin}/rest/json/cves/2.0?startIndex=0`, options));
    expect(error.message).toBe(
      `GET ${server.origin}/rest/json/cves/2.0?startIndex=0 failed after 4 attempts: HTTP 500 Internal Server Error`,
    );
    expect(error).toMatchObject({ status: 500, attempts: 4 });
    expect(server.requests).toHaveLength(4);
    expect(options.slept).toEqual([100, 200, 400]);
  });

  it('does not retry a 404', async () => {
    server = await startLocalServer((_req, res) => send(res, 404, 'Not Found'));
    const error = await failure(fetchWithRetry(`${server.origin}/missing`, fast()));
    expect(error).toMatchObject({ status: 404, attempts: 1 });
    expect(error.message).toMatch(/failed after 1 attempt: HTTP 404 Not Found \(not retried\)$/);
    expect(server.requests).toHaveLength(1);
  });

  it('times out an attempt that stalls, and counts it as a failure', async () => {
    server = await startLocalServer(() => undefined);
    const started = Date.now();
    const error = await failure(
      fetchWithRetry(`${server.origin}/stall`, fast({ timeoutMs: 100, maxAttempts: 2 })),
    );
    expect(error).toMatchObject({ status: null, attempts: 2 });
    expect(error.message).toMatch(/failed after 2 attempts: timed out$/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('retries a connection closed before any response, then gives up with status null', async () => {
    server = await startLocalServer((req) => {
      req.socket.destroy();
    });
    const error = await failure(fetchWithRetry(`${server.origin}/x`, fast({ maxAttempts: 3 })));
    expect(error).toMatchObject({ status: null, attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it('stops at once when the caller aborts', async () => {
    server = await startLocalServer(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(fetchWithRetry(`${server.origin}/x`, fast({ signal: controller.signal }))).rejects.toThrow(
      /aborted/i,
    );
    expect(server.requests).toHaveLength(1);
  });
});
