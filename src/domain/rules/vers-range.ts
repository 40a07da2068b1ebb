/**
 * Version ranges in the `vers` notation (package-url vers-spec, which CSAF 2.0 §3.1.2.3.1.2 names
 * for `product_version_range`): `vers:generic/>=2.0|<2.3`, `vers:semver/<1.2.3`, `vers:all/*`.
 *
 * {@link parseVers} reads the notation as the spec's "how to parse" says (spaces removed, empty and
 * leading/trailing pipes ignored, percent-decoding). {@link constraintIntervals} turns constraints
 * into the intervals a match criterion can hold, following the spec's containment check: constraints
 * sorted by version, then a lower bound paired with the next upper bound; a leading upper bound is
 * open below, a trailing lower bound open above. Redundant neighbours (`<1|<2`, `>=1|>=2`) are
 * simplified as the spec says, to their union, and reported; `!=` splits the interval holding it;
 * an `=` version outside every interval is a point of its own.
 */

import { WardError } from '../../errors.js';
import { quoteInput } from '../cpe/cpe-name.error.js';
import { compareVersions } from '../versions/version-scheme.js';
import type { VersionBound, VersionScheme } from './match-rule.js';

/** A `vers` string that cannot be read; the message quotes the input. Code `invalid_input`. */
export class VersParseError extends WardError {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super('invalid_input', `Invalid vers range ${quoteInput(input)}: ${reason}`);
  }
}

export type VersComparator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface VersConstraint {
  comparator: VersComparator;
  version: string;
}

/** A parsed `vers` range; `constraints` is null for `*` (every version). */
export interface VersRange {
  /** The versioning scheme as written, lower-cased: `generic`, `semver`, `npm`, `all` … */
  scheme: string;
  constraints: VersConstraint[] | null;
}

/**
 * The versions one match criterion accepts: one exact version, or bounds (either may be open).
 * All null is every version.
 */
export interface VersionInterval {
  exact: string | null;
  start: VersionBound | null;
  end: VersionBound | null;
}

/** Every version. */
export const ANY_VERSION: Readonly<VersionInterval> = Object.freeze({ exact: null, start: null, end: null });

/** Intervals with what could not be read exactly (each reason says what was done instead). */
export interface IntervalsResult {
  intervals: VersionInterval[];
  issues: string[];
}

const COMPARATORS: readonly VersComparator[] = ['>=', '<=', '!=', '<', '>', '='];

/** Reads a constraint as the spec does: a leading comparator, else equality. */
export function parseVersConstraint(text: string): VersConstraint {
  const comparator = COMPARATORS.find((c) => text.startsWith(c)) ?? '=';
  const version = text.slice(text.startsWith(comparator) ? comparator.length : 0);
  return { comparator, version };
}

/** Parses a `vers:` string; throws {@link VersParseError} quoting the input when it is not one. */
export function parseVers(input: string): VersRange {
  const text = input.replace(/[ \t\r\n]+/g, '');
  const colon = text.indexOf(':');
  if (colon < 0 || text.slice(0, colon).toLowerCase() !== 'vers') {
    throw new VersParseError(input, 'does not start with "vers:"');
  }
  const specifier = text.slice(colon + 1);
  const slash = specifier.indexOf('/');
  if (slash <= 0) throw new VersParseError(input, 'has no versioning scheme before "/"');
  const scheme = specifier.slice(0, slash).toLowerCase();
  if (!/^[a-z][a-z0-9.+-]*$/.test(scheme)) {
    throw new VersParseError(input, `versioning scheme ${JSON.stringify(scheme)} is not a name`);
  }
  const rest = specifier.slice(slash + 1);
  if (rest === '*') return { scheme, constraints: null };
  const parts = rest.split('|').filter((p) => p !== '');
  if (parts.length === 0) throw new VersParseError(input, 'has no constraints');
  const constraints = parts.map((part) => {
    const constraint = parseVersConstraint(part);
    let version: string;
    try {
      version = decodeURIComponent(constraint.version);
    } catch {
      throw new VersParseError(input, `bad percent-encoding in ${JSON.stringify(part)}`);
    }
    if (version === '') throw new VersParseError(input, `constraint ${JSON.stringify(part)} has no version`);
    if (version === '*') throw new VersParseError(input, '"*" must be the only constraint');
    return { comparator: constraint.comparator, version };
  });
  return { scheme, constraints };
}

function isLower(c: VersConstraint): boolean {
  return c.comparator === '>' || c.comparator === '>=';
}

function isUpper(c: VersConstraint): boolean {
  return c.comparator === '<' || c.comparator === '<=';
}

/** The bound a range constraint gives (`>=`, `<=` inclusive). */
export function constraintBound(c: VersConstraint): VersionBound {
  return { version: c.version, inclusive: c.comparator === '>=' || c.comparator === '<=' };
}

