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
