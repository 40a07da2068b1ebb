/**
 * GET with retries for feed downloads, on Node's built-in `fetch`. Retries 403 (NVD's answer when
 * rate-limited), 429 and 5xx, network errors, timeouts, and connections dropped mid-body — the body
 * is read inside the attempt, so a short body is retried, not returned. Waits with exponential
 * back-off and jitter, or for as long as `Retry-After` says (RFC 9110 §10.2.3: seconds or an HTTP
 * date), capped. Sleep, randomness and clock are injectable so tests run in milliseconds.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** Options for {@link fetchWithRetry}. */
export interface FetchWithRetryOptions {
  /** Request headers, e.g. `{ apiKey: '…' }` for NVD. Never included in error messages. */
  headers?: Record<string, string>;
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
  /** Back-off before the 2nd attempt; doubles each time (default 1 s). */
  baseDelayMs?: number;
  /** Ceiling of the exponential back-off (default 60 s). */
  maxDelayMs?: number;
  /** Ceiling of a server's `Retry-After` (default 120 s). */
  maxRetryAfterMs?: number;
  /** Time allowed for one attempt, headers and body (default 60 s). */
  timeoutMs?: number;
  /** Cancels the download; not retried. */
  signal?: AbortSignal;
  /** Waits between attempts (default: a timer). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Clock for `Retry-After` dates (default `Date.now`). */
  now?: () => number;
  /** Called before each wait, for logging. */
  onRetry?: (event: RetryEvent) => void;
  /** Awaited before every attempt, retries included: where a rate limiter takes its token. */
  beforeAttempt?: () => Promise<void>;
  /** The fetch implementation (default the global `fetch`). */
  fetch?: typeof fetch;
}

/** Why an attempt failed and how long the next one waits. */
export interface RetryEvent {
  url: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  status: number | null;
  reason: string;
  delayMs: number;
}

/** A completed download. */
export interface FetchedResponse {
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
  /** How many attempts it took. */
  attempts: number;
}

/** A download that failed for good: the URL, the last HTTP status (null for a network error) and the attempts made. */
export class FetchFailedError extends Error {
  readonly url: string;
  readonly status: number | null;
  readonly attempts: number;
  constructor(
    url: string,
    status: number | null,
    attempts: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
    super(`GET ${url} failed after ${tries}: ${reason}`, options);
    this.name = 'FetchFailedError';
    this.url = url;
    this.status = status;
    this.attempts = attempts;
  }
}

/** Statuses worth another try: NVD answers 403 when over its rate limit. */
export function isRetryableStatus(status: number): boolean {
  return status === 403 || status === 408 || status === 429 || status >= 500;
}

/** Milliseconds a `Retry-After` value asks for (delta-seconds or HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Exponential back-off with "equal jitter": half the step fixed, half random, so waits never collapse to 0. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const step = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

function describe(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const message = error instanceof Error ? error.message : String(error);
  if (cause?.code) return `${message} (${cause.code})`;
  return cause?.message ? `${message}: ${cause.message}` : message;
}

type Attempt =
  | { ok: true; response: FetchedResponse }
  | { ok: false; status: number | null; reason: string; retryAfterMs: number | null; cause?: unknown };

async function attempt(url: string, n: number, options: FetchWithRetryOptions): Promise<Attempt> {
  const fetchImpl = options.fetch ?? fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetchImpl(url, { headers: options.headers, signal, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return {
        ok: false,
        status: response.status,
        reason: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), (options.now ?? Date.now)()),
      };
    }
    const body = Buffer.from(await response.arrayBuffer());
    return {
      ok: true,
      response: { url, status: response.status, headers: response.headers, body, attempts: n },
    };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { ok: false, status: null, reason: describe(error), retryAfterMs: null, cause: error };
  }
}

/**
 * GETs `url` and reads the whole body, retrying as described above. Throws {@link FetchFailedError}
 * (URL, status, attempts) on a status that is not worth retrying, or once `maxAttempts` are spent.
 */
export async function fetchWithRetry(
  url: string | URL,
  options: FetchWithRetryOptions = {},
): Promise<FetchedResponse> {
  const href = String(url);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  for (let n = 1; ; n++) {
    await options.beforeAttempt?.();
    const result = await attempt(href, n, options);
    if (result.ok) return result.response;
    const retryable = result.status === null || isRetryableStatus(result.status);
    if (!retryable || n >= maxAttempts) {
      const reason = retryable ? result.reason : `${result.reason} (not retried)`;
      throw new FetchFailedError(href, result.status, n, reason, { cause: result.cause });
    }
    const delayMs =
      result.retryAfterMs !== null
        ? Math.min(result.retryAfterMs, options.maxRetryAfterMs ?? 120_000)
        : backoffDelay(
            n,
            options.baseDelayMs ?? 1000,
            options.maxDelayMs ?? 60_000,
            options.random ?? Math.random,
          );
    options.onRetry?.({ url: href, attempt: n, status: result.status, reason: result.reason, delayMs });
    await sleep(delayMs, options.signal);
  }
}
