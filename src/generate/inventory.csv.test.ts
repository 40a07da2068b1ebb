import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { InventoryAsset } from './asset.js';
import { makeComponent } from './component.model.js';
import { planFederation } from './federation.plan.js';
import {
  assetCsvRows,
  INVENTORY_CSV_HEADER,
  inventoryCsvChunks,
  inventoryCsvRows,
  inventoryRecord,
} from './inventory.csv.js';
import { generateInventory } from './inventory.generator.js';

function federationCsv(seed: number): string {
  const f = planFederation({ orgs: 60, devices: 3000, seed });
  let out = '';
  for (const org of f.organisations)
    for (const chunk of inventoryCsvChunks(generateInventory(f, org))) out += chunk;
  return out;
}

describe('inventory CSV', () => {
  it('has exactly the documented header', () => {
    expect(INVENTORY_CSV_HEADER).toBe(
      'asset_id,hostname,asset_type,manufacturer,model,os,ip,network_zone,internet_facing,clinical_criticality,vendor,product,version,cpe,purl',
    );
  });

  it('round-trips generated inventories through csv-parse', () => {
    const f = planFederation({ orgs: 60, devices: 3000, seed: 1 });
    for (const org of f.organisations.filter((o) => f.deviceCount(o.code) > 0).slice(0, 12)) {
      const assets = [...generateInventory(f, org)].slice(0, 150);
      const text = [...inventoryCsvChunks(assets, { chunkChars: 4096 })].join('');
      const [header, ...rows] = parse(text) as string[][];
      expect(header?.join(',')).toBe(INVENTORY_CSV_HEADER);
      const expected = assets.flatMap((a) => a.components.map((c) => inventoryRecord(a, c)));
      expect(rows).toEqual(expected);
    }
  });

  it('quotes awkward values so that they survive parsing', () => {
    const asset: InventoryAsset = {
      assetId: 'RXX-000001',
      hostname: 'RXX01WS001',
      assetType: 'workstation',
      manufacturer: 'Acme, "Medical" Ltd',
      model: 'Model\nTwo',
      os: ' Windows 10 ',
      ip: '10.10.0.1',
      networkZone: 'clinical',
      internetFacing: false,
      clinicalCriticality: 'low',
      components: [
        makeComponent({
          vendor: 'a,b',
          product: 'notepad++',
          version: '8.6',
          cpe: 'cpe:2.3:a:x:y\\,z:1:*:*:*:*:*:*:*',
        }),
        makeComponent({
          vendor: 'npm',
          product: 'lodash',
          version: '4.17.21',
          purl: 'pkg:npm/lodash@4.17.21',
        }),
      ],
    };
    const text = assetCsvRows(asset);
    expect(text.split('\n').length).toBeGreaterThan(2);
    expect(parse(text)).toEqual(asset.components.map((c) => inventoryRecord(asset, c)));
    expect([...inventoryCsvRows([asset])].join('')).toBe(text);
  });

  it('is byte-identical for the same seed and different for another', () => {
    const hash = (s: string) => createHash('sha256').update(s).digest('hex');
    const a = federationCsv(11);
    expect(hash(federationCsv(11))).toBe(hash(a));
    expect(hash(federationCsv(12))).not.toBe(hash(a));
  });

  it('yields chunks of about the requested size', () => {
    const f = planFederation({ orgs: 60, devices: 3000, seed: 1 });
    const trust = f.organisations.find((o) => o.kind === 'trust')!;
    const chunks = [...inventoryCsvChunks(generateInventory(f, trust), { chunkChars: 50_000 })];
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(50_000);
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
    expect([...inventoryCsvChunks([], { header: false })]).toEqual([]);
  });
});
