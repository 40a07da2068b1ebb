/**
 * The `pypi` scheme: PEP 440 ordering, as the `packaging` library implements it.
 *
 * `[N!]release[{a|b|rc}N][.postN][.devN][+local]` with PEP 440's normalisation (case, `v` prefix,
 * `alpha`/`beta`/`c`/`pre`/`preview` spellings, `-N` and `rev`/`r` for post, optional separators and
 * numbers). Order: epoch, release (trailing zeros ignored), then `1.0.dev0` < `1.0a1.dev0` < `1.0a1`
 * < `1.0b1` < `1.0rc1` < `1.0` < `1.0.post1.dev0` < `1.0.post1` < `1.0+local`; local segments compare
 * numbers numerically and above words.
 *
 * Strings that are not PEP 440 (`2004d`, `1.0-foo`) sort before every valid version, among themselves
 * in the generic scheme (like the legacy versions of old `packaging`). The sort key orders every
 * string exactly as {@link comparePypi}.
 */

import { compareGeneric, genericSortKey } from './generic.version.js';
import {
  canonicalDigits,
  compareDigits,
  compareText,
  encodeDigits,
  encodeText,
  normaliseVersionText,
} from './version-text.js';

/** A parsed PEP 440 version; null fields are absent. `pre.rank`: 0 a, 1 b, 2 rc. */
export interface PypiVersion {
  epoch: string;
  release: string[];
  pre: { rank: number; digits: string } | null;
  post: string | null;
  dev: string | null;
  local: Array<string | { digits: string }> | null;
}

const PEP440 = new RegExp(
  [
    '^v?(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)',
    '([-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?',
    '((?:-([0-9]+))|(?:[-_.]?(post|rev|r)[-_.]?([0-9]+)?))?',
    '([-_.]?(dev)[-_.]?([0-9]+)?)?',
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$',
  ].join(''),
);

const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

/** Parses a PEP 440 version; null when the string is not one. */
export function parsePypiVersion(version: string): PypiVersion | null {
  const m = PEP440.exec(normaliseVersionText(version).toLowerCase());
  if (m === null) return null;
  const release = m[2]!.split('.').map(canonicalDigits);
  while (release.length > 0 && release[release.length - 1] === '') release.pop();
  return {
    epoch: canonicalDigits(m[1] ?? ''),
    release,
    pre: m[3] ? { rank: PRE_RANK[m[4]!] ?? 0, digits: canonicalDigits(m[5] ?? '') } : null,
    post: m[6] ? canonicalDigits(m[7] ?? m[9] ?? '') : null,
    dev: m[10] ? canonicalDigits(m[12] ?? '') : null,
    local: m[13]
      ? m[13].split(/[-_.]/).map((s) => (/^[0-9]+$/.test(s) ? { digits: canonicalDigits(s) } : s))
      : null,
  };
}

/** packaging's `_cmpkey` as a list of comparable parts: [pre class, pre number, post …]. */
function suffixRanks(v: PypiVersion): { pre: number; preDigits: string; post: number; dev: number } {
  // packaging: a dev release without pre or post sorts before every pre-release (-Infinity).
  const pre = v.pre !== null ? 1 + v.pre.rank : v.post === null && v.dev !== null ? 0 : 4;
  return { pre, preDigits: v.pre?.digits ?? '', post: v.post === null ? 0 : 1, dev: v.dev === null ? 1 : 0 };
}

function compareLocal(x: PypiVersion['local'], y: PypiVersion['local']): number {
  if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const a = x[i];
    const b = y[i];
    if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
    if (typeof a === 'string' && typeof b === 'string') {
      const order = compareText(a, b);
      if (order !== 0) return order;
    } else if (typeof a !== 'string' && typeof b !== 'string') {
      const order = compareDigits(a.digits, b.digits);
      if (order !== 0) return order;
    } else {
      return typeof a === 'string' ? -1 : 1;
    }
  }
  return 0;
}

function compareValid(x: PypiVersion, y: PypiVersion): number {
  let order = compareDigits(x.epoch, y.epoch);
  for (let i = 0; order === 0 && i < Math.max(x.release.length, y.release.length); i += 1) {
    const a = x.release[i];
    const b = y.release[i];
    order =
      a === undefined || b === undefined ? (a === b ? 0 : a === undefined ? -1 : 1) : compareDigits(a, b);
  }
  if (order !== 0) return order;
  const p = suffixRanks(x);
  const q = suffixRanks(y);
  return (
    p.pre - q.pre ||
    compareDigits(p.preDigits, q.preDigits) ||
    p.post - q.post ||
    compareDigits(x.post ?? '', y.post ?? '') ||
    p.dev - q.dev ||
    compareDigits(x.dev ?? '', y.dev ?? '') ||
    compareLocal(x.local, y.local)
  );
}

/** Compares two versions in the pypi scheme: negative, zero or positive. */
export function comparePypi(a: string, b: string): number {
  const x = parsePypiVersion(a);
  const y = parsePypiVersion(b);
  if (x === null || y === null) {
    if (x === null && y === null) return compareGeneric(a, b);
    return x === null ? -1 : 1;
  }
  return compareValid(x, y);
}

/**
 * Byte-sortable key: `0` + generic key for non-PEP 440 strings; else `1`, epoch, release numbers
 * (`1` + number each, `0` after), pre class digit (+ number), post, dev, and local segments.
 */
export function pypiSortKey(version: string): string {
  const v = parsePypiVersion(version);
  if (v === null) return `0${genericSortKey(version)}`;
  const s = suffixRanks(v);
  let key = `1${encodeDigits(v.epoch)}`;
  for (const digits of v.release) key += `1${encodeDigits(digits)}`;
  key += `0${s.pre}`;
  if (v.pre !== null) key += encodeDigits(v.pre.digits);
  key += `${s.post}${v.post === null ? '' : encodeDigits(v.post)}`;
  key += `${s.dev}${v.dev === null ? '' : encodeDigits(v.dev)}`;
  if (v.local === null) return `${key}0`;
  key += '1';
  for (const seg of v.local)
    key += typeof seg === 'string' ? `1${encodeText(seg)}` : `2${encodeDigits(seg.digits)}`;
  return `${key}0`;
}
