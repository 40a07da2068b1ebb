import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { compareSemver } from './semver.version.js';
import { expectAscending, expectEqual } from './version-order.test-helper.js';

describe('semver version scheme', () => {
  it('follows the SemVer 2.0.0 precedence example (§11)', () => {
    expectAscending('semver', [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '2.0.0',
      '2.1.0',
      '2.1.1',
    ]);
  });

  it('reads Go, NuGet, RubyGems and short versions', () => {
    expectAscending('semver', [
      'v0.0.0-20191109021931-daa7c04131f5',
      'v0.0.1',
      'v1.2.3',
      'v1.2.4+incompatible',
    ]);
    expectAscending('semver', ['1.2.3', '1.2.3.4', '1.2.4']);
    expectAscending('semver', ['1.0.0.beta1', '1.0.0.rc1', '1.0.0']);
    expectAscending('semver', ['latest', '0', '1.0rc1', '1.0']);
    expectEqual('semver', ['1', '1.0', '1.0.0', 'v1.0.0', '1.0.0+build.5']);
  });

  it('agrees with node-semver on valid SemVer strings', () => {
    const id = fc.oneof(
      fc.nat({ max: 20 }).map(String),
      fc.constantFrom('alpha', 'beta', 'rc', 'x-y', 'A', 'a1'),
    );
    const version = fc
      .tuple(
        fc.nat({ max: 3 }),
        fc.nat({ max: 3 }),
        fc.nat({ max: 12 }),
        fc.option(fc.array(id, { minLength: 1, maxLength: 3 })),
        fc.option(fc.constantFrom('build', 'sha.5114f85')),
      )
      .map(
        ([a, b, c, pre, build]) =>
          `${a}.${b}.${c}${pre ? `-${pre.join('.')}` : ''}${build ? `+${build}` : ''}`,
      );
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(Math.sign(compareSemver(a, b))).toBe(semver.compare(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
