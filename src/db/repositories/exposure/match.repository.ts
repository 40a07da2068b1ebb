/**
 * Candidate matches between distinct components and rules (or platform-condition criteria): same
 * key, and a version sort key inside the criterion's key range. The exact verdict is the domain's
 * (`evaluateCriterion`); the service applies it to these candidates and stores the survivors.
 */
import { type Kysely, type RawBuilder, type Selectable, sql, type Transaction } from 'kysely';
import { copyInto } from '../../copy.js';
import type { ComponentMatchTable, ComponentTable, ConditionMatchTable, DB } from '../../schema.js';
import {
  STORED_CRITERION,
  type StoredCondition,
  type StoredCriterion,
  type StoredRule,
  type StoredRules,
  withConditions,
} from './match-rule.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** Which components or rules a matching pass covers. */
export type MatchFilter =
  | { kind: 'components'; fromId: number; toId: number; unmatchedOnly: boolean }
  | { kind: 'cves'; cveIds: readonly string[] }
  | { kind: 'rules'; ruleIds: readonly number[] };

/**
 * A candidate: a component (its columns prefixed `c_`) and a criterion whose key range holds its
 * version — a rule's vulnerable criterion (`cond` 0, not negated) or one of a platform condition's
 * (`cve_id` '', not conditional).
 */
export type CandidateRow = StoredCriterion &
  Pick<Selectable<ComponentMatchTable>, 'component_id' | 'rule_id' | 'cve_id' | 'conditional'> &
  Pick<Selectable<ConditionMatchTable>, 'cond' | 'negate'> & {
    c_key: Selectable<ComponentTable>['key'];
    c_version: Selectable<ComponentTable>['version'];
    c_update: Selectable<ComponentTable>['update'];
    c_scheme: Selectable<ComponentTable>['scheme'];
    c_attrs: Selectable<ComponentTable>['attrs'];
  };

/**
 * The key-range predicate: unknown versions are candidates of every criterion of their key. Bounds
 * are taken inclusively: a version whose key equals an exclusive bound's may still be in range when
 * spelt differently (`2.0.0` against `versionStartExcluding 2.0`: possible, see `evaluateCriterion`).
 */
const IN_RANGE = sql`(
  c.version_key IS NULL OR c.version_key = r.alt_key OR (
    (r.lo_key IS NULL OR c.version_key >= r.lo_key) AND (r.hi_key IS NULL OR c.version_key <= r.hi_key)))`;

function where(filter: MatchFilter, ruleId: RawBuilder<unknown>): RawBuilder<unknown> {
  if (filter.kind === 'components') {
    const unmatched = filter.unmatchedOnly ? sql`AND c.matched_at IS NULL` : sql``;
    return sql`c.id BETWEEN ${filter.fromId} AND ${filter.toId} ${unmatched}`;
  }
  if (filter.kind === 'rules') return sql`${ruleId} IN (${sql.join(filter.ruleIds)})`;
  return sql`${ruleId} IN (SELECT id FROM match_rules WHERE cve_id IN (${sql.join(filter.cveIds)}))`;
}

function nothing(filter: MatchFilter): boolean {
  return (
    (filter.kind === 'cves' && filter.cveIds.length === 0) ||
    (filter.kind === 'rules' && filter.ruleIds.length === 0)
  );
}

/** Candidate (component, vulnerable criterion) pairs. */
export async function candidateRuleMatches(db: Executor, filter: MatchFilter): Promise<CandidateRow[]> {
  if (nothing(filter)) return [];
  const rows = await sql<CandidateRow>`
    SELECT c.id AS component_id, c.key AS c_key, c.version AS c_version, c.update AS c_update, c.scheme AS c_scheme, c.attrs AS c_attrs,
      r.id AS rule_id, r.cve_id, r.conditional, 0 AS cond, false AS negate, r.key, r.scheme, r.exact,
      r.start_version, r.start_inclusive, r.end_version, r.end_inclusive, r.update, r.raw
    FROM components c JOIN match_rules r ON r.key = c.key
    WHERE ${where(filter, sql`r.id`)} AND ${IN_RANGE}`.execute(db);
  return rows.rows;
}

/** Candidate (component, platform-condition criterion) pairs. */
export async function candidateConditionMatches(db: Executor, filter: MatchFilter): Promise<CandidateRow[]> {
  if (nothing(filter)) return [];
  const rows = await sql<CandidateRow>`
    SELECT c.id AS component_id, c.key AS c_key, c.version AS c_version, c.update AS c_update, c.scheme AS c_scheme, c.attrs AS c_attrs,
      r.rule_id, '' AS cve_id, false AS conditional, r.cond, r.negate, r.key, r.scheme, r.exact,
      r.start_version, r.start_inclusive, r.end_version, r.end_inclusive, r.update, r.raw
    FROM components c JOIN rule_conditions r ON r.key = c.key
    WHERE ${where(filter, sql`r.rule_id`)} AND ${IN_RANGE}`.execute(db);
  return rows.rows;
}

/**
 * How many candidate pairs a full match examines: (component, vulnerable criterion) and
 * (component, platform-condition criterion) pairs passing the key-range predicate, as
 * `candidateRuleMatches` and `candidateConditionMatches` enumerate them for every component.
 */
