import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectInventoryFormat, readInventory } from './read-inventory.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/inventory/', import.meta.url));
const fixture = (name: string) => path.join(fixtures, name);

/** The text cut into chunks of `size` bytes, as a stream or an upload delivers it. */
async function* chunks(text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('detectInventoryFormat', () => {
  it('tells CycloneDX, osquery JSON and inventory CSV apart by their first bytes', () => {
    expect(detectInventoryFormat(readFileSync(fixture('cyclonedx-ultrasound-cart.cdx.json'), 'utf8'))).toBe(
      'cyclonedx',
    );
    expect(detectInventoryFormat(readFileSync(fixture('osquery-windows7-host.json'), 'utf8'))).toBe(
      'osquery',
    );
    expect(detectInventoryFormat(readFileSync(fixture('wannacry-estate.csv'), 'utf8'))).toBe('csv');
    expect(detectInventoryFormat('\uFEFF  asset_id,cpe\nPC-1,x\n')).toBe('csv');
    expect(detectInventoryFormat('hello world\n')).toBeNull();
  });
});

describe('readInventory', () => {
  it('reads each format from a file stream with the importer it detects', async () => {
    const csv = await readInventory('estate.csv', createReadStream(fixture('wannacry-estate.csv')));
    expect(csv.problems).toEqual([]);
    expect(csv.assets.length).toBeGreaterThan(1);
    const sbom = await readInventory(
      'cart.json',
      createReadStream(fixture('cyclonedx-ultrasound-cart.cdx.json')),
      undefined,
      {
        assetKey: 'US-CART-7',
      },
    );
    expect(sbom.problems).toEqual([]);
    expect(sbom.assets[0]?.assetKey).toBe('US-CART-7');
    const host = await readInventory('ws.json', createReadStream(fixture('osquery-windows7-host.json')));
    expect(host.assets.map((a) => a.assetKey)).toEqual(['WS-ED-0142']);
  });

  it('reads the same assets whether the bytes arrive whole or a few at a time across the detection window', async () => {
    const text = readFileSync(fixture('osquery-windows7-host.json'), 'utf8');
    const whole = await readInventory('ws.json', [text]);
    const dribbled = await readInventory('ws.json', chunks(text, 7));
    expect(dribbled).toEqual(whole);
    expect(whole.assets).toHaveLength(1);
  });

  it('uses the format it is given rather than guessing', async () => {
    const csvAsOsquery = await readInventory(
      'pcs.csv',
      ['asset_id,cpe\nPC-1,cpe:2.3:a:x:y:1:*:*:*:*:*:*:*\n'],
      'osquery',
    );
    expect(csvAsOsquery.assets).toEqual([]);
    expect(csvAsOsquery.problems.length).toBeGreaterThan(0);
  });

  it('returns a problem naming the file for an empty file and for one in no known format, reading it to its end', async () => {
    expect(await readInventory('empty.csv', [])).toEqual({
      file: 'empty.csv',
      assets: [],
      problems: [{ file: 'empty.csv', line: 0, reason: 'empty file' }],
    });
    let read = 0;
    async function* prose() {
      for (let i = 0; i < 100; i++) {
        read++;
        yield Buffer.from('not an inventory at all, just prose. '.repeat(10));
      }
    }
    const unknown = await readInventory('notes.txt', prose());
    expect(unknown.assets).toEqual([]);
    expect(unknown.problems).toEqual([
      {
        file: 'notes.txt',
        line: 1,
        reason:
          'not an inventory CSV, CycloneDX or osquery JSON file (name its format: csv, cyclonedx, osquery)',
      },
    ]);
    expect(read).toBe(100);
  });
});
