/**
 * Does an installed component satisfy a match criterion? The one definition every matcher (the
 * reference evaluator, the database path, tests) uses.
 *
 * Semantics, following NISTIR 7696 (CPE name matching), with a third answer — **possible**
 * (`assumed`) — wherever the inventory does not say enough to confirm or rule out a match. Possible
 * matches become possible findings: shown and filterable, never counted with confirmed ones.
 * - Keys must be equal. Versions compare in the criterion's scheme.
 * - Criterion version ANY (`exact` null, no bounds): every version. Bounds: the four NVD forms,
 *   `versionStart/End Including/Excluding`, each checked (`end` exclusive = the fixed version is safe).
 * - **Version equality** is one rule, strict, for exact versions and range bounds alike: an exact
 *   criterion is equal only as written (case-insensitive, as NISTIR 7696 compares values); bounds
 *   order by the scheme (`compareVersions`), and where the scheme calls two spellings equal
 *   (`2.2.2.8` and `2.2.2.8.0`, trailing zeros not counting) the one with more parts is after. That
 *   strict reading decides a confirmed match. Where the scheme's looser reading would also match
 *   (`2.2.2.8.0` against exact `2.2.2.8`, or against `versionEndIncluding 2.2.2.8`), the match is
 *   possible and says what would settle it. The database's key ranges hold both readings (bounds
 *   are taken inclusively there).
 * - Criterion version `-` (NA): NVD writes it for products it does not version (`windows_7`,
 *   `windows_server_2016:-`, hardware such as `acuson_p300`), often for "the product as a whole".
 *   A component without a version or with `-` matches, as do older records' intentions; a component
 *   with a specific version (a build from 2024) matches only **possibly**: NVD names no version, and
 *   the vendor's fixed build or KB would settle it (NISTIR 7696: NA against a value is no match).
 * - Criterion update ANY: any update. A named update (`sp1`) matches the same update
 *   (case-insensitive); `-` matches only a component that says it has none (`-`).
 * - Every other attribute a criterion sets — edition, sw_edition, target_sw, target_hw, other (not
 *   `*`) — must be equal (case-insensitive); a component that does not say (ANY, or no CPE) matches
 *   possibly, and the reason names the attribute that would settle it (`target_sw go`).
 * - Unknown installed data is possible, never silently dropped: a component with no version (null,
 *   `*`, blank) against a version constraint, or with no update (null) against a criterion that
 *   names one (`windows_7:-:sp1`, `log4j:2.0:-`).
 * - An installed version `-` is a statement, not a gap: the product has no version (NVD writes
 *   Windows Server 2008 as `windows_server_2008:-` and R2 as `windows_server_2008:r2`). As in NISTIR
 *   7696 (NA against a value is DISJOINT) it matches no exact version or range.
 * - NVD splits some pre-releases into the update field (`log4j:2.0:beta9`); inventories write them
 *   into the version (`2.0-beta9`). A component whose version equals `<version>-<update>` and whose
 *   update is unknown matches that criterion definitely.
 */

import { compareVersions } from '../versions/version-scheme.js';
import type { InstalledComponent } from './installed-component.js';
import type { CpeAttribute, MatchCriterion } from './match-rule.js';

/** Outcome of matching: definitely, only by assuming unknown installed data, or not at all. */
export type MatchVerdict = 'match' | 'assumed' | 'none';

const RANK: Record<MatchVerdict, number> = { none: 0, assumed: 1, match: 2 };

/** The weaker of two verdicts (logical AND). */
export function allOf(a: MatchVerdict, b: MatchVerdict): MatchVerdict {
  return RANK[a] <= RANK[b] ? a : b;
}

/** The stronger of two verdicts (logical OR). */
export function anyOf(a: MatchVerdict, b: MatchVerdict): MatchVerdict {
  return RANK[a] >= RANK[b] ? a : b;
}

function unknown(value: string | null): boolean {
  return value === null || value === '*' || value.trim() === '';
}

/** A verdict with, when possible, what would settle it. */
export interface Explained {
  verdict: MatchVerdict;
  /** Why the match is only possible (empty unless `assumed`). */
  reasons: string[];
}

const NONE: Explained = { verdict: 'none', reasons: [] };
const MATCH: Explained = { verdict: 'match', reasons: [] };
const possible = (reason: string): Explained => ({ verdict: 'assumed', reasons: [reason] });

/** The weaker of two explained verdicts, with the reasons of the possible ones. */
function both(a: Explained, b: Explained): Explained {
  const verdict = allOf(a.verdict, b.verdict);
  if (verdict === 'none') return NONE;
  return { verdict, reasons: [...a.reasons, ...b.reasons] };
}

/** A criterion's update when it names one (`sp1`, `beta9`); null for ANY and NA. */
function namedUpdate(criterion: MatchCriterion): string | null {
  const update = criterion.update;
  return update === null || update === '*' || update === '-' ? null : update;
}

/** Whether the criterion constrains the version at all (ANY and NA do not). */
export function constrainsVersion(criterion: MatchCriterion): boolean {
  return (
    (criterion.exact !== null && criterion.exact !== '-') ||
    criterion.start !== null ||
    criterion.end !== null
  );
}

