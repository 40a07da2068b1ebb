/**
 * The dashboard driven in Chromium against the real server on PostgreSQL: signing in, drilling down
 * from the national view to a trust with the numbers the API gives the same user, following an
 * alert to a trust's devices and acknowledging it, a responder's answer seen by the national
 * analyst, a bulk answer, an inventory upload refused with its line errors, and a trust user kept
 * out of another trust's pages.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { addUser } from '../../src/services/access/user.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { INVENTORY_HEADER } from '../factories/inventory.factory.js';
import { openTestDatabase } from '../setup/engines.js';
import { apiJson, screenshot, signIn, startWebWorld, type WebWorld } from './web-world.js';

interface Summary {
  children: {
    code: string;
    act: number;
    kevOverdue: number;
    findings: number;
    assets: number;
    devicesExposed: number;
  }[];
}
interface Status {
  counts: Record<string, number>;
  targets: { code: string; state: string }[];
}

const FIELDS = ['act', 'kevOverdue', 'findings', 'assets', 'devicesExposed'] as const;

/** The exposure table as shown: per child code, its numbers. */
async function shownChildren(page: Page) {
  await page.locator('#children-table tbody tr').first().waitFor();
  return page.locator('#children-table tbody tr').evaluateAll((rows) =>
    rows.map((r) => {
      const cell = (f: string) =>
        Number(r.querySelector(`[data-field="${f}"]`)?.textContent?.replace(/,/g, ''));
      return {
        code: r.getAttribute('data-org'),
        act: cell('act'),
        kevOverdue: cell('kevOverdue'),
        findings: cell('findings'),
        assets: cell('assets'),
        devicesExposed: cell('devicesExposed'),
      };
    }),
  );
}

async function expectChildrenMatchApi(page: Page, code: string) {
  const api = await apiJson<Summary>(page, `/exposure/summary?org=${code}`);
  expect(api.children.length).toBeGreaterThan(0);
  await expect
    .poll(() => shownChildren(page))
    .toEqual(
      api.children.map((c) => ({ code: c.code, ...Object.fromEntries(FIELDS.map((f) => [f, c[f]])) })),
    );
}

const stateOf = (page: Page, table: string, org: string) =>
  page.locator(`${table} tr[data-org="${org}"] [data-field="state"]`);

