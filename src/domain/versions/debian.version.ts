/**
 * The `debian` scheme: dpkg's version order (Debian Policy §5.6.12, dpkg `verrevcmp`).
 *
 * `[epoch:]upstream[-revision]`: the epoch compares numerically (default 0); upstream and revision
 * compare as alternating non-digit and digit parts. In non-digit parts `~` sorts before everything,
 * even the end (`1.0~rc1` < `1.0`), then letters, then other characters (`1.0a` < `1.0+b1`); digit
 * parts compare numerically. A missing revision equals `0`.
 *
 * Differences from dpkg, all for strings dpkg rejects: a non-numeric "epoch" is read as part of the
 * upstream version. The sort key orders every string exactly as {@link compareDebian}.
 */

import { canonicalDigits, compareDigits, encodeDigits, normaliseVersionText } from './version-text.js';

/** A non-digit part and the digit part after it (canonical digits, `` for zero). */
export interface DebianPart {
  text: string;
  digits: string;
}

/** A parsed Debian version. */
export interface DebianVersion {
  epoch: string;
  upstream: DebianPart[];
  revision: DebianPart[];
}

/** Splits a string into dpkg's alternating parts; there is always a first part. */
function parts(text: string): DebianPart[] {
  const out: DebianPart[] = [];
  let i = 0;
  do {
    let j = i;
    while (j < text.length && !isDigit(text.charAt(j))) j += 1;
    let k = j;
    while (k < text.length && isDigit(text.charAt(k))) k += 1;
    out.push({ text: text.slice(i, j), digits: canonicalDigits(text.slice(j, k)) });
    i = k;
  } while (i < text.length);
  return out;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** Parses any string (total: never throws). */
export function parseDebianVersion(version: string): DebianVersion {
  const text = normaliseVersionText(version);
  const epochMatch = /^([0-9]+):/.exec(text);
  const epoch = canonicalDigits(epochMatch?.[1] ?? '');
  const rest = epochMatch ? text.slice(epochMatch[0].length) : text;
  const dash = rest.lastIndexOf('-');
  return {
    epoch,
    upstream: parts(dash >= 0 ? rest.slice(0, dash) : rest),
    revision: parts(dash >= 0 ? rest.slice(dash + 1) : ''),
  };
}

/** dpkg's `order()`: `~` < end < letters < everything else. */
function weight(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (isLetter(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function compareParts(x: DebianPart[], y: DebianPart[]): number {
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const a = x[i] ?? { text: '', digits: '' };
    const b = y[i] ?? { text: '', digits: '' };
    for (let j = 0; j < Math.max(a.text.length, b.text.length); j += 1) {
      const order = weight(a.text[j]) - weight(b.text[j]);
      if (order !== 0) return order;
    }
    const order = compareDigits(a.digits, b.digits);
    if (order !== 0) return order;
  }
  return 0;
}

/** Compares two versions in the debian scheme: negative, zero or positive. */
export function compareDebian(a: string, b: string): number {
  const x = parseDebianVersion(a);
  const y = parseDebianVersion(b);
  return (
    compareDigits(x.epoch, y.epoch) ||
    compareParts(x.upstream, y.upstream) ||
    compareParts(x.revision, y.revision)
  );
}

function encodeParts(list: DebianPart[]): string {
  let key = '';
  for (const part of list) {
    for (const c of part.text) key += c === '~' ? '1' : isLetter(c) ? `3${c}` : `4${c}`;
    key += `2${encodeDigits(part.digits)}`;
  }
  return `${key}2`;
}

/**
 * Byte-sortable key: the epoch, then upstream and revision. Non-digit characters become `1` (`~`),
 * `3`+letter or `4`+other; `2` ends a non-digit part and is followed by the number; a final `2` ends
 * the list, sorting between `~` and any further characters exactly as dpkg's end of string does.
 */
export function debianSortKey(version: string): string {
  const v = parseDebianVersion(version);
  return `${encodeDigits(v.epoch)}${encodeParts(v.upstream)}${encodeParts(v.revision)}`;
}
