/**
 * Client of the NVD CVE API 2.0 (https://nvd.nist.gov/developers/vulnerabilities) for incremental
 * updates: every CVE modified in a span of time, fetched window by window (≤ 120 days each) and page
 * by page (`startIndex`, `resultsPerPage`), within NVD's rate limits. Each page says where to resume.
 */
import { type FetchWithRetryOptions, fetchWithRetry } from '../http/fetch-with-retry.js';
import { nvdRateLimiter, type RateLimiter } from '../http/rate-limiter.js';
import type { NvdCveRecord } from './nvd.types.js';
import { type NvdWindow, splitWindows, toNvdDate } from './nvd-window.js';
import { parseNvd } from './parse-nvd.js';

/** The public NVD API host. */
export const NVD_BASE_URL = 'https://services.nvd.nist.gov';

/** Options for {@link fetchNvdPages}. */
export interface FetchNvdOptions {
  /** Start of the span of `lastModified` times (inclusive). To resume, pass the saved `window.start`. */
  lastModStart: Date;
  /** End of the span (inclusive). */
  lastModEnd: Date;
  /** Where to start in the first window: the saved `nextStartIndex` when resuming (default 0). */
  startIndex?: number;
  /** API host or mirror (default {@link NVD_BASE_URL}); the path `/rest/json/cves/2.0` is appended. */
  baseUrl?: string;
  /** NVD API key, sent as the `apiKey` header; raises the rate limit from 5 to 50 requests per 30 s. */
  apiKey?: string;
  /** Page size (NVD's maximum, 2000, by default). */
  resultsPerPage?: number;
  /** Rate limiter taken before every request, retries included (default: NVD's limits for the key). */
  limiter?: RateLimiter;
  /** Longest window (default 120 days, NVD's maximum). */
  maxWindowDays?: number;
  /** Retry, timeout, sleep and clock settings for each request. */
  http?: FetchWithRetryOptions;
}

/** One page of CVEs, with enough to resume after it. */
export interface NvdPage {
  window: NvdWindow;
  /** Position of the window among `windowCount` (0-based). */
  windowIndex: number;
  windowCount: number;
  /** The `startIndex` this page was requested with. */
  startIndex: number;
  /** NVD's `totalResults` for the window, as of this page. */
  totalResults: number;
  /** Where the next page of this window starts; null when the window is done (resume at the next window). */
  nextStartIndex: number | null;
  /** NVD's response time stamp. */
  timestamp: string | null;
  records: NvdCveRecord[];
  /** Elements that failed validation (see {@link parseNvd}). */
  invalid: { index: number; id: string | null; reason: string }[];
}

/** The request URL of one page. */
export function nvdPageUrl(
  baseUrl: string,
  window: NvdWindow,
  startIndex: number,
  resultsPerPage: number,
): string {
  const params = new URLSearchParams({
    lastModStartDate: toNvdDate(window.start),
    lastModEndDate: toNvdDate(window.end),
    startIndex: String(startIndex),
    resultsPerPage: String(resultsPerPage),
  });
  return `${baseUrl.replace(/\/+$/, '')}/rest/json/cves/2.0?${params}`;
}

async function fetchPage(url: string, options: FetchNvdOptions, limiter: RateLimiter) {
  const headers = { ...options.http?.headers, ...(options.apiKey ? { apiKey: options.apiKey } : {}) };
  const response = await fetchWithRetry(url, {
    ...options.http,
    headers,
    beforeAttempt: () => limiter.acquire(options.http?.signal),
  });
  const records: NvdCveRecord[] = [];
  const invalid: NvdPage['invalid'] = [];
  let totalResults = 0;
  let timestamp: string | null = null;
  for await (const item of parseNvd(response.body, { name: url })) {
    if (item.kind === 'record') records.push(item.record);
    else if (item.kind === 'invalid') invalid.push({ index: item.index, id: item.id, reason: item.reason });
    else {
      totalResults = item.header.totalResults ?? 0;
      timestamp = item.header.timestamp;
    }
  }
  return { records, invalid, totalResults, timestamp };
}

/**
 * Yields every page of CVEs modified between `lastModStart` and `lastModEnd`, oldest window first.
 * Persist `window.start` and `nextStartIndex` after storing a page; to resume, call again with
 * `lastModStart = window.start` and `startIndex = nextStartIndex` (or, when it is null, with
 * `lastModStart = window.end`). Throws {@link FetchFailedError} when NVD stays unavailable.
 */
export async function* fetchNvdPages(options: FetchNvdOptions): AsyncGenerator<NvdPage> {
  const baseUrl = options.baseUrl ?? NVD_BASE_URL;
  const perPage = options.resultsPerPage ?? 2000;
  const limiter = options.limiter ?? nvdRateLimiter(options.apiKey !== undefined);
  const windows = splitWindows(options.lastModStart, options.lastModEnd, options.maxWindowDays);
  for (const [windowIndex, window] of windows.entries()) {
    let startIndex = windowIndex === 0 ? (options.startIndex ?? 0) : 0;
    for (;;) {
      const page = await fetchPage(nvdPageUrl(baseUrl, window, startIndex, perPage), options, limiter);
      const received = page.records.length + page.invalid.length;
      const next = startIndex + received;
      // An empty page ends the window even if totalResults says more: NVD's count can shrink mid-walk.
      const done = received === 0 || next >= page.totalResults;
      yield {
        window,
        windowIndex,
        windowCount: windows.length,
        startIndex,
        totalResults: page.totalResults,
        nextStartIndex: done ? null : next,
        timestamp: page.timestamp,
        records: page.records,
        invalid: page.invalid,
      };
      if (done) break;
      startIndex = next;
    }
  }
}
