/**
 * The indicator pages in Chromium: a trust's responder adds a phishing sender as TLP:GREEN through
 * the form and finds it in the list with its badge; a responder at another trust opens it, reads
 * what the marking means and says "We saw this too"; the producer then reads "1 organisation saw
 * this" and which; a TLP:AMBER+STRICT indicator stays off the other trust's list, and one naming
 * its registered address shows only as a flag of its own address; a sharing group
 * is created from its page. The nav link leads there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { importAddresses } from '../../src/services/outside/address.service.js';
import { addIndicators } from '../../src/services/sharing/indicator.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { openTestDatabase } from '../setup/engines.js';
import { apiJson, axeViolations, screenshot, signIn, startWebWorld, type WebWorld } from './web-world.js';

describe('indicator pages in Chromium', () => {
  let database: Database;
  let world: WebWorld;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    world = await startWebWorld(database);
    await importAddresses(database, ADMIN_CLI, {
      name: 'a.csv',
      text: 'org_code,kind,value\nRAL,range,192.0.2.0/24\n',
    });
    await addIndicators(database, ADMIN_CLI, 'RJ7', [
      { value: 'strict-only.example', tlp: 'AMBER+STRICT' },
      { value: '192.0.2.10', tlp: 'AMBER+STRICT', description: 'beacon from our ward PCs' },
    ]);
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  it('adds, lists, sights and counts a shared indicator', async () => {
    const producer = await signIn(world, 'rj7_responder', '/');
    await producer.getByRole('link', { name: 'Indicators' }).click();
    await producer.getByRole('heading', { level: 1, name: 'Indicators' }).waitFor();
    await producer.getByLabel('Value (address', { exact: false }).fill('Invoices@Evil-Supplier[.]example');
    await producer.locator('#add-indicator-form select').selectOption('GREEN');
    await producer.getByLabel('What it is and where it was seen').fill('phishing sender');
    await producer.getByRole('button', { name: 'Add indicator' }).click();
    await producer
      .locator('#indicator-added')
      .getByText('Added email invoices@evil-supplier.example as TLP:GREEN.')
      .waitFor();
    const row = producer.locator('#indicators-table tr[data-indicator="invoices@evil-supplier.example"]');
    await row.waitFor();
    expect(await row.locator('.tlp').textContent()).toBe('TLP:GREEN');
    const serious = (await axeViolations(producer)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
    await screenshot(producer, 'indicators');

    const other = await signIn(world, 'ral_responder', '/indicators');
    await other.locator('#indicators-table').waitFor();
    expect(await other.locator('#indicators-table tr[data-indicator="strict-only.example"]').count()).toBe(0);
    // RJ7's AMBER+STRICT indicator names RAL's own address: RAL learns that, and nothing more.
    const flag = (await other.locator('#indicator-flags').textContent()) ?? '';
    expect(flag).toContain(
      'an indicator shared in Ward names your address 192.0.2.10 (its marking does not include you)',
    );
    expect(flag).not.toMatch(/RJ7|beacon|AMBER/);
    await other.locator('#indicators-table tr[data-indicator="invoices@evil-supplier.example"] a').click();
    await other.locator('#tlp-meaning').getByText('Whole federation', { exact: false }).waitFor();
    expect(await other.locator('#sighting-count').textContent()).toContain('0 organisations saw this');
    await other.getByRole('button', { name: 'We saw this too' }).click();
    await other.getByRole('status').getByText('Recorded for RAL.').waitFor();
    await other.locator('#sighting-count').getByText('1 organisation saw this', { exact: false }).waitFor();
    // The other trust is not the producer: it sees the count, not who.
    expect(await other.locator('#sighted-by').count()).toBe(0);

    await producer.locator('#indicators-table tr[data-indicator="invoices@evil-supplier.example"] a').click();
    await producer
      .locator('#sighting-count')
      .getByText('1 organisation saw this', { exact: false })
      .waitFor();
    expect(await producer.locator('#sighted-by').textContent()).toContain('(RAL)');
    await screenshot(producer, 'indicator');
    const list = await apiJson<{ items: { value: string }[] }>(other, '/indicators?limit=100');
    expect(list.items.map((i) => i.value)).not.toContain('strict-only.example');
    await other.context().close();
    await producer.context().close();
  });

  it('creates a sharing group from its page', async () => {
    const page = await signIn(world, 'rj7_responder', '/sharing-groups');
    await page.getByRole('heading', { level: 1, name: 'Sharing groups' }).waitFor();
    await page.getByLabel('Name').fill('South London trusts');
    await page.getByLabel('Members', { exact: false }).fill('RAL, under:QWE');
    await page.getByRole('button', { name: 'Create group' }).click();
    const row = page.locator('#groups-table tr[data-group="South London trusts"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('under:QWE, RAL');
    await page.context().close();
  });
});
