/**
 * The `maven` scheme: Maven 3.8 `ComparableVersion`, made a total order.
 *
 * Parsing follows Maven: `.` separates items, `-` and a digit/letter change open a sub-list,
 * qualifiers `alpha` < `beta` < `milestone` < `rc` (= `cr`) < `snapshot` < release (`ga`, `final`,
 * `release`) < `sp` < other words (alphabetical); `a1`/`b1`/`m1` mean alpha/beta/milestone; trailing
 * zeros and empty items are dropped. So `2.0-beta9` < `2.0-rc1` < `2.0` = `2.0.0` < `2.0.1`,
 * `5.0.0.M1` < `5.0.0.RC1` < `5.0.0.RELEASE`, `1.0-SNAPSHOT` < `1.0`, `31.1-android` < `31.1-jre`.
 *
 * Maven's own order is not transitive (`1.sp` > `1` > `1-alpha`, yet `1-alpha` > `1.sp`, because a
 * sub-list always beats a word), so no sort key can reproduce it. Ward's total order ranks every item
 * by how it compares with the end of the version: pre-release words < sub-lists that start below the
 * end < end < `sp` and other words < sub-lists that start above the end < numbers. It differs from
 * Maven only when a `.word` meets a `-list` at the same position (`1.sp` vs `1-alpha`), when a zero
 * precedes a pre-release word (`5.0.0.M1` = `5.M1`; Maven ranks the former higher), and when a release
 * word (`ga`, `final`, `release`) sits mid-version, where it is ignored. Maven's published
 * `ComparableVersionTest` orderings all hold. The sort key orders every string exactly as
 * {@link compareMaven}.
 */

import {
  canonicalDigits,
  compareDigits,
  compareText,
  encodeDigits,
  encodeText,
  normaliseVersionText,
} from './version-text.js';

/** One item of a Maven version: a number, a qualifier word, or a sub-list. */
export type MavenItem =
  | { kind: 'int'; digits: string }
  | { kind: 'word'; rank: number; text: string }
  | { kind: 'list'; items: MavenItem[] };

/** Qualifier ranks; RELEASE is the rank of the empty qualifier, unknown words rank above SP. */
const QUALIFIERS: Record<string, number> = {
  alpha: 0,
  beta: 1,
  milestone: 2,
  rc: 3,
  snapshot: 4,
  '': 5,
  sp: 6,
};
const RELEASE = 5;
const OTHER = 7;
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const SHORT: Record<string, string> = { a: 'alpha', b: 'beta', m: 'milestone' };

/** Class order at one position, ranked by how each kind compares with the end of a version. */
const CLASS = { preWord: 1, lowList: 2, end: 3, postWord: 4, highList: 5, int: 6 } as const;

function word(text: string, followedByDigit: boolean): MavenItem {
  const expanded = followedByDigit && text.length === 1 ? (SHORT[text] ?? text) : text;
  const name = ALIASES[expanded] ?? expanded;
  return { kind: 'word', rank: QUALIFIERS[name] ?? OTHER, text: name };
}

function item(isDigit: boolean, text: string): MavenItem {
  return isDigit ? { kind: 'int', digits: canonicalDigits(text) } : word(text, false);
}

/** Parses any string as Maven 3.8 does, then canonicalises it (total: never throws). */
export function parseMavenVersion(version: string): MavenItem[] {
  const text = normaliseVersionText(version).toLowerCase();
  const root: MavenItem[] = [];
  let list = root;
  const stack: MavenItem[][] = [root];
  const open = (): void => {
    const items: MavenItem[] = [];
    list.push({ kind: 'list', items });
    list = items;
    stack.push(items);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (c === '.' || c === '-') {
      list.push(i === start ? { kind: 'int', digits: '' } : item(isDigit, text.slice(start, i)));
      start = i + 1;
      if (c === '-') open();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(word(text.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(item(true, text.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (text.length > start) list.push(item(isDigit, text.slice(start)));
  for (let items = stack.pop(); items !== undefined; items = stack.pop()) trimTrailingNulls(items);
  return canonicalise(root);
}

function isNull(x: MavenItem): boolean {
  if (x.kind === 'int') return x.digits === '';
  if (x.kind === 'word') return x.rank === RELEASE;
  return x.items.length === 0;
}

/** Maven's `ListItem.normalize`: drops null items from the end, looking past sub-lists. */
function trimTrailingNulls(items: MavenItem[]): void {
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const last = items[i]!;
    if (isNull(last)) items.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

/** Ward's step: drops release words and empty lists anywhere, and zeros not followed by something above the end. */
function canonicalise(items: MavenItem[]): MavenItem[] {
  const kept: MavenItem[] = [];
  let restAboveEnd = false;
  for (let i = items.length - 1; i >= 0; i -= 1) {
    let x = items[i]!;
    if (x.kind === 'list') {
      x = { kind: 'list', items: canonicalise(x.items) };
      if (x.items.length === 0) continue;
    }
    if (x.kind === 'word' && x.rank === RELEASE) continue;
    if (x.kind === 'int' && x.digits === '' && !restAboveEnd) continue;
    restAboveEnd = classOf(x) > CLASS.end;
    kept.push(x);
  }
  return kept.reverse();
}

function classOf(x: MavenItem | undefined): number {
  if (x === undefined) return CLASS.end;
  if (x.kind === 'int') return CLASS.int;
  if (x.kind === 'word') return x.rank < RELEASE ? CLASS.preWord : CLASS.postWord;
  return classOf(x.items[0]) < CLASS.end ? CLASS.lowList : CLASS.highList;
}

function compareWords(a: { rank: number; text: string }, b: { rank: number; text: string }): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  return a.rank === OTHER ? compareText(a.text, b.text) : 0;
}

function compareLists(x: MavenItem[], y: MavenItem[]): number {
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const a = x[i];
    const b = y[i];
    const byClass = classOf(a) - classOf(b);
    if (byClass !== 0) return byClass;
    if (a === undefined || b === undefined) return 0;
    let order = 0;
    if (a.kind === 'int' && b.kind === 'int') order = compareDigits(a.digits, b.digits);
    else if (a.kind === 'word' && b.kind === 'word') order = compareWords(a, b);
    else if (a.kind === 'list' && b.kind === 'list') order = compareLists(a.items, b.items);
    if (order !== 0) return order;
  }
  return 0;
}

/** Compares two versions in the maven scheme: negative, zero or positive. */
export function compareMaven(a: string, b: string): number {
  return compareLists(parseMavenVersion(a), parseMavenVersion(b));
}

function encodeList(items: MavenItem[]): string {
  let key = '';
  for (const x of items) {
    const cls = classOf(x);
    if (x.kind === 'int') key += `${cls}${encodeDigits(x.digits)}`;
    else if (x.kind === 'list') key += `${cls}${encodeList(x.items)}`;
    else if (x.rank < RELEASE) key += `${cls}${x.rank}`;
    else key += x.rank === OTHER ? `${cls}1${encodeText(x.text)}` : `${cls}0`;
  }
  return `${key}${CLASS.end}`;
}

/**
 * Byte-sortable key: per item its class digit (`1` pre-release word, `2` low list, `4` other word,
 * `5` high list, `6` number) and payload; lists nest and every list ends with `3`, the end class.
 */
export function mavenSortKey(version: string): string {
  return encodeList(parseMavenVersion(version));
}
