/**
 * The `semver` scheme ("semver-ish"): SemVer 2.0.0 precedence, widened to the versions npm, Go,
 * Cargo, Composer, RubyGems and NuGet packages really carry.
 *
 * `[v]N(.N)*[-pre][+build]`: any number of release numbers, missing ones are zero (`1.2` =
 * `1.2.0`; NuGet `1.2.3.4` works); build metadata is ignored (SemVer §10); a pre-release sorts
 * below its release and its dot-separated identifiers compare as SemVer §11 says (numbers
 * numerically and below words, words in ASCII order, case-sensitive, more identifiers sort higher).
 * RubyGems' `1.0.0.rc1` (a dot then a letter) and anything else after the numbers (`1.0rc1`) are
 * read as a pre-release too; characters other than `[0-9A-Za-z-]` inside it separate identifiers.
 * A string without leading numbers (`latest`) is a pre-release of `0`.
 *
 * The sort key orders every string exactly as {@link compareSemver}.
 */

import {
  canonicalDigits,
  compareDigits,
  compareText,
  encodeDigits,
  encodeText,
  normaliseVersionText,
} from './version-text.js';

/** A pre-release identifier: a number or a word. */
export type SemverIdentifier = { numeric: true; digits: string } | { numeric: false; text: string };

/** A parsed semver-ish version; `pre` is null for a release. */
export interface SemverVersion {
  release: string[];
  pre: SemverIdentifier[] | null;
}

/** Parses any string (total: never throws). */
export function parseSemverVersion(version: string): SemverVersion {
  let text = normaliseVersionText(version);
  if (/^[vV][0-9]/.test(text)) text = text.slice(1);
  const numbers = /^[0-9]+(?:\.[0-9]+)*/.exec(text)?.[0] ?? '';
  let rest = text.slice(numbers.length);
  const plus = rest.indexOf('+');
  if (plus >= 0) rest = rest.slice(0, plus);
  const release = numbers === '' ? [] : numbers.split('.').map(canonicalDigits);
  while (release.length > 0 && release[release.length - 1] === '') release.pop();
  if (rest === '') return { release, pre: null };
  const preText = rest.startsWith('-') || /^\.[A-Za-z]/.test(rest) ? rest.slice(1) : rest;
  const pre = preText
    .split(/[^0-9A-Za-z-]+/)
    .filter((part) => part !== '')
    .map(
      (part): SemverIdentifier =>
        /^[0-9]+$/.test(part)
          ? { numeric: true, digits: canonicalDigits(part) }
          : { numeric: false, text: part },
    );
  return { release, pre };
}

function compareIdentifiers(a: SemverIdentifier, b: SemverIdentifier): number {
  if (a.numeric && b.numeric) return compareDigits(a.digits, b.digits);
  if (!a.numeric && !b.numeric) return compareText(a.text, b.text);
  return a.numeric ? -1 : 1;
}

/** Compares two versions in the semver scheme: negative, zero or positive. */
export function compareSemver(a: string, b: string): number {
  const x = parseSemverVersion(a);
  const y = parseSemverVersion(b);
  for (let i = 0; i < Math.max(x.release.length, y.release.length); i += 1) {
    const order = compareDigits(x.release[i] ?? '', y.release[i] ?? '');
    if (order !== 0) return order;
  }
  if (x.pre === null || y.pre === null) return x.pre === y.pre ? 0 : x.pre === null ? 1 : -1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i += 1) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined || q === undefined) return p === q ? 0 : p === undefined ? -1 : 1;
    const order = compareIdentifiers(p, q);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * Byte-sortable key: each release number as `3` + number; then `2` for a release, or `1` and the
 * pre-release identifiers (`1` + number, `2` + word) closed by `0`.
 */
export function semverSortKey(version: string): string {
  const { release, pre } = parseSemverVersion(version);
  let key = release.map((digits) => `3${encodeDigits(digits)}`).join('');
  if (pre === null) return `${key}2`;
  key += '1';
  for (const id of pre) key += id.numeric ? `1${encodeDigits(id.digits)}` : `2${encodeText(id.text)}`;
  return `${key}0`;
}
