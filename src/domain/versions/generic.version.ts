/**
 * The `generic` version scheme: how NVD/CPE versions order, tuned on real NVD data.
 *
 * A version is read as a sequence of items: numbers (`10`, `19041`), pre-release tags and other
 * letter runs; every other character (`.` `-` `_` `(` `)` `+` …) only separates items.
 * - Numbers compare numerically (`1.05` = `1.5`); trailing zeros do not count (`1.0` = `1.0.0`),
 *   nor do zeros just before a letter item (`1.0a` = `1.0.0a`).
 * - Pre-release tags sort below the release they qualify (`2.0-beta9` < `2.0-rc1` < `2.0` <
 *   `2.0.1`): `dev` < `alpha` < `beta` < `milestone` < `pre`/`preview` < `rc`/`cr` < `snapshot`.
 *   Whole words count attached or not (`2.0rc1`); the one-letter forms `a` `b` `c` `m` count only
 *   after a separator and before a digit (`1.0.M1`, `2.0-b2`).
 * - Any other letter run is a post-release suffix: above the release, below a further number
 *   (`1.0.1` < `1.0.1f` < `1.0.1g` < `1.0.1.1`; `0.9.8z` < `0.9.8za`; `11.5(1)su3` > `11.5(1)`).
 *   This is OpenSSL's and Siemens' convention (`4.0` < `4.0e` < `5.0a`).
 * - `final`, `ga`, `release`, `stable` are ignored (`5.0.0.RELEASE` = `5.0.0`); case is ignored;
 *   one leading `v` before a digit is ignored (`v8` = `8`).
 *
 * Known limits (the sort key orders all of these exactly as compare does; they are compare's
 * choices): separators carry no meaning (`12.1-55.300` = `12.1.55.300`; Cisco `11.5(1)su3` sorts
 * below `11.5(1.10000.6)`); `1.0a1` reads `a` as a post-release letter (OpenSSL), not PEP 440 alpha.
 */

import {
  canonicalDigits,
  compareDigits,
  compareText,
  encodeDigits,
  encodeText,
  normaliseVersionText,
} from './version-text.js';

/** One item of a generic version. */
export type GenericItem =
  | { kind: 'pre'; rank: number }
  | { kind: 'post'; text: string }
  | { kind: 'num'; digits: string };

const PRE_WORDS: Record<string, number> = {
  dev: 0,
  alpha: 1,
  beta: 2,
  milestone: 3,
  pre: 4,
  preview: 4,
  rc: 5,
  cr: 5,
  snapshot: 6,
};
const PRE_LETTERS: Record<string, number> = { a: 1, b: 2, m: 3, c: 5 };
const IGNORED_WORDS = new Set(['final', 'ga', 'release', 'stable']);

/** Class order at one position: pre-release < end of version < post-release letters < number. */
const CLASS = { pre: 1, end: 2, post: 3, num: 4 } as const;

/** Parses any string into its canonical item sequence (total: never throws). */
export function parseGenericVersion(version: string): GenericItem[] {
  let text = normaliseVersionText(version).toLowerCase();
  if (/^v[0-9]/.test(text)) text = text.slice(1);
  const items: GenericItem[] = [];
  for (const match of text.matchAll(/[0-9]+|[a-z]+/g)) {
    const token = match[0];
    const start = match.index;
    if (/^[0-9]/.test(token)) {
      items.push({ kind: 'num', digits: canonicalDigits(token) });
      continue;
    }
    if (IGNORED_WORDS.has(token)) continue;
    const word = PRE_WORDS[token];
    if (word !== undefined) {
      items.push({ kind: 'pre', rank: word });
      continue;
    }
    const letter = PRE_LETTERS[token];
    const afterSeparator = start === 0 || !/[0-9a-z]/.test(text.charAt(start - 1));
    const beforeDigit = /[0-9]/.test(text.charAt(start + token.length));
    if (letter !== undefined && afterSeparator && beforeDigit) {
      items.push({ kind: 'pre', rank: letter });
      continue;
    }
    items.push({ kind: 'post', text: token });
  }
  return dropInsignificantZeros(items);
}

/** Removes zeros that are followed by a non-number item or by the end (`1.0.0` → `1`, `2.0-rc1` → `2-rc1`). */
function dropInsignificantZeros(items: GenericItem[]): GenericItem[] {
  const kept: GenericItem[] = [];
  let nextIsNumber = false;
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const item = items[i]!;
    if (item.kind === 'num') {
      if (item.digits === '' && !nextIsNumber) continue;
      nextIsNumber = true;
    } else {
      nextIsNumber = false;
    }
    kept.push(item);
  }
  return kept.reverse();
}

function classOf(item: GenericItem | undefined): number {
  return item === undefined ? CLASS.end : CLASS[item.kind];
}

function compareItems(a: GenericItem | undefined, b: GenericItem | undefined): number {
  const byClass = classOf(a) - classOf(b);
  if (byClass !== 0 || a === undefined || b === undefined) return byClass;
  if (a.kind === 'num' && b.kind === 'num') return compareDigits(a.digits, b.digits);
  if (a.kind === 'post' && b.kind === 'post') return compareText(a.text, b.text);
  if (a.kind === 'pre' && b.kind === 'pre') return a.rank - b.rank;
  return 0;
}

/** Compares two versions in the generic scheme: negative, zero or positive. */
export function compareGeneric(a: string, b: string): number {
  const x = parseGenericVersion(a);
  const y = parseGenericVersion(b);
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const order = compareItems(x[i], y[i]);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * Byte-sortable key of a generic version: per item a class character (`1` pre, `3` post, `4`
 * number) and its payload, then `2` for the end, which sorts between pre-release and the rest.
 */
export function genericSortKey(version: string): string {
  let key = '';
  for (const item of parseGenericVersion(version)) {
    if (item.kind === 'pre') key += `1${String.fromCharCode(0x30 + item.rank)}`;
    else if (item.kind === 'post') key += `3${encodeText(item.text)}`;
    else key += `4${encodeDigits(item.digits)}`;
  }
  return `${key}2`;
}
