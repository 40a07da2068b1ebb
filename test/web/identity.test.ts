/**
 * The product identity review page in Chromium: a trust sees the possible match on its devices with
 * the evidence and no decision buttons; a national analyst confirms it and the findings follow.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { loadCsafFile } from '../../src/services/intel/csaf-load.service.js';
import { INVENTORY_HEADER, importCsv } from '../factories/inventory.factory.js';
import { openTestDatabase } from '../setup/engines.js';
import { apiJson, axeViolations, screenshot, signIn, startWebWorld, type WebWorld } from './web-world.js';

const ADVISORY = fileURLToPath(new URL('../fixtures/feeds/csaf/identity-advisory.json', import.meta.url));
const CMMS = `${INVENTORY_HEADER}
RJ7-MD-1,rj7-pump-1,medical_device,Example Medical,Volumetra 3000,,10.9.0.1,medical,false,life_critical,Example Medical,Volumetra 3000,1.2,,
RJ7-MD-2,rj7-pump-2,medical_device,Example Medical,Volumetra 3000,,10.9.0.2,medical,false,life_critical,Example Medical,Volumetra 3000,1.2,,
`;

describe('product identity page in Chromium', () => {
  let database: Database;
  let world: WebWorld;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    world = await startWebWorld(database);
    await loadCsafFile(database, ADVISORY);
    await importCsv(database, 'RJ7', CMMS, 'cmms');
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  it('shows the possible match to the trust, with its evidence, and no decision', async () => {
    const page = await signIn(world, 'rj7_viewer', '/identity');
    await page.getByRole('heading', { level: 1, name: 'Product identity' }).waitFor();
    const row = page.locator('#proposals-table tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('example medical / volumetra 3000');
    expect(text).toContain('Example Medical Systems, Inc. / Volumetra 3000 Wireless Infusion Pump');
    expect(text).toContain('CVE-2099-0002');
    expect(text).toMatch(/Model words found in .*volumetra 3000/);
    expect(text).toContain('Possible');
    expect(await page.getByRole('button', { name: /Confirm/ }).count()).toBe(0);
    const findings = await apiJson<{ items: unknown[] }>(page, '/findings?org=RJ7&cve=CVE-2099-0002');
    expect(findings.items).toEqual([]);
    // The trust's own page lists it as possible, beside (not in) its worklist.
    await page.goto('/orgs/RJ7');
    const possible = page.locator('#possible-matches-list li');
    await possible.first().waitFor();
    expect(await possible.textContent()).toBe(
      'example medical / volumetra 3000 may be Example Medical Systems, Inc. / Volumetra 3000 Wireless Infusion Pump (EXM-2099-002): 2 devices, version 1.2',
    );
    const serious = (await axeViolations(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
    await page.context().close();
  });

  it('lets a national analyst confirm it, after which the findings are there', async () => {
    const page = await signIn(world, 'nat_analyst', '/identity');
    await page.getByRole('heading', { level: 1, name: 'Product identity' }).waitFor();
    await page.locator('#proposals-table tbody tr').first().waitFor();
    const serious = (await axeViolations(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
    await screenshot(page, 'identity');
    await page.getByLabel('Note (a reason is required to reject)').fill('same pump, checked with the vendor');
    await page.getByRole('button', { name: 'Confirm: same product' }).click();
    await page.getByText('Confirmed example medical / volumetra 3000: 1 findings opened.').waitFor();
    // Possible matches awaiting review no longer list it; the confirmed ones do.
    await expect.poll(() => page.locator('#proposals-table tbody tr').count()).toBe(0);
    await page.getByLabel('Show').selectOption('confirmed');
    await expect.poll(() => page.locator('#proposals-table tbody tr').count()).toBe(1);
    const findings = await apiJson<{ items: { org: string; assets: number }[] }>(
      page,
      '/findings?org=RJ7&cve=CVE-2099-0002',
    );
    expect(findings.items.map((f) => [f.org, f.assets])).toEqual([['RJ7', 2]]);
    await page.context().close();
  });
});
