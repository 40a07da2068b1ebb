import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  dropMidBody,
  type LocalServer,
  send,
  startLocalServer,
} from '../../../test/fixtures/feeds/local-http-server.js';
import { FetchFailedError } from '../http/fetch-with-retry.js';
import { nvdRateLimiter } from '../http/rate-limiter.js';
import { type FetchNvdOptions, fetchNvdPages, type NvdPage } from './fetch-nvd.js';

const DAY = 86_400_000;
const T0 = Date.parse('2024-01-01T00:00:00Z');

/** 26 synthetic CVEs, one modified every 12 days from T0 (so two fall exactly on 120-day boundaries). */
const dataset = Array.from({ length: 26 }, (_, i) => {
  const modified = new Date(T0 + i * 12 * DAY).toISOString().replace('Z', '');
  return {
    cve: {
      id: `CVE-2099-${String(1000 + i)}`,
      published: '2099-01-01T00:00:00.000',
      lastModified: modified,
      vulnStatus: 'Analyzed',
      descriptions: [{ lang: 'en', value: `synthetic ${i}` }],
      references: [],
    },
  };
});

/** A clock that moves only when the code under test sleeps. */
function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

/** Answers like NVD: checks the parameters, filters by lastModified, pages by startIndex. */
function nvdLike(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const q = url.searchParams;
  const start = Date.parse(q.get('lastModStartDate') ?? '');
  const end = Date.parse(q.get('lastModEndDate') ?? '');
  if (
    url.pathname !== '/rest/json/cves/2.0' ||
    Number.isNaN(start) ||
    Number.isNaN(end) ||
    end - start > 120 * DAY
  ) {
    send(res, 404, '', { message: 'Invalid parameters' });
    return;
  }
  const startIndex = Number(q.get('startIndex') ?? 0);
  const perPage = Math.min(Number(q.get('resultsPerPage') ?? 2000), 2000);
  const matching = dataset.filter((v) => {
    const t = Date.parse(`${v.cve.lastModified}Z`);
    return t >= start && t <= end;
  });
  send(
    res,
    200,
    JSON.stringify({
      resultsPerPage: Math.min(perPage, Math.max(0, matching.length - startIndex)),
      startIndex,
      totalResults: matching.length,
      format: 'NVD_CVE',
      version: '2.0',
      timestamp: '2099-01-01T00:00:00.000',
      vulnerabilities: matching.slice(startIndex, startIndex + perPage),
    }),
    { 'content-type': 'application/json' },
  );
}

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function collect(options: FetchNvdOptions): Promise<NvdPage[]> {
  const pages: NvdPage[] = [];
  for await (const page of fetchNvdPages(options)) pages.push(page);
  return pages;
}

function baseOptions(clock = fakeClock()): FetchNvdOptions {
  return {
    baseUrl: server!.origin,
    lastModStart: new Date(T0),
    lastModEnd: new Date(T0 + 300 * DAY),
    resultsPerPage: 4,
    limiter: nvdRateLimiter(false, clock),
    http: { sleep: clock.sleep, now: clock.now, random: () => 1, baseDelayMs: 1000 },
  };
}

describe('fetchNvdPages against an NVD-like local server', () => {
  it('walks 300 days as three windows of at most 120 days, page by page, and gets every CVE', async () => {
    server = await startLocalServer(nvdLike);
    const pages = await collect({ ...baseOptions(), apiKey: 'k-123' });
    expect(pages.map((p) => [p.windowIndex, p.startIndex, p.nextStartIndex, p.totalResults])).toEqual([
      [0, 0, 4, 11],
      [0, 4, 8, 11],
      [0, 8, null, 11],
      [1, 0, 4, 11],
      [1, 4, 8, 11],
      [1, 8, null, 11],
      [2, 0, 4, 6],
      [2, 4, null, 6],
    ]);
    expect(pages.map((p) => p.window.start).filter((s, i, a) => a.indexOf(s) === i)).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-04-30T00:00:00.000Z',
      '2024-08-28T00:00:00.000Z',
    ]);
    const ids = pages.flatMap((p) => p.records.map((r) => r.id));
    expect(new Set(ids)).toEqual(new Set(dataset.map((v) => v.cve.id)));
    // The CVEs modified exactly on a window boundary come twice; loading is idempotent.
    expect(ids.length - new Set(ids).size).toBe(2);
    const first = new URL(server.requests[0]!.url, server.origin);
    expect(first.pathname).toBe('/rest/json/cves/2.0');
    expect(first.searchParams.get('lastModStartDate')).toBe('2024-01-01T00:00:00.000+00:00');
    expect(first.searchParams.get('lastModEndDate')).toBe('2024-04-30T00:00:00.000+00:00');
    expect(first.searchParams.get('resultsPerPage')).toBe('4');
    expect(server.requests[0]!.url).toContain('lastModStartDate=2024-01-01T00%3A00%3A00.000%2B00%3A00');
    expect(server.requests.every((r) => r.headers.apikey === 'k-123')).toBe(true);
  });

  it('resumes from a saved window start and nextStartIndex with exactly the rest', async () => {
    server = await startLocalServer(nvdLike);
    const all = await collect(baseOptions());
    const saved = all[4]!; // window 1, second page
    const resumed = await collect({
      ...baseOptions(),
      lastModStart: new Date(saved.window.start),
      startIndex: saved.nextStartIndex!,
    });
    expect(resumed.map((p) => p.records.map((r) => r.id))).toEqual(
      all.slice(5).map((p) => p.records.map((r) => r.id)),
    );
  });

  it('keeps to 5 requests per rolling 30 s without a key (time is simulated)', async () => {
    const clock = fakeClock();
    const times: number[] = [];
    server = await startLocalServer((req, res) => {
      times.push(clock.now());
      nvdLike(req, res);
    });
    await collect({ ...baseOptions(clock), resultsPerPage: 2 });
    expect(times).toHaveLength(15); // pages of 2: 6 + 6 + 3
    for (const t of times)
      expect(times.filter((u) => u > t - 30_000 && u <= t).length).toBeLessThanOrEqual(5);
    expect(times.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 30_000, 30_000]);
  });

  it('rides out a 429 with Retry-After, a 503 and a connection dropped mid-body', async () => {
    const clock = fakeClock();
    server = await startLocalServer((req, res, n) => {
      if (n === 2) send(res, 429, 'Too Many Requests', { 'retry-after': '6' });
      else if (n === 4) send(res, 503, 'Service Unavailable');
      else if (n === 6) dropMidBody(res, JSON.stringify({ vulnerabilities: dataset }), 300);
      else nvdLike(req, res);
    });
    const retries: string[] = [];
    const options = baseOptions(clock);
    options.http = { ...options.http, onRetry: (e) => retries.push(`${e.status ?? 'network'} ${e.delayMs}`) };
    const pages = await collect(options);
    expect(new Set(pages.flatMap((p) => p.records.map((r) => r.id))).size).toBe(26);
    expect(retries).toEqual(['429 6000', '503 1000', 'network 1000']);
    expect(server.requests).toHaveLength(8 + 3);
  });

  it('gives up on a 500 that never recovers, with the page URL and the attempts', async () => {
    server = await startLocalServer((_req, res) => send(res, 500, 'Internal Server Error'));
    const options = baseOptions();
    options.http = { ...options.http, maxAttempts: 3 };
    const error = await collect(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchFailedError);
    expect((error as Error).message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/rest\/json\/cves\/2\.0\?lastModStartDate=.*&startIndex=0&resultsPerPage=4 failed after 3 attempts: HTTP 500 Internal Server Error$/,
    );
    expect(server.requests).toHaveLength(3);
  });
});