export async function countCandidatePairs(db: Executor): Promise<{ rules: number; conditions: number }> {
  const row = await sql<{ rules: number; conditions: number }>`
    SELECT (SELECT count(*) FROM components c JOIN match_rules r ON r.key = c.key WHERE ${IN_RANGE})::bigint AS rules,
      (SELECT count(*) FROM components c JOIN rule_conditions r ON r.key = c.key WHERE ${IN_RANGE})::bigint AS conditions`.execute(
    db,
  );
  return row.rows[0] ?? { rules: 0, conditions: 0 };
}

/** A component matched by a rule's vulnerable criterion (`assumed`: only by assuming unknown installed data). */
export type ComponentMatch = Selectable<ComponentMatchTable>;

/**
 * A component matched by a criterion of a rule's platform condition. `assumed`: matched only by
 * assuming unknown installed data — enough to satisfy a condition, not to rule one out.
 */
export type ConditionMatch = Selectable<ConditionMatchTable>;

export async function insertComponentMatches(
  trx: Executor,
  matches: readonly ComponentMatch[],
): Promise<void> {
  await copyInto(
    trx,
    'component_matches',
    ['component_id', 'rule_id', 'cve_id', 'conditional', 'assumed'],
    matches.map((m) => [m.component_id, m.rule_id, m.cve_id, m.conditional, m.assumed]),
  );
}

export async function insertConditionMatches(
  trx: Executor,
  matches: readonly ConditionMatch[],
): Promise<void> {
  // Several criteria of one condition can match the same component: keep one row, definite first.
  const best = new Map<string, ConditionMatch>();
  for (const m of matches) {
    const id = `${m.rule_id}:${m.cond}:${m.component_id}`;
    const seen = best.get(id);
    if (!seen || (seen.assumed && !m.assumed)) best.set(id, m);
  }
  const unique = [...best.values()];
  await copyInto(
    trx,
    'condition_matches',
    ['rule_id', 'cond', 'component_id', 'negate', 'assumed'],
    unique.map((m) => [m.rule_id, m.cond, m.component_id, m.negate, m.assumed]),
  );
}

/** Forgets the matches of the given components (full recompute) before they are matched again. */
export async function deleteMatchesOfComponents(trx: Executor, fromId: number, toId: number): Promise<void> {
  await sql`DELETE FROM component_matches WHERE component_id BETWEEN ${fromId} AND ${toId}`.execute(trx);
  await sql`DELETE FROM condition_matches WHERE component_id BETWEEN ${fromId} AND ${toId}`.execute(trx);
}

/**
 * Forgets every match of the CVEs' rules before they are matched again: their rules from other
 * sources (another advisory, NVD, a product alias's clones) keep theirs otherwise, and would be
 * matched twice.
 */
export async function deleteMatchesOfCves(trx: Executor, cveIds: readonly string[]): Promise<void> {
  if (cveIds.length === 0) return;
  await sql`DELETE FROM condition_matches WHERE rule_id IN (
    SELECT id FROM match_rules WHERE cve_id IN (${sql.join(cveIds)}))`.execute(trx);
  await sql`DELETE FROM component_matches WHERE cve_id IN (${sql.join(cveIds)})`.execute(trx);
}

export async function markMatched(trx: Executor, fromId: number, toId: number): Promise<void> {
  await sql`UPDATE components SET matched_at = now() WHERE id BETWEEN ${fromId} AND ${toId} AND matched_at IS NULL`.execute(
    trx,
  );
}

/** Distinct components known (matched or not). */
export async function countComponents(db: Executor): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM components`.execute(db);
  return row.rows[0]?.n ?? 0;
}

/** Lowest and highest component ids, optionally of unmatched components only. */
export async function componentIdRange(
  db: Executor,
  unmatchedOnly: boolean,
): Promise<{ min: number; max: number } | null> {
  const row = await sql<{ min: number | null; max: number | null }>`
    SELECT min(id) AS min, max(id) AS max FROM components ${unmatchedOnly ? sql`WHERE matched_at IS NULL` : sql``}`.execute(
    db,
  );
  const r = row.rows[0];
  return r && r.min !== null && r.max !== null ? { min: r.min, max: r.max } : null;
}

/** Rules whose vulnerable criterion has one of the keys, with their platform conditions. */
export async function rulesForKeys(
  db: Executor,
  keys: readonly string[],
): Promise<{ rules: StoredRule[]; conditions: StoredCondition[] }> {
  if (keys.length === 0) return { rules: [], conditions: [] };
  const rules = await sql<StoredRule>`
    SELECT id, cve_id, source, grp, ${STORED_CRITERION} FROM match_rules WHERE key IN (${sql.join(keys)})`.execute(
    db,
  );
  const ids = rules.rows.map((r) => r.id);
  const conditions = ids.length
    ? await sql<StoredCondition>`
        SELECT rule_id, cond, negate, ${STORED_CRITERION} FROM rule_conditions WHERE rule_id IN (${sql.join(ids)})`.execute(
        db,
      )
    : { rows: [] };
  return { rules: rules.rows, conditions: conditions.rows };
}

/** Rules of the given CVEs (for display), with their platform conditions. */
export async function rulesForCve(db: Executor, cveId: string): Promise<StoredRules> {
  const rules = await sql<StoredRule>`
    SELECT id, cve_id, source, grp, ${STORED_CRITERION} FROM match_rules WHERE cve_id = ${cveId} ORDER BY source, grp, id`.execute(
    db,
  );
  return withConditions(db, rules.rows);
}
