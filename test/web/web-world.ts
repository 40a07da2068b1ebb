/**
 * The browser tests' world: the API test world (small federation, WannaCry findings, an alert, one
 * user per role) served for real on 127.0.0.1 with the dashboard, and Debian's Chromium driving it.
 * Helpers sign a user in through the sign-in page, read the API as that user, run axe-core and save
 * screenshots under test-artifacts/screens.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Database } from '../../src/db/connect.js';
import { type ApiWorld, buildApiWorld } from '../factories/api-world.factory.js';
import { TEST_PASSWORD, type TestUser } from '../factories/identity.factory.js';
import { launchChromium } from '../setup/chromium.js';

export const SCREENS = join(process.cwd(), 'test-artifacts', 'screens');

export interface WebWorld {
  api: ApiWorld;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startWebWorld(database: Database): Promise<WebWorld> {
  const api = await buildApiWorld(database);
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const address = api.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await launchChromium();
  return {
    api,
    base: `http://127.0.0.1:${port}`,
    browser,
    close: async () => {
      await browser.close();
      await api.app.close();
    },
  };
}

/** A new browser context signed in as `user` through the sign-in page; ends on the user's overview. */
export async function signIn(world: WebWorld, user: TestUser, path = '/'): Promise<Page> {
  const context = await world.browser.newContext({
    baseURL: world.base,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(path);
  await page.waitForURL('**/sign-in');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
  return page;
}

/** The API's JSON for the page's signed-in user (same cookies as the page). */
export async function apiJson<T = Record<string, unknown>>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`/api/v1${path}`);
  if (!res.ok()) throw new Error(`GET ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Waits until every chart on the page has been drawn. */
export async function chartsDrawn(page: Page, atLeast = 1, timeout = 15_000): Promise<number> {
  await page.waitForFunction(
    (n) => {
      type El = { getAttribute(name: string): string | null };
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<El> } })
        .document;
      const charts = [...doc.querySelectorAll('[data-chart]')];
      return charts.length >= n && charts.every((c) => c.getAttribute('data-drawn') === 'true');
    },
    atLeast,
    { timeout },
  );
  return page.locator('[data-chart]').count();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2.x A/AA violations on the page (run through DevTools, so the page's CSP still holds). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
  return page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(tags)} } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })) })))`) as Promise<AxeViolation[]>;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}
