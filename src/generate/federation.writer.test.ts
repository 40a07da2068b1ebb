import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { planFederation } from './federation.plan.js';
import { ORGS_CSV_HEADER, writeFederation } from './federation.writer.js';
import { INVENTORY_CSV_HEADER } from './inventory.csv.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ward-generate-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function digest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(join(dir, 'orgs.csv')));
  for (const name of (await readdir(join(dir, 'inventory'))).sort()) {
    hash.update(name);
    hash.update(await readFile(join(dir, 'inventory', name)));
  }
  return hash.digest('hex');
}

describe('writeFederation', () => {
  const params = { orgs: 80, devices: 1200, seed: 3 };

  it('writes orgs.csv and one inventory file per organisation with devices', async () => {
    const dir = await tempDir();
    const seen: string[] = [];
    const result = await writeFederation(dir, params, { onInventory: (org) => seen.push(org.code) });
    const federation = planFederation(params);
    const withDevices = federation.organisations.filter((o) => federation.deviceCount(o.code) > 0);
    expect(result).toMatchObject({ organisations: 80, inventoryFiles: withDevices.length, devices: 1200 });
    expect(seen).toEqual(withDevices.map((o) => o.code));

    const orgs = parse(await readFile(join(dir, 'orgs.csv'), 'utf8')) as string[][];
    expect(orgs[0]?.join(',')).toBe(ORGS_CSV_HEADER);
    expect(orgs.slice(1)).toEqual(
      federation.organisations.map((o) => [o.code, o.name, o.kind, o.parentCode ?? '']),
    );

    const files = (await readdir(join(dir, 'inventory'))).sort();
    expect(files).toEqual(withDevices.map((o) => `${o.code}.csv`).sort());
    let rows = 0;
    for (const file of files) {
      const [header, ...body] = parse(await readFile(join(dir, 'inventory', file), 'utf8')) as string[][];
      expect(header?.join(',')).toBe(INVENTORY_CSV_HEADER);
      expect(body.every((r) => r[0]?.startsWith(`${file.replace('.csv', '')}-`))).toBe(true);
      rows += body.length;
    }
    expect(rows).toBe(result.rows);
  });

  it('writes byte-identical files for the same parameters', async () => {
    const a = await tempDir();
    const b = await tempDir();
    await writeFederation(a, params);
    await writeFederation(b, planFederation(params));
    expect(await digest(b)).toBe(await digest(a));
  });
});
