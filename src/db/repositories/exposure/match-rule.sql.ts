/**
 * The columns of a stored match criterion, in one place: a rule's vulnerable criterion
 * (`match_rules`) and its platform conditions (`rule_conditions`) share them. Readers of rules
 * (matching, scan, product identity) select `STORED_CRITERION` and get these row types.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB, MatchRuleTable, RuleConditionTable } from '../../schema.js';

/** The columns that describe a criterion as the source gave it (the key ranges matching uses are left out). */
export const STORED_CRITERION_COLUMNS = [
  'key',
  'scheme',
  'exact',
  'start_version',
  'start_inclusive',
  'end_version',
  'end_inclusive',
  'update',
  'raw',
] as const;

type CriterionColumn = (typeof STORED_CRITERION_COLUMNS)[number];

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

/** `key, scheme, …`: the stored criterion's columns, for a select list. */
export const STORED_CRITERION = sql.raw(STORED_CRITERION_COLUMNS.join(', '));

/** Rules with their platform conditions, as stored. */
export interface StoredRules {
  rules: StoredRule[];
  conditions: StoredCondition[];
}

/** The given rules with their platform conditions (read in rule and condition order). */
export async function withConditions(
  db: Kysely<DB> | Transaction<DB>,
  rules: StoredRule[],
): Promise<StoredRules> {
  const ids = rules.map((r) => r.id);
  const conditions = ids.length
    ? await sql<StoredCondition>`
        SELECT rule_id, cond, negate, ${STORED_CRITERION} FROM rule_conditions WHERE rule_id IN (${sql.join(ids)}) ORDER BY rule_id, cond, id`.execute(
        db,
      )
    : { rows: [] };
  return { rules, conditions: conditions.rows };
}
