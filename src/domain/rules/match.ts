/**
 * The reference evaluator: which rules match which installed component of one asset, honouring
 * each rule's conditions on the same asset (platform present, or absent when negated).
 *
 * It defines the expected result for the database matcher and the incremental path; those must give
 * the same findings (compare them against it in tests). Verdicts combine three-valued: a rule
 * matches `assumed` when the component or a condition matched only by assuming unknown installed
 * data (see `evaluateCriterion`). A negated condition fails only on a definite match of the platform
 * it excludes; an assumed one leaves the rule `assumed` (conservative for security).
 */

import { allOf, anyOf, evaluateCriterion, type MatchVerdict } from './criterion-match.js';
import type { InstalledComponent } from './installed-component.js';
import type { MatchRule, PlatformCondition } from './match-rule.js';

/** One rule matching one component of the asset. */
export interface RuleMatch {
  rule: MatchRule;
  /** Index of the component in the asset's component list. */
  componentIndex: number;
  component: InstalledComponent;
  /** `definite`: everything needed was known; `assumed`: matched only by assuming unknown version or update. */
  certainty: 'definite' | 'assumed';
}

/** Rules grouped by the key of their vulnerable criterion, for one lookup per component. */
export type RuleIndex = ReadonlyMap<string, readonly MatchRule[]>;

/** Groups rules by `vulnerable.key`. */
export function indexRules(rules: Iterable<MatchRule>): RuleIndex {
  const index = new Map<string, MatchRule[]>();
  for (const rule of rules) {
    const list = index.get(rule.vulnerable.key);
    if (list) list.push(rule);
    else index.set(rule.vulnerable.key, [rule]);
  }
  return index;
}

/** Whether one platform condition holds on an asset with these components. */
export function evaluateCondition(
  condition: PlatformCondition,
  components: readonly InstalledComponent[],
): MatchVerdict {
  let present: MatchVerdict = 'none';
  for (const criterion of condition.anyOf) {
    for (const component of components) {
      present = anyOf(present, evaluateCriterion(criterion, component));
      if (present === 'match') break;
    }
    if (present === 'match') break;
  }
  if (!condition.negate) return present;
  return present === 'match' ? 'none' : present === 'assumed' ? 'assumed' : 'match';
}

/** Whether a rule matches one component of an asset, conditions included. */
export function evaluateRule(
  rule: MatchRule,
  component: InstalledComponent,
  components: readonly InstalledComponent[],
): MatchVerdict {
  let verdict = evaluateCriterion(rule.vulnerable, component);
  for (const condition of rule.conditions) {
    if (verdict === 'none') return 'none';
    verdict = allOf(verdict, evaluateCondition(condition, components));
  }
  return verdict;
}

/**
 * Every (rule, component) match on one asset, in component order then rule order. `rules` may be a
 * list or an index from {@link indexRules} (build it once when matching many assets).
 */
export function matchAsset(
  components: readonly InstalledComponent[],
  rules: readonly MatchRule[] | RuleIndex,
): RuleMatch[] {
  const index: RuleIndex = Array.isArray(rules)
    ? indexRules(rules as readonly MatchRule[])
    : (rules as RuleIndex);
  const matches: RuleMatch[] = [];
  components.forEach((component, componentIndex) => {
    for (const rule of index.get(component.key) ?? []) {
      const verdict = evaluateRule(rule, component, components);
      if (verdict !== 'none') {
        matches.push({
          rule,
          componentIndex,
          component,
          certainty: verdict === 'match' ? 'definite' : 'assumed',
        });
      }
    }
  });
  return matches;
}

/** The distinct CVEs matched on an asset, each with its strongest certainty. */
export function matchedCves(matches: readonly RuleMatch[]): Map<string, 'definite' | 'assumed'> {
  const cves = new Map<string, 'definite' | 'assumed'>();
  for (const m of matches) {
    if (cves.get(m.rule.cve) !== 'definite') cves.set(m.rule.cve, m.certainty);
  }
  return cves;
}
