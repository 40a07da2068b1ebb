/**
 * The columns of a stored match criterion, in one place: a rule's vulnerable criterion
 * (`match_rules`) and its platform conditions (`rule_conditions`) share them. Readers of rules
 * (matching, scan, product identity) select `CRITERION_COLUMNS` and get these row types.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { MatchRuleTable, RuleConditionTable } from '../../schema.js';

type CriterionColumn =
  | 'key'
  | 'scheme'
  | 'exact'
  | 'start_version'
  | 'start_inclusive'
  | 'end_version'
  | 'end_inclusive'
  | 'update'
  | 'raw';

/** A match criterion as stored: versions as the source gave them. */
export type StoredCriterion = Pick<Selectable<MatchRuleTable>, CriterionColumn>;

/** A rule's vulnerable criterion with its identity. */
export type StoredRule = Pick<
  Selectable<MatchRuleTable>,
  CriterionColumn | 'id' | 'cve_id' | 'source' | 'grp'
>;

/** One criterion of one of a rule's platform conditions (`cond`: the condition's index). */
export type StoredCondition = Pick<
  Selectable<RuleConditionTable>,
  CriterionColumn | 'rule_id' | 'cond' | 'negate'
>;

export const CRITERION_COLUMNS = sql.raw(
  'key, scheme, exact, start_version, start_inclusive, end_version, end_inclusive, update, raw',
);
