import { describe, expect, it } from 'vitest';
import { compareGeneric, parseGenericVersion } from './generic.version.js';
import { expectAscending, expectEqual } from './version-order.test-helper.js';

describe('generic version scheme', () => {
  it('orders OpenSSL letter releases after their base release (CVE-2014-0160 bounds)', () => {
    expectAscending('generic', [
      '1.0.0',
      '1.0.1-beta1',
      '1.0.1',
      '1.0.1a',
      '1.0.1f',
      '1.0.1g',
      '1.0.1.1',
      '1.0.2',
    ]);
    expectAscending('generic', ['0.9.8', '0.9.8a', '0.9.8z', '0.9.8za', '0.9.8zb', '0.9.8zh', '1.0.0']);
  });

  it('orders Log4j pre-releases before the release (CVE-2021-44228 bounds)', () => {
    expectAscending('generic', [
      '2.0-alpha1',
      '2.0-beta9',
      '2.0-rc1',
      '2.0-rc2',
      '2.0',
      '2.0.1',
      '2.3.1',
      '2.12.2',
      '2.15.0',
    ]);
    expectAscending('generic', [
      '1.0-dev',
      '1.0-alpha',
      '1.0-beta',
      '1.0.M1',
      '1.0-preview1',
      '1.0-rc1',
      '1.0-SNAPSHOT',
      '1.0',
    ]);
  });

  it('orders Siemens letter releases (4.0 < 4.0e < 5.0a)', () => {
    expectAscending('generic', ['3.9', '4.0', '4.0a', '4.0d', '4.0e', '4.1', '5.0', '5.0a']);
  });

  it('orders Windows builds numerically', () => {
    expectAscending('generic', [
      '10.0.10240.20469',
      '10.0.17763.2452',
      '10.0.19041.1234',
      '10.0.19044.3570',
      '10.0.19044.4046',
      '10.0.22621.2428',
    ]);
  });

  it('orders Cisco parenthesised releases and Fortinet releases', () => {
    expectAscending('generic', [
      '11.5(1)',
      '11.5(1)su3',
      '11.5(1.10000.6)',
      '11.5(2)',
      '12.5(1)',
      '12.6(1)',
      '12.6(2)',
    ]);
    expectAscending('generic', ['5.4.6', '5.4.12', '5.4.13', '5.6.3', '6.0.0', '6.0.4', '6.0.5', '6.2.0']);
    expectAscending('generic', ['2.0(1a)', '2.0(1b)', '2.0(1p)', '2.0(2)']);
  });

  it('orders dates, Citrix builds and D-Link suffixes', () => {
    expectAscending('generic', ['2021-12-11', '2021-12-13', '2021-12-16', '2022-01-01']);
    expectAscending('generic', ['12.1-55.300', '12.1-55.302', '13.0-92.19', '13.0-92.21', '13.1-37.164']);
    expectAscending('generic', ['8.6.2', '8.6.2j', '8.6.2j-398', '8.6.3']);
  });

  it('treats trailing zeros, separators, case, a leading v and release words as insignificant', () => {
    expectEqual('generic', ['1', '1.0', '1.0.0', 'v1', '1.0.RELEASE', '1-final', '1.GA']);
    expectEqual('generic', ['2.0-rc1', '2.0.0-RC1', '2.0rc1', '2.0_rc_1']);
    expectEqual('generic', ['12.6(1)', '12.6.1', '12.06.01']);
    expectEqual('generic', ['1.0a', '1.0.0a', '1.0A']);
  });

  it('reads one-letter tags as pre-release only after a separator and before a digit', () => {
    expect(compareGeneric('1.0.M1', '1.0')).toBeLessThan(0);
    expect(compareGeneric('2.0-b2', '2.0')).toBeLessThan(0);
    expect(compareGeneric('1.0b', '1.0')).toBeGreaterThan(0);
    expect(compareGeneric('1.05b01', '1.05')).toBeGreaterThan(0);
    expect(parseGenericVersion('b.11.23')[0]).toEqual({ kind: 'post', text: 'b' });
  });

  it('is total on odd input', () => {
    expect(compareGeneric('', '0')).toBe(0);
    expect(compareGeneric('*', '')).toBe(0);
    expect(compareGeneric('é', 'e')).not.toBe(0);
    expectAscending('generic', ['', '1', '1.0.1']);
  });
});
