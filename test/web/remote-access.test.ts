/**
 * The remote-working pages in Chromium: the national view of remote-access products in use with
 * their open known-exploited flaws, the nav link for national, regional and ICB roles only, and a
 * KEV-drafted alert reviewed and issued from the alerts page in one step.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { loadKev } from '../../src/services/intel/intel-load.service.js';
import { INTEL_SNAPSHOT_DIR } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv } from '../factories/inventory.factory.js';
import { openTestDatabase } from '../setup/engines.js';
import { apiJson, axeViolations, screenshot, signIn, startWebWorld, type WebWorld } from './web-world.js';

const CVE = 'CVE-2024-21762';

/** The real KEV entry for the FortiOS flaw, as a later release of the catalogue that updates its notes. */
function updatedKevEntry(): Buffer {
  const all = JSON.parse(
    gunzipSync(
      readFileSync(join(INTEL_SNAPSHOT_DIR, 'kev', 'known_exploited_vulnerabilities.json.gz')),
    ).toString(),
  ) as { vulnerabilities: Record<string, unknown>[] } & Record<string, unknown>;
  const vulnerabilities = all.vulnerabilities
    .filter((v) => v.cveID === CVE)
    .map((v) => ({ ...v, notes: `${v.notes} ; updated` }));
  return Buffer.from(JSON.stringify({ ...all, count: 1, vulnerabilities }));
}

describe('remote-working pages in Chromium', () => {
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
          id: 'RJ7-FW-1',
          type: 'network',
          internetFacing: true,
          components: ['cpe:2.3:o:fortinet:fortios:7.2.5:*:*:*:*:*:*:*'],
        },
      ]),
      'firewalls',
    );
    const loaded = await loadKev(database, updatedKevEntry(), { name: 'kev-update.json' });
    expect(loaded.alertDrafts).toBe(1);
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  it('shows the national remote-access view with the open known-exploited flaw', async () => {
    const page = await signIn(world, 'nat_analyst', '/');
    await page.getByRole('link', { name: 'Remote working' }).click();
    await page.getByRole('heading', { level: 1, name: 'Remote-working tools' }).waitFor();
    const row = page.locator('#remote-access-table tr[data-product="fortinet-fortios"]');
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Fortinet FortiOS SSL-VPN (FortiGate)');
    expect(text).toContain(`${CVE}: 1 organisations, 1 devices; due`);
    expect(text).toContain('RJ7');
    const view = await apiJson<{ products: { id: string; internetFacing: number }[] }>(
      page,
      '/remote-access',
    );
    expect(view.products.find((p) => p.id === 'fortinet-fortios')?.internetFacing).toBe(1);
    const serious = (await axeViolations(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
    await screenshot(page, 'remote-access');
    await page.context().close();
  });

  it('links the view for an ICB lead, within their subtree, and not for a trust', async () => {
    const icb = await signIn(world, 'qwe_admin', '/');
    await icb.getByRole('link', { name: 'Remote working' }).click();
    await icb.locator('#remote-access-table tr[data-product="fortinet-fortios"]').waitFor();
    await icb.goto('/remote-access?org=RAL');
    await icb.getByRole('heading', { name: 'Not found, or not yours' }).waitFor();
    await icb.context().close();
    const trust = await signIn(world, 'rj7_viewer', '/');
    await trust.getByRole('link', { name: 'Alerts' }).waitFor();
    expect(await trust.getByRole('link', { name: 'Remote working' }).count()).toBe(0);
    await trust.context().close();
  });

  it('lets the national analyst review the KEV-drafted alert and issue it in one step', async () => {
    const page = await signIn(world, 'nat_analyst', '/alerts');
    await page.getByRole('heading', { level: 2, name: 'Drafts to review' }).waitFor();
    const draft = page.locator('article[data-draft]');
    await expect.poll(() => draft.count()).toBe(1);
    const text = (await draft.textContent()) ?? '';
    expect(text).toContain(`[critical] Exploited flaw in Fortinet FortiOS SSL-VPN (FortiGate): ${CVE}`);
    expect(text).toContain('Targets (1): org:RJ7');
    const serious = (await axeViolations(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
    await screenshot(page, 'alert-drafts');
    await draft.getByRole('button', { name: 'Issue' }).click();
    await page.waitForURL(/\/alerts\/WA-\d{4}-\d{4}$/);
    const reference = page.url().split('/').pop() as string;
    const status = await apiJson<{ targets: { code: string }[] }>(
      page,
      `/alerts/${reference}/status?targets=true`,
    );
    expect(status.targets.map((t) => t.code)).toEqual(['RJ7']);
    const drafts = await apiJson<{ id: string; state: string; issued: { reference: string } | null }[]>(
      page,
      '/alert-drafts?all=true',
    );
    expect(drafts).toMatchObject([{ state: 'issued', issued: { reference } }]);
    await page.goto('/alerts');
    await page.getByText('No drafts to review').waitFor();
    await page.context().close();
  });
});
