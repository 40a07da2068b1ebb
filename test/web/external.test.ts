/**
 * The "Seen from outside" page in Chromium: a trust sees its own exposures with what to do and
 * nothing of others; the national centre sees every organisation and the addresses nobody registered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { importObservations } from '../../src/services/outside/observe.service.js';
import { registerRanges, shadowserverCsv } from '../factories/external-report.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { openTestDatabase } from '../setup/engines.js';
import { axeViolations, screenshot, signIn, startWebWorld, type WebWorld } from './web-world.js';

describe('external exposure page in Chromium', () => {
  let database: Database;
  let world: WebWorld;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    world = await startWebWorld(database);
    await registerRanges(database, [
      ['RJ7', '10.1.0.0/16'],
      ['RAL', '10.2.0.0/16'],
    ]);
    const at = new Date().toISOString().slice(0, 19).replace('T', ' ');
    const report = shadowserverCsv([
      { at, ip: '10.1.0.5', port: 3389, tag: 'rdp' },
      { at, ip: '10.2.0.7', port: 445, tag: 'smb' },
      { at, ip: '192.0.2.77', port: 445, tag: 'smb' },
    ]);
    await importObservations(database, ADMIN_CLI, [{ name: 'today.csv', bytes: Buffer.from(report) }]);
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  async function accessible(page: import('playwright-core').Page) {
    const serious = (await axeViolations(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
  }

  it("shows a trust its own exposure with what to do, and nothing of others'", async () => {
    const page = await signIn(world, 'rj7_responder', '/external');
    await page.getByRole('heading', { level: 1, name: /Seen from outside: St George's/ }).waitFor();
    const rows = page.locator('#external-table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const text = (await rows.first().textContent()) ?? '';
    expect(text).toContain('10.1.0.5 3389/tcp');
    expect(text).toContain('Remote Desktop (RDP)');
    expect(text).toContain('Close Remote Desktop to the internet');
    expect(await page.locator('#external-reports-table').count()).toBe(0);
    await accessible(page);
    await screenshot(page, 'external-trust');
    await page.context().close();
  });

  it('shows the national centre every organisation and the unregistered addresses', async () => {
    const page = await signIn(world, 'nat_analyst', '/external');
    await page
      .getByRole('heading', { level: 1, name: /Seen from outside: National Health Service/ })
      .waitFor();
    const rows = page.locator('#external-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().getAttribute('data-kind')).toBe('smb');
    expect(await page.locator('#external-counts [data-field="open"]').textContent()).toBe('2');
    expect(await page.locator('#external-reports-table tbody').textContent()).toContain('192.0.2.77 (1)');
    await page.getByRole('link', { name: 'London' }).click();
    await page.getByRole('heading', { level: 1, name: 'Seen from outside: London' }).waitFor();
    await accessible(page);
    await screenshot(page, 'external-national');
    await page.context().close();
  });
});
