/**
 * Does an installed component satisfy a match criterion? The one definition every matcher (the
 * reference evaluator, the database path, tests) uses.
 *
 * Semantics, following NISTIR 7696 (CPE name matching) where it is safe and choosing the
 * conservative answer for security where inventory data is incomplete:
 * - Keys must be equal. Versions compare in the criterion's scheme.
 * - Criterion version ANY (`exact` null, no bounds): every version. Bounds: the four NVD forms,
 *   `versionStart/End Including/Excluding`, each checked (`end` exclusive = the fixed version is safe).
 * - Criterion version `-` (NA): NVD writes it for products it does not version (`windows_7`,
 *   hardware such as `acuson_p300`); NISTIR 7696 would not match an installed version against NA,
 *   but an inventory always reports some version for Windows 7, so Ward matches any version. Definite.
 * - Criterion update ANY: any update. A named update (`sp1`) matches the same update
 *   (case-insensitive); `-` matches only a component that says it has none (`-`).
 * - Unknown installed data is **assumed** to match, never silently dropped: a component with no
 *   version (null, `*`, blank) against a version constraint, or with no update (null) against a
 *   criterion that names one (`windows_7:-:sp1`, `log4j:2.0:-`). The verdict says `assumed` so the
 *   exposure can be shown as "possible" rather than confirmed.
 * - An installed version `-` is a statement, not a gap: the product has no version (NVD writes
 *   Windows Server 2008 as `windows_server_2008:-` and R2 as `windows_server_2008:r2`). As in NISTIR
 *   7696 (NA against a value is DISJOINT) it matches no exact version or range.
 * - NVD splits some pre-releases into the update field (`log4j:2.0:beta9`); inventories write them
 *   into the version (`2.0-beta9`). A component whose version equals `<version>-<update>` and whose
 *   update is unknown matches that criterion definitely.
 * - Other CPE attributes (edition, sw_edition, target_sw, target_hw …) are not part of the match key
 *   and are ignored: a criterion for `x64` also matches an `x86` installation (over-matching).
 */

import { compareVersions } from '../versions/version-scheme.js';
import type { InstalledComponent } from './installed-component.js';
import type { MatchCriterion } from './match-rule.js';

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

/** Version check; `combined` when the version matched as `<exact>-<update>`, which also settles the update. */
function versionVerdict(criterion: MatchCriterion, component: InstalledComponent): MatchVerdict | 'combined' {
  if (!constrainsVersion(criterion)) return 'match';
  const version = component.version;
  if (version === null || unknown(version)) return 'assumed';
  if (version === '-') return 'none';
  const { scheme, exact, start, end } = criterion;
  let combined = false;
  if (exact !== null && exact !== '-' && compareVersions(scheme, version, exact) !== 0) {
    const update = namedUpdate(criterion);
    if (update === null || !unknown(component.update)) return 'none';
    if (compareVersions(scheme, version, `${exact}-${update}`) !== 0) return 'none';
    combined = true;
  }
  if (start !== null) {
    const order = compareVersions(scheme, version, start.version);
    if (order < 0 || (order === 0 && !start.inclusive)) return 'none';
  }
  if (end !== null) {
    const order = compareVersions(scheme, version, end.version);
    if (order > 0 || (order === 0 && !end.inclusive)) return 'none';
  }
  return combined ? 'combined' : 'match';
}

function updateVerdict(criterion: MatchCriterion, component: InstalledComponent): MatchVerdict {
  const wanted = criterion.update;
  if (wanted === null || wanted === '*') return 'match';
  const installed = component.update;
  if (installed === null || unknown(installed)) return 'assumed';
  return wanted.toLowerCase() === installed.toLowerCase() ? 'match' : 'none';
}

/** Matches one component against one criterion; see the module comment for the exact semantics. */
export function evaluateCriterion(criterion: MatchCriterion, component: InstalledComponent): MatchVerdict {
  if (criterion.key !== component.key) return 'none';
  const version = versionVerdict(criterion, component);
  if (version === 'combined') return 'match';
  if (version === 'none') return 'none';
  return allOf(version, updateVerdict(criterion, component));
}

/** True when the component matches the criterion, definitely or by assumption (conservative for security). */
export function criterionMatches(criterion: MatchCriterion, component: InstalledComponent): boolean {
  return evaluateCriterion(criterion, component) !== 'none';
}
