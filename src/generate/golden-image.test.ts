import { describe, expect, it } from 'vitest';
import { SMB1, WINDOWS_DESKTOP } from './catalogues/operating-system.catalog.js';
import { buildImage, deviceComponents } from './golden-image.js';
import { Prng } from './prng.js';
import { plainProduct } from './product.model.js';

const lib = plainProduct('v', 'lib', ['{0..20}']);
const os = WINDOWS_DESKTOP.w7.product;
const parts = [
  { product: os, index: 0 },
  { product: SMB1, index: 0 },
  { product: lib, index: 10 },
  { product: lib, index: 10 },
  { product: lib, index: 12 },
];

describe('golden images', () => {
  const image = buildImage('Windows 7 Enterprise SP1', parts, true);

  it('keep the first of repeated identities and find the SMBv1 row', () => {
    expect(image.components.map((c) => c.version)).toEqual(['6.1.7601', '1.0', '10', '12']);
    expect(image.smb1At).toBe(1);
    expect(image.identities.size).toBe(4);
  });

  it('give drift-free devices the shared component array', () => {
    expect(deviceComponents(image, new Prng(1), { drift: 0, smb1Flip: 0 })).toBe(image.components);
  });

  it('drift a few versions without repeating an identity', () => {
    const rng = new Prng(2);
    let changed = 0;
    for (let i = 0; i < 500; i++) {
      const c = deviceComponents(image, rng, { drift: 1, smb1Flip: 0 });
      expect(c).toHaveLength(image.components.length);
      expect(new Set(c.map((x) => x.identity)).size).toBe(c.length);
      const diff = c.filter((x, j) => x !== image.components[j]).length;
      expect(diff).toBeLessThanOrEqual(4);
      if (diff > 0) changed++;
    }
    expect(changed).toBeGreaterThan(300);
  });

  it('switch SMBv1 the other way on some Windows devices', () => {
    const off = deviceComponents(image, new Prng(3), { drift: 0, smb1Flip: 1 });
    expect(off.some((c) => c.product === 'server_message_block')).toBe(false);
    const without = buildImage('Windows 10', [parts[0]!, parts[2]!], true);
    const on = deviceComponents(without, new Prng(3), { drift: 0, smb1Flip: 1 });
    expect(on[1]?.cpe).toBe('cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*');
    const appliance = buildImage('Firmware', [parts[2]!], false);
    expect(deviceComponents(appliance, new Prng(3), { drift: 0, smb1Flip: 1 })).toBe(appliance.components);
  });
});