function describe(constraints: readonly VersConstraint[]): string {
  return constraints.map((c) => `${c.comparator}${c.version}`).join('|');
}

/** Whether `version` lies in the interval (exact or bounded). */
export function intervalContains(scheme: VersionScheme, interval: VersionInterval, version: string): boolean {
  if (interval.exact !== null) return compareVersions(scheme, version, interval.exact) === 0;
  const { start, end } = interval;
  if (start) {
    const order = compareVersions(scheme, version, start.version);
    if (order < 0 || (order === 0 && !start.inclusive)) return false;
  }
  if (end) {
    const order = compareVersions(scheme, version, end.version);
    if (order > 0 || (order === 0 && !end.inclusive)) return false;
  }
  return true;
}

/** The intervals without repeats (`4.20 | 4.20 SR1` names 4.20 twice), first occurrence kept. */
export function uniqueIntervals(intervals: readonly VersionInterval[]): VersionInterval[] {
  const seen = new Set<string>();
  return intervals.filter((i) => {
    const id = JSON.stringify([i.exact, i.start, i.end]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** An interval from bounds: a closed single point becomes an exact version; an empty one null. */
export function boundedInterval(
  scheme: VersionScheme,
  start: VersionBound | null,
  end: VersionBound | null,
): VersionInterval | null {
  if (start && end) {
    const order = compareVersions(scheme, start.version, end.version);
    if (order > 0) return null;
    if (order === 0)
      return start.inclusive && end.inclusive ? { exact: start.version, start: null, end: null } : null;
  }
  return { exact: null, start, end };
}

/**
 * Range constraints (`<`, `<=`, `>`, `>=`) sorted by version, with redundant neighbours removed as the
 * vers spec's simplification does: of two lower bounds in a row the first (smaller) stays, of two
 * upper bounds the second (larger): their union.
 */
function simplifyRanges(sorted: readonly VersConstraint[]): VersConstraint[] {
  const kept: VersConstraint[] = [];
  for (const c of sorted) {
    const previous = kept.at(-1);
    if (previous && isLower(previous) && isLower(c)) continue;
    if (previous && isUpper(previous) && isUpper(c)) kept.pop();
    kept.push(c);
  }
  return kept;
}

/**
 * The intervals of a list of constraints compared in `scheme` (see the module comment). An empty
 * list gives no interval. Never throws: what the spec calls invalid is simplified and reported.
 */
export function constraintIntervals(
  constraints: readonly VersConstraint[],
  scheme: VersionScheme,
): IntervalsResult {
  const issues: string[] = [];
  const byVersion = (a: VersConstraint, b: VersConstraint): number =>
    compareVersions(scheme, a.version, b.version);
  const ranges = constraints.filter((c) => isLower(c) || isUpper(c)).sort(byVersion);
  const simplified = simplifyRanges(ranges);
  if (simplified.length < ranges.length) {
    issues.push(
      `redundant constraints ${describe(ranges)} read as their union ${describe(simplified)} (vers-spec simplification)`,
    );
  }
  let intervals: VersionInterval[] = [];
  for (let i = 0; i < simplified.length; i++) {
    const c = simplified[i]!;
    const next = simplified[i + 1];
    const interval = isUpper(c)
      ? boundedInterval(scheme, null, constraintBound(c))
      : next
        ? boundedInterval(scheme, constraintBound(c), constraintBound(next))
        : boundedInterval(scheme, constraintBound(c), null);
    if (isLower(c) && next) i += 1;
    if (interval) intervals.push(interval);
  }
  const excluded = constraints.filter((c) => c.comparator === '!=');
  if (excluded.length > 0 && simplified.length === 0) intervals.push({ ...ANY_VERSION });
  for (const { version } of excluded) {
    intervals = intervals.flatMap((interval) => {
      if (!intervalContains(scheme, interval, version)) return [interval];
      if (interval.exact !== null) return [];
      const below = boundedInterval(scheme, interval.start, { version, inclusive: false });
      const above = boundedInterval(scheme, { version, inclusive: false }, interval.end);
      return [below, above].filter((x): x is VersionInterval => x !== null);
    });
  }
  for (const { version } of constraints.filter((c) => c.comparator === '=')) {
    if (excluded.some((e) => compareVersions(scheme, e.version, version) === 0)) continue;
    if (!intervals.some((interval) => intervalContains(scheme, interval, version))) {
      intervals.push({ exact: version, start: null, end: null });
    }
  }
  return { intervals: uniqueIntervals(intervals), issues };
}

/**
 * The intervals of a parsed `vers` range, compared in `scheme` (the criterion's: the scheme of the key
 * it will be matched against, whatever the range's own scheme says). `*` is every version.
 */
export function versIntervals(range: VersRange, scheme: VersionScheme): IntervalsResult {
  if (range.constraints === null) return { intervals: [{ ...ANY_VERSION }], issues: [] };
  return constraintIntervals(range.constraints, scheme);
}
