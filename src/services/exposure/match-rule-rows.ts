/**
 * Turns domain match rules into stored rows: versions are kept as given and also turned into the
 * byte-sortable key ranges the database finds candidate components by; platform conditions become
 * one row per criterion.
 */

import type {
  StoredCondition,
  StoredCriterion,
  StoredRule,
} from '../../db/repositories/exposure/match-rule.sql.js';
import type { CriterionRow, MatchRuleRow } from '../../db/repositories/intel.repository.js';
import { groupBy } from '../../domain/collections/group-by.js';
import { cpeAttributes } from '../../domain/cpe/cpe-key.js';
import { parseCpe } from '../../domain/cpe/cpe-name.parser.js';
import { criterionKeyRanges } from '../../domain/rules/criterion-key-range.js';
import type { MatchCriterion, MatchRule, PlatformCondition } from '../../domain/rules/match-rule.js';

export function toCriterionRow(c: MatchCriterion): CriterionRow {
  const ranges = criterionKeyRanges(c);
  const [main, alt] = ranges ?? [];
  return {
    key: c.key,
    scheme: c.scheme,
    exact: c.exact,
    startVersion: c.start?.version ?? null,
    startInclusive: c.start?.inclusive ?? null,
    endVersion: c.end?.version ?? null,
    endInclusive: c.end?.inclusive ?? null,
    update: c.update,
    loKey: main?.lower?.key ?? null,
    loInclusive: main?.lower?.inclusive ?? null,
    hiKey: main?.upper?.key ?? null,
    hiInclusive: main?.upper?.inclusive ?? null,
    altKey: alt?.lower?.key ?? null,
    raw: c.raw,
  };
}

/** The attributes a stored criterion sets, read from its CPE (none for a purl or CSAF product). */
function attributesOf(raw: string): MatchCriterion['attributes'] {
  if (!raw.startsWith('cpe:2.3:')) return undefined;
  if (ATTRIBUTES.has(raw)) return ATTRIBUTES.get(raw);
  let attributes: MatchCriterion['attributes'];
  try {
    attributes = cpeAttributes(parseCpe(raw));
  } catch {
    attributes = undefined;
  }
  if (ATTRIBUTES.size > 100_000) ATTRIBUTES.clear();
  ATTRIBUTES.set(raw, attributes);
  return attributes;
}

/** Parsed attributes by criterion (matching reads the same criteria for many components). */
const ATTRIBUTES = new Map<string, MatchCriterion['attributes']>();

/** The inverse: the domain criterion a stored row describes. */
export function fromCriterionRow(r: StoredCriterion): MatchCriterion {
  return {
    attributes: attributesOf(r.raw),
    key: r.key,
    scheme: r.scheme as MatchCriterion['scheme'],
    exact: r.exact,
    start:
      r.start_version === null ? null : { version: r.start_version, inclusive: r.start_inclusive ?? true },
    end: r.end_version === null ? null : { version: r.end_version, inclusive: r.end_inclusive ?? false },
    update: r.update,
    raw: r.raw,
  };
}

export function toRuleRow(rule: MatchRule): MatchRuleRow {
  return {
    cveId: rule.cve,
    source: rule.source,
    grp: rule.group,
    ...toCriterionRow(rule.vulnerable),
    conditions: rule.conditions.flatMap((condition, cond) =>
      condition.anyOf.map((criterion) => ({ cond, negate: condition.negate, ...toCriterionRow(criterion) })),
    ),
  };
}

/** Rebuilds domain rules from stored rules and their condition rows. */
export function fromStoredRules(
  rules: readonly StoredRule[],
  conditions: readonly StoredCondition[],
): (MatchRule & { id: number })[] {
  const byRule = new Map<number, PlatformCondition[]>();
  for (const c of conditions) {
    const list = byRule.get(c.rule_id) ?? [];
    byRule.set(c.rule_id, list);
    let group = list[c.cond];
    if (!group) {
      group = { negate: c.negate, anyOf: [] };
      list[c.cond] = group;
    }
    group.anyOf.push(fromCriterionRow(c));
  }
  return rules.map((r) => ({
    id: r.id,
    cve: r.cve_id,
    source: r.source,
    group: r.grp,
    vulnerable: fromCriterionRow(r),
    conditions: (byRule.get(r.id) ?? []).filter(Boolean),
  }));
}

/** A criterion as stored, as one string: the columns the source gave (the key ranges follow from them). */
function criterionText(c: StoredCriterion): string {
  return JSON.stringify([
    c.key,
    c.scheme,
    c.exact,
    c.start_version,
    c.start_inclusive,
    c.end_version,
    c.end_inclusive,
    c.update,
    c.raw,
  ]);
}

function storedCriterion(c: CriterionRow): StoredCriterion {
  return {
    key: c.key,
    scheme: c.scheme,
    exact: c.exact,
    start_version: c.startVersion,
    start_inclusive: c.startInclusive,
    end_version: c.endVersion,
    end_inclusive: c.endInclusive,
    update: c.update,
    raw: c.raw,
  };
}

/** One criterion of a rule's platform condition `cond`, as one string. */
function conditionText(cond: number, negate: boolean, criterion: StoredCriterion): string {
  return `${cond}|${negate}|${criterionText(criterion)}`;
}

/** One rule as a string: its group, criterion and conditions, in a canonical order. */
function ruleText(grp: number, vulnerable: string, conditions: string[]): string {
  return JSON.stringify([grp, vulnerable, conditions.sort()]);
}

/** Per CVE, its rules as one string, equal exactly when two rule sets match the same components the same way. */
function byCve(rules: { cve: string; text: string }[]): Map<string, string> {
  const texts = groupBy(rules, (r) => r.cve);
  return new Map(
    [...texts].map(([cve, list]) => [
      cve,
      list
        .map((r) => r.text)
        .sort()
        .join('\n'),
    ]),
  );
}

/** The rule sets of rows about to be stored, per CVE (see `storedRuleSets`). */
export function ruleSets(rows: readonly MatchRuleRow[]): Map<string, string> {
  return byCve(
    rows.map((r) => ({
      cve: r.cveId,
      text: ruleText(
        r.grp,
        criterionText(storedCriterion(r)),
        r.conditions.map((c) => conditionText(c.cond, c.negate, storedCriterion(c))),
      ),
    })),
  );
}

/** The rule sets of stored rules, per CVE, comparable with `ruleSets` of the rows that stored them. */
export function storedRuleSets(
  rules: readonly StoredRule[],
  conditions: readonly StoredCondition[],
): Map<string, string> {
  const ofRule = groupBy(conditions, (c) => Number(c.rule_id));
  return byCve(
    rules.map((r) => ({
      cve: r.cve_id,
      text: ruleText(
        r.grp,
        criterionText(r),
        (ofRule.get(Number(r.id)) ?? []).map((c) => conditionText(c.cond, c.negate, c)),
      ),
    })),
  );
}
