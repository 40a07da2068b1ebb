import { describe, expect, it } from 'vitest';
import { compareMaven } from './maven.version.js';
import { expectAscending, expectEqual } from './version-order.test-helper.js';

describe('maven version scheme', () => {
  it("keeps Maven's ComparableVersionTest qualifier order", () => {
    expectAscending('maven', [
      '1-alpha2snapshot',
      '1-alpha2',
      '1-alpha-123',
      '1-beta-2',
      '1-beta123',
      '1-m2',
      '1-m11',
      '1-rc',
      '1-cr2',
      '1-rc123',
      '1-SNAPSHOT',
      '1',
      '1-sp',
      '1-sp2',
      '1-sp123',
      '1-abc',
      '1-def',
      '1-pom-1',
      '1-1-snapshot',
      '1-1',
      '1-2',
      '1-123',
    ]);
  });

  it("keeps Maven's ComparableVersionTest number order", () => {
    expectAscending('maven', [
      '2.0',
      '2-1',
      '2.0.a',
      '2.0.0.a',
      '2.0.2',
      '2.0.123',
      '2.1.0',
      '2.1-a',
      '2.1b',
      '2.1-c',
      '2.1-1',
      '2.1.0.1',
      '2.2',
      '2.123',
      '11.a2',
      '11.a11',
      '11.b2',
      '11.b11',
      '11.m2',
      '11.m11',
      '11',
      '11.a',
      '11b',
      '11c',
      '11m',
    ]);
  });

  it("keeps Maven's equalities", () => {
    expectEqual('maven', [
      '1',
      '1.0',
      '1.0.0',
      '1-0',
      '1.0-0',
      '1ga',
      '1-ga',
      '1.final',
      '1-release',
      '1.0.0.RELEASE',
    ]);
    expectEqual('maven', ['1a1', '1-a1', '1-alpha-1', '1alpha1']);
    expectEqual('maven', ['1cr', '1rc', '1-rc', '1.0-RC']);
    expectEqual('maven', ['1x', '1-x']);
  });

  it('orders real artifact versions', () => {
    expectAscending('maven', [
      '2.0-beta9',
      '2.0-rc1',
      '2.0-rc2',
      '2.0',
      '2.0.1',
      '2.3.1',
      '2.12.2',
      '2.14.1',
      '2.15.0',
      '2.17.1',
    ]);
    expectAscending('maven', ['5.0.0.M1', '5.0.0.RC1', '5.0.0.RELEASE', '5.0.1.RELEASE']);
    expectAscending('maven', ['31.0-jre', '31.1-android', '31.1-jre', '32.0.0-jre']);
    expectAscending('maven', ['2.9.10', '2.9.10.1', '2.9.10.8', '2.10.0']);
    // As in Maven, an unknown qualifier ranks above the release: Jackson's 2.10.0.pr1 sorts after 2.10.0.
    expect(compareMaven('2.10.0.pr1', '2.10.0')).toBeGreaterThan(0);
  });

  it('documents its one deliberate break with Maven (.word against -list)', () => {
    // Maven says 1-alpha > 1.sp although 1-alpha < 1 < 1.sp; Ward keeps transitivity.
    expect(compareMaven('1-alpha', '1')).toBeLessThan(0);
    expect(compareMaven('1', '1.sp')).toBeLessThan(0);
    expect(compareMaven('1-alpha', '1.sp')).toBeLessThan(0);
  });
});
