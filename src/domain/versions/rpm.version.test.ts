import { describe, expect, it } from 'vitest';
import { compareRpm } from './rpm.version.js';
import { expectAscending, expectEqual } from './version-order.test-helper.js';

describe('rpm version scheme', () => {
  it('follows rpmvercmp for letters, numbers, ~ and ^', () => {
    expectAscending('rpm', ['1.0~rc1', '1.0', '1.0^git1', '1.0a', '1.0.0', '1.0.1', '1.1']);
    expectAscending('rpm', ['1.0a', '1.0b', '1.0B'].sort(compareRpm));
    expect(compareRpm('1.0B', '1.0a')).toBeLessThan(0);
    expect(compareRpm('1.0', '1.0.0')).toBeLessThan(0);
  });

  it('compares epoch, then version, then release', () => {
    expectAscending('rpm', ['7.50.3-1.fc25', '7.50.3-2.fc25', '7.51.0-1.fc25', '1:7.0-1']);
    expectAscending('rpm', ['1.0-2', '1.0.1-1']);
    expectAscending('rpm', ['2.17-260.el7', '2.17-317.el7', '2.17-317.el7_9.1']);
  });

  it('ignores separators and leading zeros', () => {
    expectEqual('rpm', ['1.0', '1_0', '1.0.', '01.00', '0:1.0']);
  });
});
