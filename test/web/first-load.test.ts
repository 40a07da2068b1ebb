/**
 * A first load of an organisation's page in Chromium against the real server: the page asks for
 * the session and the organisation before its scripts have run (index.html's inline script, which
 * the CSP allows by its hash), the scripts adopt those answers instead of asking again, and the
 * overview's figures are asked for once the organisation is known to have an overview — not for a
 * trust. Answers refused before signing in are asked again after.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { openTestDatabase } from '../setup/engines.js';
import { chartsDrawn, signIn, startWebWorld, type WebWorld } from './web-world.js';

/** The API reads a page makes from now on, as path and query, in the order asked. */
function recordReads(page: Page): string[] {
  const reads: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() === 'GET' && url.pathname.startsWith('/api/v1/'))
      reads.push(`${url.pathname.slice('/api/v1'.length)}${url.search}`);
  });
  return reads;
}

/** The early answers index.html started that the scripts have not taken (undefined: it never ran). */
const untakenEarly = (page: Page) =>
  page.evaluate(() => {
    const early = (globalThis as { __wardEarly?: Record<string, unknown> }).__wardEarly;
    return early ? Object.keys(early) : undefined;
  });

const count = (reads: string[], read: string) => reads.filter((r) => r === read).length;

describe('first load of an organisation page in Chromium', () => {
  let database: Database;
  let world: WebWorld;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    world = await startWebWorld(database);
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  it("asks for the session, the organisation and the overview's figures once each, the first two before the scripts run", async () => {
    const signedIn = await signIn(world, 'nat_analyst');
    const page = await signedIn.context().newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const reads = recordReads(page);
    await page.goto('/orgs/X26');
    expect(await chartsDrawn(page, 3)).toBeGreaterThanOrEqual(3);
    await page.getByRole('heading', { level: 1, name: /National Health Service/ }).waitFor();
    expect(violations).toEqual([]);
    // The inline script ran and both of its answers were adopted.
    expect(await untakenEarly(page)).toEqual([]);
    expect(count(reads, '/auth/session')).toBe(1);
    expect(count(reads, '/organisations/X26')).toBe(1);
    for (const read of [
      '/exposure/summary?org=X26',
      '/overview/alert-compliance?org=X26&weeks=12',
      '/overview/top-exposures?org=X26&order=devices&limit=10',
      '/overview/medical-devices?org=X26&limit=8',
    ])
      expect(count(reads, read), read).toBe(1);
    await signedIn.context().close();
  });

  it("asks for no overview figures for a trust's page, and adopts a lower-case code's answer", async () => {
    const signedIn = await signIn(world, 'nat_analyst');
    const page = await signedIn.context().newPage();
    const reads = recordReads(page);
    await page.goto('/orgs/rj7');
    await page.getByRole('heading', { level: 1, name: /St George's University/ }).waitFor();
    await page.locator('#worklist-table tbody tr').first().waitFor();
    expect(await untakenEarly(page)).toEqual([]);
    expect(count(reads, '/organisations/RJ7')).toBe(1);
    expect(reads.filter((r) => r.startsWith('/overview/') || r.startsWith('/exposure/summary'))).toEqual([]);
    await signedIn.context().close();
  });

  it('asks again, once signed in, for what it was refused before', async () => {
    // Signed out: the early session and organisation reads are refused and the sign-in page shown;
    // signing in leads back to the organisation, read anew.
    const page = await signIn(world, 'nat_analyst', '/orgs/RJ7');
    await page.waitForURL('**/orgs/RJ7');
    await page.getByRole('heading', { level: 1, name: /St George's University/ }).waitFor();
    expect(await untakenEarly(page)).toEqual([]);
    await page.context().close();
  });
});
