/**
 * One entry point per operation over every version scheme, so that callers (rule matching, the
 * storage layer's sort keys) never branch on the scheme themselves.
 *
 * Contract, property-tested for every scheme: `sign(compareVersions(s, a, b))` equals the sign of
 * comparing `versionSortKey(s, a)` with `versionSortKey(s, b)` as plain strings, which is also byte
 * order and PostgreSQL `COLLATE "C"` order (keys are printable ASCII). So "is v in [start, end)" can
 * be an indexed range scan: `start_key <= v_key AND v_key < end_key`. Both functions are total: any
 * string is a version of every scheme (see each scheme's module for how odd strings are read).
 */

import type { VersionScheme } from '../rules/match-rule.js';
import { compareDebian, debianSortKey } from './debian.version.js';
import { compareGeneric, genericSortKey } from './generic.version.js';
import { compareMaven, mavenSortKey } from './maven.version.js';
import { comparePypi, pypiSortKey } from './pypi.version.js';
import { compareRpm, rpmSortKey } from './rpm.version.js';
import { compareSemver, semverSortKey } from './semver.version.js';
import { sign } from './version-text.js';

interface SchemeFunctions {
  compare(a: string, b: string): number;
  sortKey(version: string): string;
}

const SCHEMES: Record<VersionScheme, SchemeFunctions> = {
  generic: { compare: compareGeneric, sortKey: genericSortKey },
  semver: { compare: compareSemver, sortKey: semverSortKey },
  maven: { compare: compareMaven, sortKey: mavenSortKey },
  debian: { compare: compareDebian, sortKey: debianSortKey },
  rpm: { compare: compareRpm, sortKey: rpmSortKey },
  pypi: { compare: comparePypi, sortKey: pypiSortKey },
};

/** Every version scheme Ward knows. */
export const VERSION_SCHEMES: readonly VersionScheme[] = Object.freeze(
  Object.keys(SCHEMES) as VersionScheme[],
);

/** Compares two versions of one scheme: -1, 0 or 1. Equal means "the same version" (`1.0` = `1.0.0` in most schemes). */
export function compareVersions(scheme: VersionScheme, a: string, b: string): -1 | 0 | 1 {
  return sign(SCHEMES[scheme].compare(a, b));
}

/** Byte-sortable key of a version: keys compare as strings exactly as {@link compareVersions} compares the versions. */
export function versionSortKey(scheme: VersionScheme, version: string): string {
  const keys = SORT_KEYS[scheme];
  let key = keys.get(version);
  if (key === undefined) {
    key = SCHEMES[scheme].sortKey(version);
    if (keys.size >= SORT_KEYS_KEPT) keys.clear();
    keys.set(version, key);
  }
  return key;
}

/**
 * Sort keys already computed, per scheme: a feed's rules and an estate's components name the same
 * few thousand versions again and again. Emptied when full, so memory stays bounded.
 */
const SORT_KEYS = Object.fromEntries(VERSION_SCHEMES.map((s) => [s, new Map<string, string>()])) as Record<
  VersionScheme,
  Map<string, string>
>;
const SORT_KEYS_KEPT = 50_000;
