/** Test helpers shared by the version-scheme tests (not a test file itself). */

import { expect } from 'vitest';
import type { VersionScheme } from '../rules/match-rule.js';
import { compareVersions, versionSortKey } from './version-scheme.js';

function keySign(scheme: VersionScheme, a: string, b: string): number {
  const x = versionSortKey(scheme, a);
  const y = versionSortKey(scheme, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Asserts that the versions are strictly ascending by compare and by sort key, for every pair. */
export function expectAscending(scheme: VersionScheme, versions: string[]): void {
  for (let i = 0; i < versions.length; i += 1) {
    for (let j = i + 1; j < versions.length; j += 1) {
      const a = versions[i]!;
      const b = versions[j]!;
      expect(compareVersions(scheme, a, b), `${scheme}: ${a} < ${b}`).toBe(-1);
      expect(compareVersions(scheme, b, a), `${scheme}: ${b} > ${a}`).toBe(1);
      expect(keySign(scheme, a, b), `${scheme} key: ${a} < ${b}`).toBe(-1);
    }
  }
}

/** Asserts that the versions are all equal by compare and have one sort key. */
export function expectEqual(scheme: VersionScheme, versions: string[]): void {
  const first = versions[0]!;
  for (const v of versions) {
    expect(compareVersions(scheme, first, v), `${scheme}: ${first} = ${v}`).toBe(0);
    expect(versionSortKey(scheme, v), `${scheme} key: ${first} = ${v}`).toBe(versionSortKey(scheme, first));
  }
}
