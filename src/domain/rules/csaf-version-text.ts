/**
 * Reads the version of a CSAF product as advisories really write it, in a `product_version` or
 * `product_version_range` branch name, into the intervals of match criteria.
 *
 * CSAF 2.0 §3.1.2.3.1.2 wants `vers:` in `product_version_range`, but CISA's ICS advisories mostly
 * write vendor text (and put `vers:all/*` in `product_version`). Forms read, all case-insensitive, a
 * leading `V`/`v` before a digit dropped from every version (`< V2.2` is `< 2.2`):
 * - `vers:<scheme>/<constraints>` (see `vers-range.ts`); `*`, `all`, `all versions`: any version;
 * - operators `<`, `<=`, `>`, `>=`, `=` (also `≤`, `≥`, `=<`, `=>`), joined by `|` into intervals as in
 *   vers (`>= 1.3 | <= 3.1` is 1.3 through 3.1);
 * - phrases: `prior to X`, `before X`, `all versions prior to X` (< X); `X and prior`, `X or
 *   earlier`, `X and below`, `up to X` (<= X, inclusive: conservative); `X and later` (>= X);
 *   `X through Y`, `X to Y`, `from X to Y`, `between X and Y` (inclusive);
 * - lists of exact versions: `1.1 | 1.2`, `2131 and 2141`, `3.0, 3.1`, `(Release 1.3.2 1.4.0)`;
 * - wildcards: `1.x`, `5.x.x`, `12.2.x.x` (the whole line: `12.2.x.x` is [12.2, 12.3)) and GE's
 *   `8.1x` (one more digit: [8.10, 8.20)); as bounds, `<= 11.x` is `< 12` and `< 8.1x` is `< 8.10`;
 * - words before a version: `version(s)`, `release`, `rev.`, `revision`, `software`, `firmware`.
 *
 * What the text adds that a criterion cannot hold is reported and dropped: parenthetical comments
 * (`(Windows and Linux)`) and words after a bound's version (`< 1.8.4 Service Pack 01` is read as
 * `<= 1.8.4`: a `<` bound with a qualifier becomes inclusive, since the unqualified version is still
 * affected). Several upper bounds only (`< 19.0.1 | < 18.0.1 | … | < 3.15.1`) are fixes of release
 * lines: when every bound starts with a different major number, each bound closes its own line and
 * the lines between are kept affected ([4, 4.8.2), [5, 6.9.2) …); otherwise they are read as their
 * union. Anything else (dates such as `< august 28`, model names, `A10 < A11`) is not understood:
 * the result is any version, with an issue, because the product is still named as affected.
 */

import { quoteInput } from '../cpe/cpe-name.error.js';
import { compareVersions } from '../versions/version-scheme.js';
import type { VersionScheme } from './match-rule.js';
import {
  ANY_VERSION,
  boundedInterval,
  constraintBound,
  constraintIntervals,
  type IntervalsResult,
  intervalContains,
  parseVers,
  uniqueIntervals,
  type VersComparator,
  type VersConstraint,
  type VersionInterval,
  VersParseError,
  versIntervals,
} from './vers-range.js';

const MONTH =
  /\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s*\d/i;
const NUMERIC_DATE = /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/;
const ANY_WORDS =
  /^(?:\*|any|all|all versions|all (?:software|firmware) versions|all releases|all models|all service pack versions)$/i;
const PREFIX =
  /^(?:(?:all|the)\s+)?(?:(?:software|firmware|sw|fw)\s+)?(?:(?:versions?|releases?|revisions?|rev|ver)\s+|(?:rev|ver)\.\s*)/i;
const TOKEN = /^[0-9A-Za-z][0-9A-Za-z._+~:-]*$/;
const OPERATOR = /^(<=|>=|=<|=>|==|≤|≥|<|>|=)\s*(.*)$/;
const OPERATORS: Record<string, VersComparator> = {
  '<=': '<=',
  '=<': '<=',
  '≤': '<=',
  '>=': '>=',
  '=>': '>=',
  '≥': '>=',
  '<': '<',
  '>': '>',
  '=': '=',
  '==': '=',
};
const LIST_SEPARATOR = /\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|&)\s+|\s+\/\s*|\s*\/\s+/i;
const BOUND_LIST_SEPARATOR = /\s*[/,]\s*/;

