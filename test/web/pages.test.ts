/**
 * Every main page of the dashboard, opened in Chromium by the user it is for: no serious or
 * critical axe-core violations (WCAG 2.2 A/AA), and a full-page screenshot saved as a test artefact
 * (test-artifacts/screens).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import type { TestUser } from '../factories/identity.factory.js';
import { openTestDatabase } from '../setup/engines.js';
import { axeViolations, chartsDrawn, screenshot, signIn, startWebWorld, type WebWorld } from './web-world.js';

describe('dashboard pages in Chromium: accessibility and screenshots', () => {
  let database: Database;
  let world: WebWorld;
  const pages = new Map<TestUser, Page>();
  const as = async (user: TestUser) => {
    const page = pages.get(user) ?? (await signIn(world, user));
    pages.set(user, page);
    return page;
  };
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    world = await startWebWorld(database);
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  async function check(page: Page, name: string) {
    await expect.poll(() => page.getByRole('status').count()).toBe(0);
    await screenshot(page, name);
    const serious = (await axeViolations(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
  }

  it('sign-in page', async () => {
    const context = await world.browser.newContext({ baseURL: world.base });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Sign in to Ward' })).toBeTruthy();
    await check(page, 'sign-in');
    await context.close();
  });

  const PAGES: [name: string, user: TestUser, path: () => string, heading: RegExp, charts: number][] = [
    ['national-overview', 'nat_analyst', () => '/orgs/X26', /National Health Service/, 3],
    ['icb-overview', 'qwe_admin', () => '/orgs/QWE', /South West London ICB/, 3],
    ['trust-worklist', 'rj7_responder', () => '/orgs/RJ7', /St George's University Hospitals/, 0],
    ['icb-worklist', 'qwe_admin', () => '/orgs/QWE/work', /South West London ICB/, 0],
    ['alerts', 'nat_analyst', () => '/alerts', /^Alerts$/, 0],
    ['alert', 'nat_analyst', () => `/alerts/${world.api.alert}`, /WannaCry/, 0],
    ['cve', 'nat_analyst', () => '/cves/CVE-2017-0144', /CVE-2017-0144/, 0],
    ['import', 'rj7_responder', () => '/import', /Import an inventory/, 0],
    ['intel', 'nat_analyst', () => '/intel', /^Intel$/, 0],
    ['account', 'rj7_responder', () => '/account', /Your account/, 0],
    ['not-yours', 'rj7_viewer', () => '/orgs/RAL', /Not found, or not yours/, 0],
  ];
  for (const [name, user, path, heading, charts] of PAGES) {
    it(`${name} (${user})`, async () => {
      const page = await as(user);
      await page.goto(path());
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      if (charts) expect(await chartsDrawn(page, charts)).toBeGreaterThanOrEqual(charts);
      await check(page, name);
    });
  }
});
