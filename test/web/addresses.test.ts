/**
 * The "Public addresses" panel of the organisation page in Chromium: a trust administrator uploads
 * a bad addresses file and sees every problem by line with nothing registered, then a good one and
 * sees the ranges listed; a viewer sees the list without the upload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { openTestDatabase } from '../setup/engines.js';
import { apiJson, axeViolations, screenshot, signIn, startWebWorld, type WebWorld } from './web-world.js';

const csvFile = (text: string) => ({
  name: 'addresses.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(text),
});

describe('public addresses on the organisation page in Chromium', () => {
  let database: Database;
  let world: WebWorld;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    world = await startWebWorld(database);
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  it('lets a trust administrator register addresses, showing a refused file’s problems by line', async () => {
    const page = await signIn(world, 'ral_admin', '/orgs/RAL');
    const panel = page.locator('section[aria-labelledby="public-addresses"]');
    await panel.getByText('No public addresses registered.').waitFor();

    await panel
      .getByLabel('Addresses file')
      .setInputFiles(
        csvFile(
          'org_code,kind,value\nRAL,range,198.51.100.1/24\nRAL,domain,royalfree.example\nRJ7,range,192.0.2.0/24\n',
        ),
      );
    await panel.getByRole('button', { name: 'Upload' }).click();
    const problems = panel.locator('#address-problems tbody tr');
    await expect.poll(() => problems.count()).toBe(2);
    expect(await problems.allTextContents()).toEqual([
      '2"198.51.100.1/24" has bits set right of the mask; did you mean 198.51.100.0/24?',
      '4unknown organisation RJ7',
    ]);
    expect((await apiJson<{ items: unknown[] }>(page, '/addresses?org=RAL')).items).toEqual([]);
    await screenshot(page, 'addresses-refused');

    await panel
      .getByLabel('Addresses file')
      .setInputFiles(
        csvFile(
          'org_code,kind,value\nRAL,range,198.51.100.0/24\nRAL,range,2001:DB8:F::/48\nRAL,domain,RoyalFree.example\n',
        ),
      );
    await panel.getByRole('button', { name: 'Upload' }).click();
    await expect
      .poll(() => panel.locator('#addresses-result').textContent())
      .toBe('3 registrations for 1 organisations: 3 added, 0 removed, 0 unchanged.');
    const rows = panel.locator('#addresses-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const cells = await Promise.all(
      [0, 1, 2].map(async (i) => (await rows.nth(i).locator('td').allTextContents()).slice(0, 3).join(' ')),
    );
    expect(cells).toEqual([
      'RAL range 198.51.100.0/24',
      'RAL range 2001:db8:f::/48',
      'RAL domain royalfree.example',
    ]);
    expect(await panel.locator('#address-problems').count()).toBe(0);
    const serious = (await axeViolations(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
    await screenshot(page, 'addresses-registered');
    await page.context().close();
  });

  it('shows a viewer the registered addresses without the upload', async () => {
    const admin = await signIn(world, 'qwe_admin', '/orgs/RJ7');
    const upload = admin.locator('section[aria-labelledby="public-addresses"]');
    await upload
      .getByLabel('Addresses file')
      .setInputFiles(csvFile('org_code,kind,value\nRJ7,range,192.0.2.0/24\n'));
    await upload.getByRole('button', { name: 'Upload' }).click();
    await upload.locator('#addresses-result').waitFor();
    await admin.context().close();

    const page = await signIn(world, 'rj7_viewer', '/orgs/RJ7');
    const panel = page.locator('section[aria-labelledby="public-addresses"]');
    const rows = panel.locator('#addresses-table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('192.0.2.0/24');
    expect(await panel.getByLabel('Addresses file').count()).toBe(0);
    await page.context().close();
  });
});