/** What one `|`-separated part of the text says: bounds to pair up, and intervals complete in themselves. */
interface Piece {
  constraints: VersConstraint[];
  intervals: VersionInterval[];
}

/** A version token with a leading `v` before a digit removed (`V2.2` → `2.2`); null when not a token. */
function token(text: string): string | null {
  const t = text.trim().replace(/^[vV](?=\d)/, '');
  return TOKEN.test(t) ? t : null;
}

function dropPrefix(text: string): string {
  return text.replace(PREFIX, '').trim();
}

/** `12.2` → `12.3`, `8.0` → `8.1`, `09` → `10`: the last digit run plus one, width kept. */
function incrementLast(prefix: string): string {
  return prefix.replace(/(\d+)(?!.*\d)/, (digits) =>
    (BigInt(digits) + 1n).toString().padStart(digits.length, '0'),
  );
}

/** A wildcard version as [lower, upper): `1.x` → [1, 2), `12.2.x.x` → [12.2, 12.3), `8.1x` → [8.10, 8.20). */
function wildcard(t: string): { lower: string; upper: string } | null {
  const dotted = /^(.*\d)(?:\.[xX*])+$/.exec(t);
  if (dotted) return { lower: dotted[1]!, upper: incrementLast(dotted[1]!) };
  const attached = /^(.*\.\d+)[xX]$/.exec(t);
  if (attached) return { lower: `${attached[1]}0`, upper: `${incrementLast(attached[1]!)}0` };
  return null;
}

/** The constraint `comparator version`, with a wildcard version turned into the bound it means. */
function boundConstraint(comparator: VersComparator, version: string): VersConstraint | VersionInterval {
  const w = wildcard(version);
  if (!w) return { comparator, version };
  switch (comparator) {
    case '<':
      return { comparator: '<', version: w.lower };
    case '<=':
      return { comparator: '<', version: w.upper };
    case '>':
      return { comparator: '>=', version: w.upper };
    case '>=':
      return { comparator: '>=', version: w.lower };
    default:
      return {
        exact: null,
        start: { version: w.lower, inclusive: true },
        end: { version: w.upper, inclusive: false },
      };
  }
}

/** An exact version (must hold a digit) or a wildcard line; null when the text is neither. */
function exactPiece(text: string): VersionInterval | null {
  const t = token(text);
  if (t === null || !/\d/.test(t)) return null;
  const w = wildcard(t);
  return w
    ? {
        exact: null,
        start: { version: w.lower, inclusive: true },
        end: { version: w.upper, inclusive: false },
      }
    : { exact: t, start: null, end: null };
}

function piece(parts: (VersConstraint | VersionInterval)[]): Piece {
  return {
    constraints: parts.filter((p): p is VersConstraint => 'comparator' in p),
    intervals: parts.filter((p): p is VersionInterval => !('comparator' in p)),
  };
}

function intervalsPiece(intervals: VersionInterval[]): Piece {
  return { constraints: [], intervals };
}

/** Phrases with one or two versions, in the order they must be tried (`up to X` before `X to Y`). */
const PHRASES: readonly [RegExp, readonly VersComparator[]][] = [
  [
    /^(?:all\s+)?(?:versions?\s+)?(?:prior to|before|earlier than|older than|lower than|less than|below)\s+(.+)$/i,
    ['<'],
  ],
  [/^(?:all\s+)?(?:versions?\s+)?(?:up to(?: and including)?|until)\s+(.+)$/i, ['<=']],
  [/^(.+?),?\s+(?:and|or)\s+(?:prior|earlier|below|lower|older|previous|before)(?:\s+versions?)?$/i, ['<=']],
  [/^(.+?),?\s+(?:and|or)\s+(?:later|above|higher|newer|after|greater)(?:\s+versions?)?$/i, ['>=']],
  [/^between\s+(.+?)\s+and\s+(.+)$/i, ['>=', '<=']],
  [/^(?:from\s+)?(.+?)\s+(?:through to|through|thru|to|until|-)\s+(.+)$/i, ['>=', '<=']],
];

