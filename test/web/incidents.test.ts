/**
 * Incidents in Chromium: a practice manager reports a phishing incident with the sender's address
 * through the short form; the centre triages it and shares the sender as TLP:GREEN; another
 * practice records a sighting from the indicator's page, and two more organisations theirs; the
 * practice sees "3 organisations saw this" and the timeline from both sides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { addUser } from '../../src/services/access/user.service.js';
import { sightIndicator } from '../../src/services/sharing/indicator.service.js';
import { ADMIN_CLI, TEST_PASSWORD, type TestUser } from '../factories/identity.factory.js';
import { openTestDatabase } from '../setup/engines.js';
import { apiJson, axeViolations, screenshot, signIn, startWebWorld, type WebWorld } from './web-world.js';

const PM = 'pm_h85001' as TestUser;
/** Another practice's manager, who records a sighting from the indicator's page. */
const OTHER_PM = 'pm_h85002' as TestUser;

describe('incidents in Chromium', () => {
  let database: Database;
  let world: WebWorld;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    world = await startWebWorld(database);
    await addUser(database, ADMIN_CLI, {
      username: PM,
      password: TEST_PASSWORD,
      org: 'H85001',
      role: 'responder',
    });
    await addUser(database, ADMIN_CLI, {
      username: OTHER_PM,
      password: TEST_PASSWORD,
      org: 'H85002',
      role: 'responder',
    });
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  it('reports, triages, shares the sender and shows sightings and the timeline', async () => {
    const pm = await signIn(world, PM, '/');
    await pm.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
    await pm.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    await pm.getByRole('link', { name: 'Report an incident' }).click();
    await pm.getByRole('heading', { level: 1, name: 'Report an incident' }).waitFor();
    expect(await pm.getByLabel('Your organisation (its code)').inputValue()).toBe('H85001');
    await pm.getByLabel('In a few words, what happened?').fill('Fake invoice e-mail');
    await pm.getByRole('radio', { name: /Phishing/ }).check();
    await pm
      .getByLabel('Describe what happened')
      .fill('Our receptionist typed her password into a fake page.');
    await pm.getByLabel(/When did it start/).fill('2026-05-04T07:30');
    await pm.getByLabel('When did you notice it?').fill('2026-05-04T08:00');
    await pm
      .getByLabel(/h85001-pc-1/i)
      .first()
      .check();
    await pm.getByLabel('Appointments or procedures delayed').fill('2');
    await pm.getByRole('radio', { name: 'No' }).check();
    await pm.getByLabel(/What did you see\?/).fill('invoices@evil-supplier[.]example');
    const serious = (await axeViolations(pm)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
    await pm.getByRole('button', { name: 'Send the report' }).click();
    await pm.waitForURL(/\/incidents\/INC-\d{4}-\d{6}$/);
    const reference = pm.url().split('/').at(-1) as string;
    await pm.getByRole('heading', { level: 1, name: `${reference}: Fake invoice e-mail` }).waitFor();
    expect(await pm.locator('[data-field="status"]').first().textContent()).toBe('Reported');
    expect(await pm.locator('#incident-assets').textContent()).toMatch(/h85001-pc-1/i);
    // The practice cannot triage.
    expect(await pm.getByRole('form', { name: 'Triage' }).count()).toBe(0);

    const centre = await signIn(world, 'nat_analyst', '/incidents');
    await centre.locator(`tr[data-incident="${reference}"]`).getByRole('link', { name: reference }).click();
    const triage = centre.getByRole('form', { name: 'Triage' });
    await triage.waitFor();
    await triage.getByLabel('Severity').selectOption('high');
    await triage.getByLabel('Lead analyst').fill('Duty analyst');
    await triage.getByLabel(/Significant/).check();
    await triage.getByRole('button', { name: 'Triage' }).click();
    await centre.locator('[data-field="status"]', { hasText: 'Triaged' }).waitFor();
    const row = centre.locator('tr[data-indicator="invoices@evil-supplier.example"]');
    await row.getByLabel('Marking').selectOption('GREEN');
    await row.getByRole('button', { name: 'Share indicator' }).click();
    await row.locator('[data-field="shared"]', { hasText: 'TLP:GREEN' }).waitFor();
    const alertForm = centre.getByRole('form', { name: 'Raise an alert' });
    await alertForm
      .getByLabel('Advice: what should organisations do?')
      .fill('Block the sender; reset passwords.');
    await alertForm.getByLabel(/^Targets/).fill('org:H85002');
    await alertForm.getByLabel(/Also the organisations that saw/).uncheck();
    await alertForm.getByRole('button', { name: 'Issue the alert' }).click();
    await alertForm
      .getByRole('status')
      .filter({ hasText: /issued to 1 organisations/ })
      .waitFor();
    await screenshot(centre, 'incident-centre');

    const detail = await apiJson<{ indicators: { shared: { stixId: string } | null }[] }>(
      centre,
      `/incidents/${reference}`,
    );
    const stixId = detail.indicators[0]?.shared?.stixId as string;
    // Another practice sees the GREEN sender in its indicator list and says it saw it too.
    const other = await signIn(world, OTHER_PM, '/indicators');
    await other.locator('#indicators-table tr[data-indicator="invoices@evil-supplier.example"] a').click();
    await other.getByRole('button', { name: 'We saw this too' }).click();
    await other.getByRole('status').getByText('Recorded for H85002.').waitFor();
    // Two more organisations report theirs (over the CLI or API, as a trust's SOC would).
    for (const org of ['H85001', 'A84001']) await sightIndicator(database, ADMIN_CLI, stixId, org);

    await pm.reload();
    const seen = pm.locator('tr[data-indicator="invoices@evil-supplier.example"] [data-field="sightings"]');
    await seen.waitFor();
    expect(await seen.textContent()).toBe('3 organisations saw this');
    const timeline = pm.locator('#incident-timeline li');
    expect(await timeline.evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')))).toEqual([
      'report',
      'triage',
      'share',
      'alert',
    ]);
    expect(await pm.locator('#incident-timeline').textContent()).toContain(
      'X26 (user:nat_analyst): triage → Triaged',
    );
    expect(await pm.locator('tr[data-deadline="full-report"]').count()).toBe(1);
    await pm.getByLabel('What has happened since?').fill('Passwords reset, sender blocked.');
    await pm.getByLabel('New status').selectOption('contained');
    await pm.getByRole('button', { name: 'Add the update' }).click();
    await pm.locator('[data-field="status"]', { hasText: 'Contained' }).waitFor();
    const after = (await axeViolations(pm)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(after, JSON.stringify(after, null, 2)).toEqual([]);
    await screenshot(pm, 'incident-practice');
    await pm.context().close();
    await centre.context().close();
    await other.context().close();
  }, 180_000);
});
