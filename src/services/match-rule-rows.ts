/**
 * Turns domain match rules into stored rows: versions become the byte-sortable keys the matching
 * query compares; platform conditions become one row per criterion.
 */
import type { ConditionRow, MatchRuleRow } from '../db/repositories/intel.repository.js';
import type { MatchCriterion, MatchRule } from '../domain/rules/match-rule.js';
import { versionSortKey } from '../domain/versions/version-scheme.js';

function keys(c: MatchCriterion) {
  const key = (v: string | null) => (v === null ? null : versionSortKey(c.scheme, v));
  return {
    key: c.key,
    scheme: c.scheme,
    exact: c.exact,
    exactKey: key(c.exact),
    startKey: key(c.start?.version ?? null),
    startInclusive: c.start?.inclusive ?? null,
    endKey: key(c.end?.version ?? null),
    endInclusive: c.end?.inclusive ?? null,
    update: c.update,
    raw: c.raw,
  };
}

export function toRuleRow(rule: MatchRule): MatchRuleRow {
  const c = rule.vulnerable;
  const conditions: ConditionRow[] = rule.conditions.flatMap((condition, cond) =>
    condition.anyOf.map((criterion) => ({ cond, negate: condition.negate, ...keys(criterion) })),
  );
  return {
    cveId: rule.cve,
    source: rule.source,
    grp: rule.group,
    ...keys(c),
    startVersion: c.start?.version ?? null,
    endVersion: c.end?.version ?? null,
    conditions,
  };
}