/** Reads one `|`-separated part; null when it is not understood. Qualifiers dropped go to `issues`. */
function readPiece(text: string, issues: string[]): Piece | null {
  if (ANY_WORDS.test(text)) return intervalsPiece([{ ...ANY_VERSION }]);
  if (/^\*\s/.test(text)) {
    issues.push(`ignored ${quoteInput(text.slice(1).trim())} after "*"`);
    return intervalsPiece([{ ...ANY_VERSION }]);
  }
  const operator = OPERATOR.exec(text);
  if (operator) {
    const comparator = OPERATORS[operator[1]!]!;
    const rest = dropPrefix(operator[2]!);
    const listed = rest.split(BOUND_LIST_SEPARATOR).map(token);
    if (listed.length > 1 && listed.every((t) => t !== null)) {
      return piece(listed.map((t) => boundConstraint(comparator, t!)));
    }
    const [first = '', ...words] = rest.split(' ');
    const version = token(first);
    if (version === null) return null;
    const qualifier = words.join(' ');
    if (qualifier === '') return piece([boundConstraint(comparator, version)]);
    if (/[<>=|]/.test(qualifier)) return null;
    const widened = comparator === '<' ? '<=' : comparator;
    issues.push(
      `ignored ${quoteInput(qualifier)} after ${comparator} ${version}` +
        (widened !== comparator ? `; read as <= ${version} (the qualified release is later)` : ''),
    );
    return piece([boundConstraint(widened, version)]);
  }
  const plain = dropPrefix(text);
  for (const [pattern, comparators] of PHRASES) {
    const match = pattern.exec(plain);
    if (!match) continue;
    const versions = comparators.map((_, i) => token(dropPrefix(match[i + 1]!)));
    if (versions.some((v) => v === null)) return null;
    return piece(comparators.map((c, i) => boundConstraint(c, versions[i]!)));
  }
  const listed = plain.split(LIST_SEPARATOR);
  if (listed.length > 1) {
    const exact = listed.map(exactPiece);
    return exact.every((e) => e !== null) ? intervalsPiece(exact as VersionInterval[]) : null;
  }
  const words = plain.split(' ');
  if (words.length > 1 && words.every((w) => /^\d+(?:\.\d+)+$/.test(w))) {
    return intervalsPiece(words.map((w) => exactPiece(w)!));
  }
  const single = exactPiece(words[0]!);
  if (single === null) return null;
  if (words.length === 1) return intervalsPiece([single]);
  const qualifier = words.slice(1).join(' ');
  // `1.1.3 Build 10`, `6.x model 35700BAX`: a dotted version or a line, then words. `882160 Gemini
  // Dual` or `MMT-508 MiniMed pump` are models, not versions.
  if (/[<>=|]/.test(qualifier) || !(single.exact === null || single.exact.includes('.'))) return null;
  issues.push(`ignored ${quoteInput(qualifier)} after ${words[0]}`);
  return intervalsPiece([single]);
}

/** Removes parenthetical comments (an unclosed one runs to the end); a fully wrapped text is unwrapped. */
function stripComments(text: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  let t = text;
  if (/^\([^()]*\)$/.test(t)) t = t.slice(1, -1);
  for (let open = t.indexOf('('); open >= 0; open = t.indexOf('(')) {
    let depth = 0;
    let close = t.length;
    for (let i = open; i < t.length; i++) {
      if (t[i] === '(') depth += 1;
      else if (t[i] === ')' && --depth === 0) {
        close = i + 1;
        break;
      }
    }
    removed.push(t.slice(open, close).trim());
    t = `${t.slice(0, open)} ${t.slice(close)}`;
  }
  return { text: t.replace(/\s+/g, ' ').trim(), removed };
}

/** A major version number at the start of a version (`18` of `18.0.1`); null when there is none. */
function major(version: string): bigint | null {
  const digits = /^(\d+)(?:\D|$)/.exec(version)?.[1];
  return digits === undefined ? null : BigInt(digits);
}

/**
 * Upper bounds alone, read as fixes of release lines when each starts with a different major number:
 * below the lowest, then from the major after the previous bound's up to each bound. Null otherwise.
 */