/** The number of numeric and letter runs of a version (`2.2.2.8.0`: 5). */
function runCount(version: string): number {
  return version.toLowerCase().match(/[0-9]+|[a-z]+/g)?.length ?? 0;
}

/**
 * Two orders of `a` against `b`: the scheme's (`loose`) and the strict one, which keeps the
 * scheme's order but tells apart spellings it calls equal: the one with more parts is after
 * (`2.2.2.8` < `2.2.2.8.0`).
 */
function orders(scheme: MatchCriterion['scheme'], a: string, b: string): [number, number] {
  const loose = compareVersions(scheme, a, b);
  if (loose !== 0) return [loose, loose];
  return [0, Math.sign(runCount(a) - runCount(b))];
}

/** Exact equality as written (case-insensitive). */
function sameText(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

const NO_VERSION = "NVD names no version for this product; the vendor's fixed build or KB would settle it";

/** Version check; `combined` when the version matched as `<exact>-<update>`, which also settles the update. */
function versionVerdict(criterion: MatchCriterion, component: InstalledComponent): Explained | 'combined' {
  const version = component.version;
  if (!constrainsVersion(criterion)) {
    const specific = version !== null && !unknown(version) && version !== '-';
    return criterion.exact === '-' && specific ? possible(NO_VERSION) : MATCH;
  }
  if (version === null || unknown(version))
    return possible('the installed version is unknown; it would settle it');
  if (version === '-') return NONE;
  const { scheme, exact, start, end } = criterion;
  let loose = true;
  let strict = true;
  const ties: string[] = [];
  const check = (bound: string, accept: (order: number) => boolean) => {
    const [l, s] = orders(scheme, version, bound);
    loose &&= accept(l);
    strict &&= accept(s);
    if (l !== s) ties.push(bound);
  };
  if (exact !== null && exact !== '-') {
    const [l] = orders(scheme, version, exact);
    if (l !== 0) {
      const update = namedUpdate(criterion);
      if (update === null || !unknown(component.update)) return NONE;
      if (compareVersions(scheme, version, `${exact}-${update}`) !== 0) return NONE;
      return 'combined';
    }
    if (!sameText(version, exact)) {
      strict = false;
      ties.push(exact);
    }
  }
  if (start !== null) check(start.version, (order) => order > 0 || (order === 0 && start.inclusive));
  if (end !== null) check(end.version, (order) => order < 0 || (order === 0 && end.inclusive));
  if (strict) return MATCH;
  if (!loose) return NONE;
  return possible(
    `installed ${version} equals NVD's ${ties.join(', ')} only if trailing zeros do not count; the exact version would settle it`,
  );
}

function updateVerdict(criterion: MatchCriterion, component: InstalledComponent): Explained {
  const wanted = criterion.update;
  if (wanted === null || wanted === '*') return MATCH;
  const installed = component.update;
  if (installed === null || unknown(installed))
    return possible(`NVD names update ${wanted}; the installed update would settle it`);
  return wanted.toLowerCase() === installed.toLowerCase() ? MATCH : NONE;
}

/** The CPE attribute names as NVD writes them, for reasons. */
const ATTRIBUTE_NAMES: Record<CpeAttribute, string> = {
  edition: 'edition',
  swEdition: 'sw_edition',
  targetSw: 'target_sw',
  targetHw: 'target_hw',
  other: 'other',
};

function attributeVerdict(criterion: MatchCriterion, component: InstalledComponent): Explained {
  let result = MATCH;
  for (const [name, wanted] of Object.entries(criterion.attributes ?? {}) as [CpeAttribute, string][]) {
    if (wanted === '*') continue;
    const installed = component.attributes?.[name];
    if (installed === undefined || installed === '*') {
      result = both(
        result,
        possible(
          `NVD names ${ATTRIBUTE_NAMES[name]} ${wanted}; the installed ${ATTRIBUTE_NAMES[name]} would settle it`,
        ),
      );
    } else if (installed.toLowerCase() !== wanted.toLowerCase()) return NONE;
  }
  return result;
}

/** Matches one component against one criterion, saying why when the match is only possible. */
export function explainCriterion(criterion: MatchCriterion, component: InstalledComponent): Explained {
  if (criterion.key !== component.key) return NONE;
  const attributes = attributeVerdict(criterion, component);
  if (attributes.verdict === 'none') return NONE;
  const version = versionVerdict(criterion, component);
  if (version === 'combined') return attributes;
  if (version.verdict === 'none') return NONE;
  return both(attributes, both(version, updateVerdict(criterion, component)));
}

/** Matches one component against one criterion; see the module comment for the exact semantics. */
export function evaluateCriterion(criterion: MatchCriterion, component: InstalledComponent): MatchVerdict {
  return explainCriterion(criterion, component).verdict;
}

/** True when the component matches the criterion, definitely or possibly (conservative for security). */
export function criterionMatches(criterion: MatchCriterion, component: InstalledComponent): boolean {
  return evaluateCriterion(criterion, component) !== 'none';
}