describe('dashboard in Chromium on PostgreSQL', () => {
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

  it('signs in through the sign-in page (a wrong password is refused) and lands on the overview', async () => {
    const context = await world.browser.newContext({ baseURL: world.base });
    const page = await context.newPage();
    await page.goto('/orgs/X26');
    await page.waitForURL('**/sign-in');
    await page.getByLabel('User name').fill('nat_analyst');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/password/i);
    await context.close();
    const signedIn = await signIn(world, 'nat_analyst');
    await signedIn.waitForURL('**/orgs/X26');
    await signedIn.getByRole('heading', { level: 1, name: /National Health Service/ }).waitFor();
    await signedIn.context().close();
  });

  it('makes a new user choose a password after signing in with a one-time password', async () => {
    const added = await addUser(database, ADMIN_CLI, { username: 'new-starter', org: 'RJ7', role: 'viewer' });
    const context = await world.browser.newContext({ baseURL: world.base });
    const page = await context.newPage();
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await page.getByLabel('User name').fill('new-starter');
    await page.getByLabel('Password').fill(added.oneTimePassword as string);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Choose your password' }).waitFor();
    await page.getByLabel('One-time password').fill(added.oneTimePassword as string);
    await page.getByLabel('New password', { exact: true }).fill('a starter passphrase');
    await page.getByLabel('New password again').fill('a starter passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL('**/orgs/RJ7');
    await page.getByRole('heading', { level: 1, name: /St George's University/ }).waitFor();
    await context.close();
  });

  it('drills down national → region → ICB → trust, showing the numbers the API gives the same user', async () => {
    const page = await signIn(world, 'nat_analyst');
    await page.waitForURL('**/orgs/X26');
    await expectChildrenMatchApi(page, 'X26');
    await page.locator('#children-table').getByRole('link', { name: 'London' }).click();
    await page.waitForURL('**/orgs/Y56');
    await expectChildrenMatchApi(page, 'Y56');
    await page.locator('#children-table').getByRole('link', { name: 'South West London ICB' }).click();
    await page.waitForURL('**/orgs/QWE');
    await expectChildrenMatchApi(page, 'QWE');
    await screenshot(page, 'drill-icb');
    await page
      .locator('#children-table')
      .getByRole('link', { name: /St George's University/ })
      .click();
    await page.waitForURL('**/orgs/RJ7');
    const findings = await apiJson<{ items: { cve: string }[] }>(page, '/findings?org=RJ7&limit=25');
    await expect.poll(() => page.locator('#worklist-table tbody tr').count()).toBe(findings.items.length);
    const shownCves = await page.locator('#worklist-table tbody tr td:nth-child(2) a').allTextContents();
    expect(shownCves).toEqual(findings.items.map((f) => f.cve));
    expect(
      await page
        .locator('#assets-table tbody tr')
        .evaluateAll((r) => r.map((x) => x.getAttribute('data-asset'))),
    ).toEqual(['RJ7-PC-1', 'RJ7-PC-2']);
    await page.context().close();
  });

  it("keeps a trust's user out of another trust's pages reached by URL", async () => {
    const page = await signIn(world, 'rj7_viewer');
    await page.waitForURL('**/orgs/RJ7');
    for (const path of ['/orgs/RAL', '/orgs/RAL/work', '/orgs/QWE', '/orgs/X26']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: 'Not found, or not yours' }).waitFor();
      const text = await page.locator('main').textContent();
      expect(text).not.toMatch(/Royal Free|South West London ICB|Worklist|Devices/);
    }
    expect((await page.request.get('/api/v1/organisations/RAL')).status()).toBe(404);
    await page.context().close();
  });

  it("follows the WannaCry alert from the national view down to a trust's devices and acknowledges it", async () => {
    const page = await signIn(world, 'nat_analyst');
    await page.waitForURL('**/orgs/X26');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('link', { name: world.api.alert }).click();
    await page.getByRole('heading', { level: 1, name: /WannaCry/ }).waitFor();
    await page
      .locator('#targets-table')
      .getByRole('link', { name: /St George's University/ })
      .click();
    await page.waitForURL('**/orgs/RJ7');
    const card = page.locator(`[data-alert="${world.api.alert}"]`);
    await card.getByText('2 devices').click();
    await expect
      .poll(() => card.locator('.devices li').allTextContents())
      .toEqual([expect.stringContaining('RJ7-PC-1'), expect.stringContaining('RJ7-PC-2')]);
    expect(await stateOf(page, '', 'RJ7').first().textContent()).toMatch(/Awaiting acknowledgement/);
    await card.getByRole('button', { name: /^Acknowledge: St George's/ }).click();
    await expect.poll(() => stateOf(page, '', 'RJ7').first().textContent()).toBe('Acknowledged');
    await screenshot(page, 'trust-acknowledged');
    const status = await apiJson<Status>(page, `/alerts/${world.api.alert}/status?targets=true`);
    expect(status.targets.find((t) => t.code === 'RJ7')?.state).toBe('acknowledged');
    await page.context().close();
  });

  it("shows the national analyst a trust responder's acknowledgement", async () => {
    const responder = await signIn(world, 'ral_responder');
    await responder.waitForURL('**/orgs/RAL');
    await responder.getByRole('button', { name: /^Acknowledge: Royal Free/ }).click();
    await expect.poll(() => stateOf(responder, '', 'RAL').first().textContent()).toBe('Acknowledged');
    await responder.context().close();

    const analyst = await signIn(world, 'nat_analyst', `/alerts/${world.api.alert}`);
    await analyst.waitForURL(`**/alerts/${world.api.alert}`);
    await expect.poll(() => stateOf(analyst, '#targets-table', 'RAL').textContent()).toBe('Acknowledged');
    const status = await apiJson<Status>(analyst, `/alerts/${world.api.alert}/status`);
    const shown = await analyst.locator('#alert-counts [data-field="acknowledged"]').textContent();
    expect(Number(shown)).toBe(status.counts.acknowledged);
    expect(status.counts.acknowledged).toBe(2);
    await analyst.getByLabel('State').selectOption('acknowledged');
    expect(
      await analyst
        .locator('#targets-table tbody tr')
        .evaluateAll((r) => r.map((x) => x.getAttribute('data-org'))),
    ).toEqual(['RAL', 'RJ7']);
    await analyst.context().close();
  });

  it('lets an ICB admin answer for every organisation under the ICB at once', async () => {
    const page = await signIn(world, 'qwe_admin', '/orgs/QWE/work');
    await page.waitForURL('**/orgs/QWE/work');
    const card = page.locator(`[data-alert="${world.api.alert}"]`);
    await card.getByRole('button', { name: 'In progress: all organisations under QWE' }).click();
    await expect
      .poll(() => card.locator('.bulk .result').textContent())
      .toMatch(/Recorded for 2 organisations/);
    for (const org of ['RJ7', 'H85001'])
      await expect.poll(() => stateOf(page, '', org).first().textContent()).toBe('In progress');
    const status = await apiJson<Status>(page, `/alerts/${world.api.alert}/status?targets=true`);
    expect(status.targets.map((t) => [t.code, t.state])).toEqual([
      ['H85001', 'in_progress'],
      ['RJ7', 'in_progress'],
    ]);
    await page.context().close();
  });

  it('refuses a bad inventory upload whole and lists its problems by line', async () => {
    const page = await signIn(world, 'rj7_responder', '/import');
    await page.waitForURL('**/import');
    const good =
      'RJ7-PC-9,pc9,workstation,Dell,OptiPlex,,10.0.0.9,corporate,false,none,mozilla,firefox,52.0,,';
    const csv = [
      INVENTORY_HEADER,
      good,
      'RJ7-PC-10,pc10,toaster,Dell,OptiPlex,,10.0.0.10,corporate,false,none,mozilla,firefox,52.0,,',
      'RJ7-PC-11,pc11,workstation,Dell,OptiPlex,,10.0.0.11,corporate,maybe,none,mozilla,firefox,52.0,,',
    ].join('\n');
    await page.getByLabel('Organisation (ODS code)').fill('RJ7');
    await page.getByLabel('Inventory file').setInputFiles({
      name: 'bad-inventory.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${csv}\n`),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('heading', { name: 'Nothing was imported' }).waitFor();
    const rows = await page
      .locator('#problems-table tbody tr')
      .evaluateAll((r) => r.map((x) => [...x.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows.map((r) => r[1])).toEqual(['3', '4']);
    expect(rows[0]?.[0]).toBe('bad-inventory.csv');
    expect(rows[0]?.[2]).toMatch(/asset_type/);
    expect(rows[1]?.[2]).toMatch(/internet_facing/);
    await screenshot(page, 'import-problems');
    const assets = await apiJson<{ items: { assetId: string }[] }>(page, '/assets?org=RJ7');
    expect(assets.items.map((a) => a.assetId)).toEqual(['RJ7-PC-1', 'RJ7-PC-2']);
    await page.context().close();
  });
});