function releaseLines(uppers: readonly VersConstraint[], scheme: VersionScheme): VersionInterval[] | null {
  const sorted = [...uppers].sort((a, b) => compareVersions(scheme, a.version, b.version));
  const majors = sorted.map((c) => major(c.version));
  if (majors.some((m, i) => m === null || (i > 0 && m <= majors[i - 1]!))) return null;
  return sorted.flatMap((c, i) => {
    const start = i === 0 ? null : { version: String(majors[i - 1]! + 1n), inclusive: true };
    const interval = boundedInterval(scheme, start, constraintBound(c));
    return interval ? [interval] : [];
  });
}

/**
 * The versions below a list of upper bounds (`<` or `<=`), such as the fixes of several release lines:
 * one bound is simply below it; several are release lines when each starts with a different major
 * number (see the module comment), else their union; either way with an issue saying so.
 */
export function belowFixes(uppers: readonly VersConstraint[], scheme: VersionScheme): IntervalsResult {
  const lines = uppers.length > 1 ? releaseLines(uppers, scheme) : null;
  if (!lines) return constraintIntervals(uppers, scheme);
  return {
    intervals: lines,
    issues: [
      `several upper bounds read as fixes of release lines: ${lines.map(describeInterval).join(', ')}`,
    ],
  };
}

function describeInterval(i: VersionInterval): string {
  if (i.exact !== null) return i.exact;
  const start = i.start ? `${i.start.inclusive ? '[' : '('}${i.start.version}` : '(*';
  const end = i.end ? `${i.end.version}${i.end.inclusive ? ']' : ')'}` : '*)';
  return `${start}, ${end}`;
}

/** Any version, with the one reason why (what else was noticed in the text no longer matters). */
function anyVersion(reason: string): IntervalsResult {
  return { intervals: [{ ...ANY_VERSION }], issues: [reason] };
}

/**
 * The intervals a CSAF product version or version range names, compared in `scheme` (the scheme of
 * the criterion's key). Never throws and never returns no interval: text it cannot read gives any
 * version, with the reason in `issues`.
 */
export function parseCsafVersion(text: string, scheme: VersionScheme = 'generic'): IntervalsResult {
  const input = text.replace(/\s+/g, ' ').trim();
  if (input === '') return anyVersion('empty version; the rule matches any version');
  if (/^vers:/i.test(input)) {
    try {
      return versIntervals(parseVers(input), scheme);
    } catch (error) {
      if (!(error instanceof VersParseError)) throw error;
      return anyVersion(`${error.message}; the rule matches any version`);
    }
  }
  const { text: bare, removed } = stripComments(input);
  const issues = removed.length > 0 ? [`ignored ${removed.map((r) => quoteInput(r)).join(', ')}`] : [];
  if (MONTH.test(bare) || NUMERIC_DATE.test(bare)) {
    return anyVersion(`version ${quoteInput(input)} is a date, not a version; the rule matches any version`);
  }
  const notUnderstood = `version ${quoteInput(input)} not understood; the rule matches any version`;
  const pieces: Piece[] = [];
  for (const part of bare.split('|').map((p) => p.trim())) {
    if (part === '') continue;
    const read = readPiece(part, issues);
    if (read === null) return anyVersion(notUnderstood);
    pieces.push(read);
  }
  if (pieces.length === 0) return anyVersion(notUnderstood);
  const constraints = pieces.flatMap((p) => p.constraints);
  const intervals = pieces.flatMap((p) => p.intervals);
  const ranged = constraints.filter((c) => c.comparator !== '=');
  const points = constraints.filter((c) => c.comparator === '=');
  const read =
    ranged.length > 1 && ranged.every((c) => c.comparator === '<' || c.comparator === '<=')
      ? belowFixes(ranged, scheme)
      : constraintIntervals(ranged, scheme);
  const pointIntervals = points
    .filter((c) => !read.intervals.some((i) => intervalContains(scheme, i, c.version)))
    .map((c) => ({ exact: c.version, start: null, end: null }));
  return {
    intervals: uniqueIntervals([...read.intervals, ...pointIntervals, ...intervals]),
    issues: [...issues, ...read.issues],
  };
}
