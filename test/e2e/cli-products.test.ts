/**
 * `ward products` as a user runs it: the shipped register listed and shown, a bad file refused with
 * every problem as FILE:LINE and exit 2 (nothing imported), a good one read back, and the policy
 * findings of an organisation's inventory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryCsv } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

const HEADER =
  'key,name,vendor,category,status,use,standard,certificate_ref,certified_on,expires_on,end_of_life,source,notes';

describe('ward products [pglite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-products-'));
  const env: Record<string, string> = { WARD_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  beforeAll(async () => {
    seedMigratedDataDir(env.WARD_DATA_DIR as string);
    writeFileSync(join(dir, 'orgs.csv'), orgCsv());
    expect((await runWard(['org', 'import', join(dir, 'orgs.csv')], env)).code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists and shows the shipped register', async () => {
    const list = await runWard(
      ['products', 'list', '--category', 'messaging', '--status', 'not-approved', '--json'],
      env,
    );
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((p: { key: string }) => p.key)).toEqual([
      'a:telegram:telegram',
      'a:whatsapp:whatsapp',
    ]);
    const show = await runWard(['products', 'show', 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*'], env);
    expect(show.stdout).toContain('Windows 7 (o:microsoft:windows_7)');
    expect(show.stdout).toContain('- end-of-life since 2020-01-14');
  }, 120_000);

  it('refuses a bad file with every problem as FILE:LINE and exit 2, then imports a good one', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      `${HEADER}\na:acme:chat,Acme Chat,Acme,messaging,certified,patient-data,,,,,,,\nzoom,Zoom,Zoom,video-conferencing,approved,,,,,,,,\n`,
    );
    const refused = await runWard(['products', 'import', bad], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${bad}:2: a certified product names its standard (standard)`);
    expect(refused.stderr).toContain(`${bad}:3: key "zoom" is not a match key`);
    expect((await runWard(['products', 'show', 'a:acme:chat'], env)).code).not.toBe(0);
    const good = join(dir, 'good.csv');
    writeFileSync(
      good,
      `${HEADER}\na:acme:chat,Acme Chat,Acme,messaging,certified,patient-data,DTAC,D-7,2025-06-01,2027-05-31,,,\n`,
    );
    const imported = await runWard(['products', 'import', good, '--json'], env);
    expect(JSON.parse(imported.stdout)).toMatchObject({ products: 1, statuses: 1, added: 1 });
    const show = await runWard(['products', 'show', 'a:acme:chat', '--json'], env);
    expect(JSON.parse(show.stdout)).toMatchObject({
      shipped: false,
      statuses: [{ status: 'certified', use: 'patient-data', standard: 'DTAC', expiresOn: '2027-05-31' }],
    });
  }, 120_000);

  it("reports products the register rules out on an organisation's devices", async () => {
    const inventory = join(dir, 'inventory.csv');
    writeFileSync(
      inventory,
      inventoryCsv([
        {
          id: 'PUMP-1',
          type: 'medical_device',
          components: ['cpe:2.3:a:whatsapp:whatsapp:2.23.1:*:*:*:*:*:*:*'],
        },
        { id: 'PC-1', components: ['cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*'] },
      ]),
    );
    expect((await runWard(['inventory', 'import', '--org', 'RJ7', inventory], env)).code).toBe(0);
    const findings = await runWard(['products', 'findings', '--org', 'RJ7', '--json'], env);
    expect(
      JSON.parse(findings.stdout).map(
        (f: { product: { key: string }; status: string; priority: string; devices: number }) =>
          `${f.priority} ${f.product.key} ${f.status} ${f.devices}`,
      ),
    ).toEqual(['high a:whatsapp:whatsapp not-approved 1', 'medium o:microsoft:windows_7 end-of-life 1']);
  }, 120_000);
});
