/**
 * Turns domain match rules into stored rows: versions are kept as given and also turned into the
 * byte-sortable key ranges the database finds candidate components by; platform conditions become
 * one row per criterion.
 */
import type { CriterionRow, MatchRuleRow } from '../db/repositories/intel.repository.js';
import { criterionKeyRanges } from '../domain/rules/criterion-key-range.js';
import type { MatchCriterion, MatchRule } from '../domain/rules/match-rule.js';

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

/** The inverse: the domain criterion a stored row describes. */
export function fromCriterionRow(r: {
  key: string;
  scheme: string;
  exact: string | null;
  start_version: string | null;
  start_inclusive: boolean | null;
  end_version: string | null;
  end_inclusive: boolean | null;
  update: string | null;
  raw: string;
}): MatchCriterion {
  return {
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
