/**
 * The organisation's external-exposure page in Chromium: a FortiGate whose banner names a FortiOS
 * version with a known-exploited SSL VPN flaw, observed on the trust's address and synced into its
 * external assets, shows as "Act now" on the page, with the address it was seen on; the worklist
 * marks the same finding as seen from outside.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { syncExternalAssets } from '../../src/services/outside/external-assets.js';
import { observe, orgIds } from '../factories/external.factory.js';
import { openTestDatabase } from '../setup/engines.js';
import { apiJson, axeViolations, screenshot, signIn, startWebWorld, type WebWorld } from './web-world.js';

const CVE = 'CVE-2018-13379';

describe('external exposure page in Chromium', () => {
  let database: Database;
  let world: WebWorld;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    world = await startWebWorld(database);
    await observe(database, {
      org: 'RJ7',
      address: '198.51.100.10',
      port: 443,
      hostname: 'vpn.stgeorges.example',
      vendor: 'Fortinet',
      product: 'FortiGate',
      version: '6.0.4',
      firstSeen: new Date('2026-11-02T06:00:00Z'),
      lastSeen: new Date('2026-11-30T06:00:00Z'),
    });
    await observe(database, {
      org: 'RJ7',
      address: '198.51.100.11',
      port: 3389,
      kind: 'rdp',
      severity: 'high',
    });
    await syncExternalAssets(database, [(await orgIds(database)).get('RJ7') as string]);
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  it("shows the gateway's known-exploited flaw as act now, linked from the organisation's page", async () => {
    const page = await signIn(world, 'rj7_viewer', '/orgs/RJ7');
    await page.locator('a[href="/orgs/RJ7/external"]').click();
    await page.waitForURL('**/orgs/RJ7/external');
    await page.getByRole('heading', { level: 2, name: 'Vulnerabilities found on banners' }).waitFor();
    const row = page.locator('#external-findings-table tbody tr', { hasText: CVE });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Act now');
    expect(text).toContain('known exploited');
    expect(text).toContain('o:fortinet:fortios 6.0.4');
    expect(text).toContain('vpn.stgeorges.example 198.51.100.10 port 443');
    expect(text).toContain('2 Nov 2026');
    expect(text).toContain('30 Nov 2026');
    // Every row is the API's, in its order.
    const api = await apiJson<{ items: { finding: { cve: string; priority: string } }[] }>(
      page,
      '/external/findings?org=RJ7&limit=25',
    );
    const shown = await page
      .locator('#external-findings-table tbody tr td:nth-child(2) a')
      .evaluateAll((links) => links.map((a) => a.textContent));
    expect(shown).toEqual(api.items.map((i) => i.finding.cve));
    expect(api.items.find((i) => i.finding.cve === CVE)?.finding.priority).toBe('act');

    // The observed services, most severe first, each with why it matters and what to do.
    const firstService = page.locator('#external-services-table tbody tr').first();
    await firstService.waitFor();
    expect(await firstService.textContent()).toContain('3389');
    expect(await firstService.textContent()).toContain('ransomware');
    expect(await firstService.textContent()).toContain('Close Remote Desktop to the internet');

    const serious = (await axeViolations(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
    await screenshot(page, 'org-external');

    // The worklist marks the same finding as seen from outside.
    await page.goto('/orgs/RJ7');
    await page.getByLabel('Seen').selectOption('true');
    const marked = page.locator('#worklist-table tbody tr', { hasText: CVE });
    await marked.waitFor();
    expect(await marked.textContent()).toContain('seen from outside');
    await page.context().close();
  });
});
