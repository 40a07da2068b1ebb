/**
 * The dashboard at scale: a federation built with `loadFederation` and the shipped intel (with an
 * alert on the most widespread CVE), Ward serving the built dashboard on 127.0.0.1, and Debian's
 * Chromium opening the national overview as a national analyst. Prints one JSON line for the time
 * from navigation to every overview chart drawn (p50/p95 over --runs navigations in one browser, the
 * first one cold; the median and worst of --first-visits first visits, a new browser each) and one
 * for the initial JavaScript (gzipped) the page loads before any lazy chunk.
 * Flags: --orgs, --devices (national scale on PostgreSQL by default), --runs (default 7),
 * --first-visits (default 5).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cliActor } from '../src/domain/access/actor.js';
import { buildApp } from '../src/http/app.js';
import { ensureWebBuild, WEB_DIST } from '../src/http/web/web-build.js';
import { addUser } from '../src/services/access/user.service.js';
import { launchChromium } from '../test/setup/chromium.js';
import { chartsDrawn } from '../test/web/web-world.js';
import { issueWidestAlert, loadBenchFederation } from './bench-federation.js';
import { type BenchArgs, benchDatabase, numberArg, percentile, progressLog, report } from './harness.js';

const log = progressLog('web');
const PASSWORD = 'bench password 123';

/** The scripts index.html loads at once (entry and module preloads), gzipped: what a first visit downloads. */
export function initialJsGzipBytes(dist = WEB_DIST): { files: string[]; bytes: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
  return { files, bytes };
}

/** A browser context signed in as the bench's national analyst. */
async function signedInContext(browser: Browser, url: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 900 } });
  const signIn = await context.request.post('/api/v1/auth/sign-in', {
    data: { username: 'bench-analyst', password: PASSWORD },
  });
  if (!signIn.ok()) throw new Error(`sign-in: ${signIn.status()}`);
  return context;
}

/** Ms from navigating to the national overview until its charts are drawn, and how many there are. */
async function overviewDrawn(page: Page, root: string, run: number): Promise<[number, number]> {
  await page.goto(`/orgs/${root}?run=${run}`, { waitUntil: 'commit' });
  const charts = await chartsDrawn(page, 3, 120_000).catch(async (error) => {
    await page.screenshot({ path: 'test-artifacts/web-bench-failure.png', fullPage: true });
    log(`not drawn; the page says: ${(await page.locator('main').textContent())?.slice(0, 500)}`);
    throw error;
  });
  return [await page.evaluate(() => performance.now()), charts];
}

export async function run(args: BenchArgs): Promise<void> {
  const postgres = args.engine === 'postgres';
  const orgs = numberArg(args, 'orgs', postgres ? 21_000 : 500);
  const devices = numberArg(args, 'devices', postgres ? 2_000_000 : 20_000);
  const runs = Math.max(2, numberArg(args, 'runs', 7));
  const coldRuns = Math.max(0, numberArg(args, 'first-visits', 5));
  if (await ensureWebBuild()) log('built the dashboard');
  const js = initialJsGzipBytes();
  const database = await benchDatabase(args.engine);
  try {
    log(`loading intel and a federation of ${orgs} organisations, ${devices} devices (${args.engine}) …`);
    const { root } = await loadBenchFederation(database, { orgs, devices }, log);
    await issueWidestAlert(database);
    await addUser(database, cliActor('bench'), {
      username: 'bench-analyst',
      password: PASSWORD,
      org: root,
      role: 'national_analyst',
    });
    const app = await buildApp({ database, oidc: null });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const browser = await launchChromium();
    try {
      const context = await signedInContext(browser, url);
      // What the overview asks the API for, timed one by one (where the time goes when drawing is slow).
      const apiMs: Record<string, number> = {};
      for (const path of [
        `/organisations/${root}`,
        `/exposure/summary?org=${root}`,
        `/overview/alert-compliance?org=${root}&weeks=12`,
        `/overview/top-exposures?org=${root}&order=devices&limit=10`,
        `/overview/medical-devices?org=${root}&limit=8`,
      ]) {
        const t = performance.now();
        const res = await context.request.get(`/api/v1${path}`, { timeout: 300_000 });
        if (!res.ok()) throw new Error(`${path}: ${res.status()}`);
        apiMs[path.split('?')[0] as string] = Math.round(performance.now() - t);
      }
      log(`API: ${JSON.stringify(apiMs)}`);
      // The medical-devices panel on its own, asked again and again (read from the device roll-up).
      const medicalMs: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t = performance.now();
        const res = await context.request.get(`/api/v1/overview/medical-devices?org=${root}&limit=8`);
        if (!res.ok()) throw new Error(`medical devices: ${res.status()}`);
        medicalMs.push(performance.now() - t);
      }
      const medicalSorted = [...medicalMs].sort((a, b) => a - b);
      report(
        'web: medical devices at risk',
        args.engine,
        medicalMs.length,
        medicalMs.reduce((a, b) => a + b, 0) / 1000,
        {
          orgs,
          devices,
          endpoint: '/api/v1/overview/medical-devices',
          p50_ms: Number(percentile(medicalSorted, 50).toFixed(1)),
          p95_ms: Number(percentile(medicalSorted, 95).toFixed(1)),
          target_p95_ms: 300,
        },
      );
      const page = await context.newPage();
      const times: number[] = [];
      let charts = 0;
      for (let i = 0; i < runs; i++) {
        // A new document each time: the overview is fetched and drawn from scratch (assets may be cached).
        const [ms, drawn] = await overviewDrawn(page, root, i);
        times.push(ms);
        charts = drawn;
        log(`navigation ${i + 1}/${runs}: ${ms.toFixed(0)} ms to ${charts} charts drawn`);
      }
      // First visits: a new browser each, nothing cached and no script compiled yet. One such sample
      // (the first navigation above) varies by half a second from run to run on two shared cores.
      const cold: number[] = [];
      for (let i = 0; i < coldRuns; i++) {
        const fresh = await launchChromium();
        try {
          const first = await signedInContext(fresh, url);
          const [ms] = await overviewDrawn(await first.newPage(), root, i);
          cold.push(ms);
          log(`first visit ${i + 1}/${coldRuns}: ${ms.toFixed(0)} ms`);
        } finally {
          await fresh.close();
        }
      }
      const sorted = [...times].sort((a, b) => a - b);
      const coldSorted = [...cold].sort((a, b) => a - b);
      report('web: national overview drawn', args.engine, runs, times.reduce((a, b) => a + b, 0) / 1000, {
        orgs,
        devices,
        charts,
        first_ms: Math.round(times[0] as number),
        p50_ms: Math.round(percentile(sorted, 50)),
        p95_ms: Math.round(percentile(sorted, 95)),
        first_visits: coldRuns,
        first_visit_p50_ms: coldRuns ? Math.round(percentile(coldSorted, 50)) : null,
        first_visit_max_ms: coldRuns ? Math.round(coldSorted[coldSorted.length - 1] as number) : null,
        target_ms: 1000,
        api_ms: apiMs,
      });
      report('web: initial JS gzipped', args.engine, js.files.length, 0, {
        kb: Number((js.bytes / 1024).toFixed(1)),
        files: js.files,
        target_kb: 400,
      });
    } finally {
      await browser.close();
      await app.close();
    }
  } finally {
    await database.close();
  }
}
