import { describe, expect, it } from 'vitest';
import { compareDebian, parseDebianVersion } from './debian.version.js';
import { expectAscending, expectEqual } from './version-order.test-helper.js';

describe('debian version scheme', () => {
  it('sorts ~ before everything, even the end (Debian Policy 5.6.12)', () => {
    expectAscending('debian', ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a', '1.0+b1', '1.0.1']);
    expectAscending('debian', ['2.30~rc1-1', '2.30-1', '2.30-1+deb10u1', '2.30-2']);
  });

  it('compares epoch first, then upstream, then revision', () => {
    expectAscending('debian', ['9.9-9', '1:0.1-1', '1:2.31-13', '1:2.31-13+deb11u5', '2:0']);
    expectAscending('debian', [
      '1.1.1n-0+deb11u3',
      '1.1.1n-0+deb11u4',
      '1.1.1o-1',
      '3.0.11-1~deb12u2',
      '3.0.11-1',
    ]);
  });

  it('treats a missing revision as 0 and leading zeros as insignificant', () => {
    expectEqual('debian', ['1.0', '1.0-0', '0:1.0', '1.00', '01.0-00']);
    expect(compareDebian('1.0', '1.0.0')).toBeLessThan(0);
  });

  it('splits the revision at the last hyphen', () => {
    expect(parseDebianVersion('1:2.0-rc1-3').revision).toEqual([{ text: '', digits: '3' }]);
    expect(parseDebianVersion('abc:1').epoch).toBe('');
  });
});
