/**
 * The `rpm` scheme: RPM's `rpmvercmp`, applied to `[epoch:]version[-release]`.
 *
 * Epochs compare numerically (default 0), then version, then release (split at the last `-`; a
 * missing release is empty and sorts first). Each is a sequence of digit runs and ASCII letter runs;
 * every other character only separates. `~` sorts before everything, even the end (`1.0~rc1` < `1.0`),
 * `^` after the end but before anything else (`1.0` < `1.0^git1` < `1.0.1`); letters sort below
 * numbers (`1.0a` < `1.0.1`), letter runs compare case-sensitively in ASCII order, numbers numerically.
 * As in rpm, `1.0` < `1.0.0` and `1_0` = `1.0`.
 *
 * The sort key orders every string exactly as {@link compareRpm}.
 */

import {
  canonicalDigits,
  compareDigits,
  compareText,
  encodeDigits,
  encodeText,
  normaliseVersionText,
} from './version-text.js';

/** One rpmvercmp segment. */
export type RpmToken =
  | { kind: 'tilde' }
  | { kind: 'caret' }
  | { kind: 'alpha'; text: string }
  | { kind: 'num'; digits: string };

/** A parsed RPM EVR. */
export interface RpmVersion {
  epoch: string;
  version: RpmToken[];
  release: RpmToken[];
}

/** Class order at one position: `~` < end < `^` < letters < number. */
const CLASS = { tilde: 1, end: 2, caret: 3, alpha: 4, num: 5 } as const;

function tokens(text: string): RpmToken[] {
  const out: RpmToken[] = [];
  for (const match of text.matchAll(/[0-9]+|[A-Za-z]+|~|\^/g)) {
    const t = match[0];
    if (t === '~') out.push({ kind: 'tilde' });
    else if (t === '^') out.push({ kind: 'caret' });
    else if (/^[0-9]/.test(t)) out.push({ kind: 'num', digits: canonicalDigits(t) });
    else out.push({ kind: 'alpha', text: t });
  }
  return out;
}

/** Parses any string (total: never throws). */
export function parseRpmVersion(evr: string): RpmVersion {
  const text = normaliseVersionText(evr);
  const epochMatch = /^([0-9]+):/.exec(text);
  const rest = epochMatch ? text.slice(epochMatch[0].length) : text;
  const dash = rest.lastIndexOf('-');
  return {
    epoch: canonicalDigits(epochMatch?.[1] ?? ''),
    version: tokens(dash >= 0 ? rest.slice(0, dash) : rest),
    release: tokens(dash >= 0 ? rest.slice(dash + 1) : ''),
  };
}

function classOf(t: RpmToken | undefined): number {
  return t === undefined ? CLASS.end : CLASS[t.kind];
}

function compareTokens(x: RpmToken[], y: RpmToken[]): number {
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const a = x[i];
    const b = y[i];
    const byClass = classOf(a) - classOf(b);
    if (byClass !== 0) return byClass;
    if (a?.kind === 'num' && b?.kind === 'num') {
      const order = compareDigits(a.digits, b.digits);
      if (order !== 0) return order;
    } else if (a?.kind === 'alpha' && b?.kind === 'alpha') {
      const order = compareText(a.text, b.text);
      if (order !== 0) return order;
    }
  }
  return 0;
}

/** Compares two EVRs in the rpm scheme: negative, zero or positive. */
export function compareRpm(a: string, b: string): number {
  const x = parseRpmVersion(a);
  const y = parseRpmVersion(b);
  return (
    compareDigits(x.epoch, y.epoch) ||
    compareTokens(x.version, y.version) ||
    compareTokens(x.release, y.release)
  );
}

function encodeTokens(list: RpmToken[]): string {
  let key = '';
  for (const t of list) {
    if (t.kind === 'num') key += `${CLASS.num}${encodeDigits(t.digits)}`;
    else if (t.kind === 'alpha') key += `${CLASS.alpha}${encodeText(t.text)}`;
    else key += String(CLASS[t.kind]);
  }
  return `${key}${CLASS.end}`;
}

/** Byte-sortable key: epoch, then version and release tokens (`1` `~`, `3` `^`, `4` letters, `5` number), each closed by `2`. */
export function rpmSortKey(evr: string): string {
  const v = parseRpmVersion(evr);
  return `${encodeDigits(v.epoch)}${encodeTokens(v.version)}${encodeTokens(v.release)}`;
}
