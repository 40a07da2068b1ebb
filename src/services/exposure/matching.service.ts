/**
 * The exposure engine's matching passes. Distinct components are matched against rules once
 * (candidates from the database by key range, exact verdict from the domain), then findings fan
 * out to organisations and assets by joins (refresh.service.ts). Incremental both ways — new
 * components, changed CVEs — with a full recompute for repair (recompute.service.ts) that must
 * give the same findings.
 */
import type { Kysely } from 'kysely';
import { hasFindings } from '../../db/repositories/exposure/finding.repository.js';
import {
  type CandidateRow,
  type ComponentMatch,
  type ConditionMatch,
  candidateConditionMatches,
  candidateRuleMatches,
  componentIdRange,
  deleteMatchesOfCves,
  insertComponentMatches,
  insertConditionMatches,
  type MatchFilter,
  markMatched,
} from '../../db/repositories/exposure/match.repository.js';
import type { DB } from '../../db/schema.js';
import { installedFromStored } from '../../domain/inventory/normalise-component.js';
import { evaluateCriterion, type MatchVerdict } from '../../domain/rules/criterion-match.js';
import { fromCriterionRow } from './match-rule-rows.js';
import { nothingRefreshed, type RefreshResult, refreshExposure } from './refresh.service.js';

type Executor = Kysely<DB>;

/** Component ids matched per database round trip. */
export const MATCH_CHUNK = 20_000;

function verdict(row: CandidateRow): MatchVerdict {
  return evaluateCriterion(
    fromCriterionRow(row),
    installedFromStored({
      key: row.c_key,
      version: row.c_version,
      update: row.c_update,
      scheme: row.c_scheme,
      attrs: row.c_attrs,
    }),
  );
}

/** Matches the components (or rules) the filter selects and stores the matches; returns how many rule matches. */
export async function matchPass(trx: Executor, filter: MatchFilter): Promise<number> {
  const matches: ComponentMatch[] = [];
  for (const row of await candidateRuleMatches(trx, filter)) {
    const v = verdict(row);
    if (v !== 'none') {
      matches.push({
        component_id: row.component_id,
        rule_id: row.rule_id,
        cve_id: row.cve_id,
        conditional: row.conditional,
        assumed: v === 'assumed',
      });
    }
  }
  const conditions: ConditionMatch[] = [];
  for (const row of await candidateConditionMatches(trx, filter)) {
    const v = verdict(row);
    if (v !== 'none') {
      conditions.push({
        rule_id: row.rule_id,
        cond: row.cond,
        component_id: row.component_id,
        negate: row.negate,
        assumed: v === 'assumed',
      });
    }
  }
  await insertComponentMatches(trx, matches);
  await insertConditionMatches(trx, conditions);
  return matches.length;
}

/** Matches every component not matched yet against all rules. */
export async function matchNewComponents(trx: Executor): Promise<number> {
  const range = await componentIdRange(trx, true);
  if (!range) return 0;
  let total = 0;
  for (let from = range.min; from <= range.max; from += MATCH_CHUNK) {
    const to = Math.min(range.max, from + MATCH_CHUNK - 1);
    total += await matchPass(trx, { kind: 'components', fromId: from, toId: to, unmatchedOnly: true });
    await markMatched(trx, from, to);
  }
  return total;
}

/**
 * Re-matches CVEs whose rules were just replaced — every rule of theirs, whatever its source, so
 * their matches are forgotten first — and refreshes their findings across the federation.
 */
export async function rematchCves(trx: Executor, cveIds: readonly string[]): Promise<RefreshResult> {
  if (cveIds.length === 0) return nothingRefreshed();
  await deleteMatchesOfCves(trx, cveIds);
  const matched = await matchPass(trx, { kind: 'cves', cveIds });
  // Most new CVEs touch nobody: with no match and no earlier finding there is nothing to refresh.
  const nothingToDo = matched === 0 && !(await hasFindings(trx, cveIds));
  if (nothingToDo) return nothingRefreshed();
  return refreshExposure(trx, { kind: 'cves', cveIds });
}

/**
 * Matches rules just added to CVEs that already have other rules (a confirmed product alias's
 * clones) and refreshes those CVEs' findings across the federation.
 */
export async function matchAddedRules(
  trx: Executor,
  ruleIds: readonly number[],
  cveIds: readonly string[],
): Promise<RefreshResult> {
  if (ruleIds.length === 0) return nothingRefreshed();
  await matchPass(trx, { kind: 'rules', ruleIds });
  return refreshExposure(trx, { kind: 'cves', cveIds });
}
