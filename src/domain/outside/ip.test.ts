import { describe, expect, it } from 'vitest';
import { AddressTable } from './address-table.js';
import { formatIp, parseIp, parseRange, rangeHolds } from './ip.js';

const range = (text: string) => {
  const r = parseRange(text);
  if (!r.ok) throw new Error(r.reason);
  return r;
};

describe('IP addresses and ranges', () => {
  it('parses both families and prints them as PostgreSQL does', () => {
    expect(parseIp('192.0.2.10')).toEqual({ family: 4, value: 3221225994 });
    expect(parseIp('255.255.255.255')?.value).toBe(2 ** 32 - 1);
    const v6 = parseIp('2001:DB8::1');
    expect(v6 && formatIp(6, v6.value)).toBe('2001:db8::1');
    expect(formatIp(6, parseIp('2001:db8:0:0:1:0:0:1')?.value as bigint)).toBe('2001:db8::1:0:0:1');
    expect(formatIp(6, parseIp('::ffff:192.0.2.1')?.value as bigint)).toBe('::ffff:192.0.2.1');
    expect(formatIp(6, parseIp('::192.0.2.1')?.value as bigint)).toBe('::192.0.2.1');
    expect(formatIp(6, 1n)).toBe('::1');
    expect(formatIp(6, 1n << 112n)).toBe('1::');
    expect(formatIp(6, 0n)).toBe('::');
    for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4', '1:2:3', '1::2::3', '2001:db8::1/64', 'x', ''])
      expect(parseIp(bad), bad).toBeNull();
  });

  it('parses ranges, refuses host bits with the range meant, and takes a bare address as a host route', () => {
    expect(range('10.1.0.0/16').text).toBe('10.1.0.0/16');
    expect(range('192.0.2.7').text).toBe('192.0.2.7/32');
    expect(range('2001:db8::/32').text).toBe('2001:db8::/32');
    expect(range('0.0.0.0/0').network).toBe(0);
    const bad = parseRange('10.1.2.3/16');
    expect(bad).toEqual({ ok: false, reason: expect.stringContaining('did you mean 10.1.0.0/16') });
    expect(parseRange('10.0.0.0/33').ok).toBe(false);
    expect(parseRange('2001:db8::/129').ok).toBe(false);
    expect(rangeHolds(range('10.0.0.0/8'), range('10.1.0.0/16'))).toBe(true);
    expect(rangeHolds(range('10.1.0.0/16'), range('10.0.0.0/8'))).toBe(false);
    expect(rangeHolds(range('10.0.0.0/8'), range('2001:db8::/32'))).toBe(false);
  });
});

describe('longest-prefix attribution', () => {
  const table = new AddressTable(
    [
      { range: range('10.0.0.0/8'), owner: 'ICB' },
      { range: range('10.1.0.0/16'), owner: 'TRUST' },
      { range: range('10.1.2.0/24'), owner: 'SITE' },
      { range: range('2001:db8::/32'), owner: 'ICB' },
      { range: range('2001:db8:ab::/48'), owner: 'TRUST' },
      { range: range('203.0.113.0/24'), owner: 'ICB' },
      { range: range('203.0.113.0/24'), owner: 'PRACTICE' },
    ],
    (a, b) => (a === 'ICB' ? b : a),
  );

  it('gives an address to the most specific range, in either family', () => {
    expect(table.lookup('10.1.2.200')).toEqual({ owner: 'SITE', range: '10.1.2.0/24' });
    expect(table.lookup('10.1.3.1')?.owner).toBe('TRUST');
    expect(table.lookup('10.200.0.1')?.owner).toBe('ICB');
    expect(table.lookup('2001:db8:ab:1::5')?.owner).toBe('TRUST');
    expect(table.lookup('2001:db8:ac::5')?.owner).toBe('ICB');
    expect(table.lookup('11.0.0.1')).toBeNull();
    expect(table.lookup('not an address')).toBeNull();
    expect(table.size).toBe(6);
  });

  it('lets the chooser decide between two owners of one range', () => {
    expect(table.lookup('203.0.113.9')?.owner).toBe('PRACTICE');
  });
});
