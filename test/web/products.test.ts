/**
 * The products register page in Chromium: a practice manager looks up which messaging apps may be
 * used for patient data (badges per status, no import form); a national admin imports the register
 * (a bad file lists its lines, a good one shows at once); a trust sees a ruled-out product on its
 * medical device beside its worklist.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { importCsv, inventoryCsv } from '../factories/inventory.factory.js';
import { openTestDatabase } from '../setup/engines.js';
import { axeViolations, screenshot, signIn, startWebWorld, type WebWorld } from './web-world.js';

const HEADER =
  'key,name,vendor,category,status,use,standard,certificate_ref,certified_on,expires_on,end_of_life,source,notes';

function csvFile(name: string, rows: string[]): string {
  const path = join(tmpdir(), `ward-products-${process.pid}-${name}`);
  writeFileSync(path, `${HEADER}\n${rows.join('\n')}\n`);
  return path;
}

async function serious(page: import('playwright-core').Page) {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('products register page in Chromium', () => {
  let database: Database;
  let world: WebWorld;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    world = await startWebWorld(database);
    await importCsv(
      database,
      'RJ7',
      inventoryCsv([
        {
          id: 'RJ7-INFUSION-1',
          type: 'medical_device',
          zone: 'clinical',
          criticality: 'life_critical',
          components: ['cpe:2.3:a:whatsapp:whatsapp:2.23.1:*:*:*:*:*:*:*'],
        },
      ]),
      'cmms',
    );
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  it('answers a practice manager: which messaging apps may we use for patient data', async () => {
    const page = await signIn(world, 'a84_viewer', '/products');
    await page.getByRole('heading', { level: 1, name: 'Products register' }).waitFor();
    await page.getByLabel('Category').selectOption('messaging');
    const rows = page.locator('#products-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const texts = await rows.allTextContents();
    expect(texts[0]).toContain('Example Secure Clinical Messenger');
    expect(texts[0]).toContain('Approved for patient data');
    expect(texts[0]).toContain(
      'Certified for patient data (DCB0129 and DTAC, EXAMPLE-DTAC-0001, until 2027-01-14)',
    );
    expect(texts[2]).toContain('WhatsApp (consumer)');
    expect(texts[2]).toContain('Not approved for patient data');
    expect(texts[2]).toContain('EXAMPLE');
    await page.getByLabel('Search').fill('whatsapp');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Import the register' }).count()).toBe(0);
    expect(await serious(page), 'axe').toEqual([]);
    await page.context().close();
  });

  it('lets a national admin import the register: line errors for a bad file, the entry at once for a good one', async () => {
    const page = await signIn(world, 'nat_admin', '/products');
    await page.getByRole('heading', { name: 'Import the register' }).waitFor();
    await page
      .getByLabel('Register file (CSV)')
      .setInputFiles(csvFile('bad.csv', ['a:signal:signal,Signal,Signal,messaging,banned,patient-data']));
    await page.getByRole('button', { name: 'Import' }).click();
    await page
      .getByText('Line 2: status "banned" is not one of approved, certified, not-approved, end-of-life')
      .waitFor();
    await page
      .getByLabel('Register file (CSV)')
      .setInputFiles(
        csvFile('good.csv', ['a:signal:signal,Signal,Signal,messaging,not-approved,patient-data']),
      );
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported 1 products (1 new) with 1 statuses.').waitFor();
    await page.getByLabel('Search').fill('signal');
    const rows = page.locator('#products-table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Not approved for patient data');
    expect(await serious(page), 'axe').toEqual([]);
    await screenshot(page, 'products');
    await page.context().close();
  });

  it('shows the trust a ruled-out product on its medical device beside its worklist', async () => {
    const page = await signIn(world, 'rj7_viewer', '/orgs/RJ7/work');
    await page.getByRole('heading', { name: 'Products the register rules out' }).waitFor();
    const rows = page.locator('#policy-table tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const texts = await rows.allTextContents();
    expect(texts[0]).toContain('High');
    expect(texts[0]).toContain('WhatsApp (consumer)');
    expect(texts[0]).toContain('not approved for patient data');
    // The world's Windows 7 PCs are past end of life, on ordinary (not clinical) devices.
    expect(texts.some((t) => t.includes('Windows 7') && t.includes('Medium'))).toBe(true);
    await page.context().close();
  });
});
