import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VersionScheme } from '../rules/match-rule.js';
import { compareVersions, VERSION_SCHEMES, versionSortKey } from './version-scheme.js';

/** Version-shaped strings built from each scheme's interesting pieces. */
const PIECES: Record<VersionScheme, string[]> = {
  generic: [
    '0',
    '1',
    '2',
    '9',
    '10',
    '007',
    '19041',
    'a',
    'b',
    'c',
    'm',
    'f',
    'z',
    'za',
    'su',
    'sp',
    'v',
    'beta',
    'rc',
    'alpha',
    'dev',
    'pre',
    'preview',
    'snapshot',
    'milestone',
    'final',
    'ga',
    'RC',
    '.',
    '.',
    '-',
    '_',
    '(',
    ')',
    '+',
  ],
  semver: ['0', '1', '2', '10', '01', 'v', 'alpha', 'beta', 'rc', 'A', 'x-y', '.', '.', '.', '-', '+', '_'],
  maven: [
    '0',
    '1',
    '2',
    '10',
    'a',
    'b',
    'm',
    'c',
    'x',
    'alpha',
    'beta',
    'milestone',
    'rc',
    'cr',
    'snapshot',
    'sp',
    'ga',
    'final',
    'release',
    'jre',
    'SNAPSHOT',
    '.',
    '.',
    '-',
    '-',
  ],
  debian: ['0', '1', '2', '10', '00', 'a', 'b', 'z', 'A', 'Z', '~', '~', '+', '.', '.', '-', ':', 'deb', 'u'],
  rpm: ['0', '1', '2', '10', '00', 'a', 'b', 'B', 'fc', 'el', '~', '^', '.', '.', '-', '_', ':', '+'],
  pypi: [
    '0',
    '1',
    '2',
    '10',
    '.',
    '.',
    'a',
    'b',
    'c',
    'rc',
    'alpha',
    'pre',
    'post',
    'r',
    'dev',
    '-',
    '_',
    '!',
    '+',
    'local',
    'v',
  ],
};

/** PEP 440 versions with every optional part, so the valid branch is exercised as much as the fallback. */
const pep440 = fc
  .tuple(
    fc.option(fc.nat({ max: 2 })),
    fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 4 }),
    fc.option(
      fc.tuple(fc.constantFrom('a', 'b', 'rc', 'c', 'alpha', '.beta', '-pre'), fc.option(fc.nat({ max: 3 }))),
    ),
    fc.option(fc.tuple(fc.constantFrom('.post', '-', 'rev', '.r'), fc.nat({ max: 3 }))),
    fc.option(fc.tuple(fc.constantFrom('.dev', 'dev', '-dev'), fc.option(fc.nat({ max: 3 })))),
    fc.option(
      fc.array(fc.constantFrom('1', '2', '10', 'abc', 'ubuntu', '0'), { minLength: 1, maxLength: 3 }),
    ),
  )
  .map(([epoch, release, pre, post, dev, local]) => {
    let v = `${epoch === null ? '' : `${epoch}!`}${release.join('.')}`;
    if (pre) v += `${pre[0]}${pre[1] ?? ''}`;
    if (post) v += `${post[0]}${post[1]}`;
    if (dev) v += `${dev[0]}${dev[1] ?? ''}`;
    if (local) v += `+${local.join('.')}`;
    return v;
  });

function versions(scheme: VersionScheme): fc.Arbitrary<string> {
  const shaped = fc
    .array(fc.constantFrom(...PIECES[scheme]), { maxLength: 9 })
    .map((parts) => parts.join(''));
  const odd = fc.string({ unit: 'grapheme', maxLength: 6 });
  return scheme === 'pypi'
    ? fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: pep440, weight: 5 }, odd)
    : fc.oneof({ arbitrary: shaped, weight: 8 }, odd);
}

function keyOrder(scheme: VersionScheme, a: string, b: string): number {
  const x = versionSortKey(scheme, a);
  const y = versionSortKey(scheme, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function byteOrder(scheme: VersionScheme, a: string, b: string): number {
  return Math.sign(
    Buffer.compare(Buffer.from(versionSortKey(scheme, a)), Buffer.from(versionSortKey(scheme, b))),
  );
}

describe.each(VERSION_SCHEMES)('versionSortKey(%s)', (scheme) => {
  it('orders as compareVersions does, also as bytes (COLLATE "C")', () => {
    fc.assert(
      fc.property(versions(scheme), versions(scheme), (a, b) => {
        const expected = compareVersions(scheme, a, b);
        expect(keyOrder(scheme, a, b)).toBe(expected);
        expect(byteOrder(scheme, a, b)).toBe(expected);
        expect(compareVersions(scheme, b, a)).toBe(expected === 0 ? 0 : -expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('uses printable ASCII only', () => {
    fc.assert(
      fc.property(versions(scheme), (v) => {
        expect(versionSortKey(scheme, v)).toMatch(/^[\x20-\x7e]*$/);
      }),
    );
  });

  it('orders numbers of any length exactly', () => {
    const long = `1.${'9'.repeat(100)}`;
    const longer = `1.1${'0'.repeat(100)}`;
    expect(compareVersions(scheme, long, longer)).toBe(-1);
    expect(keyOrder(scheme, long, longer)).toBe(-1);
    expect(keyOrder(scheme, '1.77777', long)).toBe(-1);
  });
});
