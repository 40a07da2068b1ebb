/**
 * The exposure engine's matching passes. Distinct components are matched against rules once
 * (candidates from the database by key range, exact verdict from the domain), then findings fan
 * out to organisations and assets by joins. Incremental both ways — new components, changed CVEs —
 * with a full recompute for repair that must give the same findings.
 */

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/connect.js';
import {
  type FindingScope,
  hasFindings,
  type RefreshResult,
  refreshFindings,
} from '../db/repositories/finding.repository.js';
import {
  type CandidateRow,
  type ComponentMatch,
  type ConditionMatch,
  candidateConditionMatches,
  candidateRuleMatches,
  componentIdRange,
  deleteMatchesOfComponents,
  deleteMatchesOfCves,
  insertComponentMatches,
  insertConditionMatches,
  type MatchFilter,
  markMatched,
} from '../db/repositories/match.repository.js';
import type { DB } from '../db/schema.js';
import { type Actor, SYSTEM_ACTOR } from '../domain/access/actor.js';
import { installedFromStored } from '../domain/inventory/normalise-component.js';
import { evaluateCriterion, type MatchVerdict } from '../domain/rules/criterion-match.js';
import { audit } from './audit.service.js';
import { fromCriterionRow } from './match-rule-rows.js';

type Executor = Kysely<DB>;

/** Component ids matched per database round trip. */
const CHUNK = 20_000;

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

/** Matches the components (or rules) the filter selects and stores the matches. */
async function matchPass(trx: Executor, filter: MatchFilter): Promise<number> {
  const matches: ComponentMatch[] = [];
  for (const row of await candidateRuleMatches(trx, filter)) {
    const v = verdict(row);
    if (v !== 'none') {
      matches.push({
        componentId: row.component_id,
        ruleId: row.rule_id,
        cveId: row.cve_id,
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
        ruleId: row.rule_id,
        cond: row.cond,
        componentId: row.component_id,
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
  for (let from = range.min; from <= range.max; from += CHUNK) {
    const to = Math.min(range.max, from + CHUNK - 1);
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
  if (cveIds.length === 0) return { opened: 0, reopened: 0, fixed: 0, exposedOrgIds: [] };
  await deleteMatchesOfCves(trx, cveIds);
  const matched = await matchPass(trx, { kind: 'cves', cveIds });
  // Most new CVEs touch nobody: with no match and no earlier finding there is nothing to refresh.
  const nothingToDo = matched === 0 && !(await hasFindings(trx, cveIds));
  if (nothingToDo) return { opened: 0, reopened: 0, fixed: 0, exposedOrgIds: [] };
  return refreshFindings(trx, { kind: 'cves', cveIds });
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
  if (ruleIds.length === 0) return { opened: 0, reopened: 0, fixed: 0, exposedOrgIds: [] };
  await matchPass(trx, { kind: 'rules', ruleIds });
  return refreshFindings(trx, { kind: 'cves', cveIds });
}

/** Refreshes findings in scope (after an inventory import: the organisation). */
export async function refreshExposure(trx: Executor, scope: FindingScope): Promise<RefreshResult> {
  return refreshFindings(trx, scope);
}

export interface RecomputeResult extends RefreshResult {
  components: number;
  matches: number;
}

/** Full recompute: forget every match, match every component again, refresh every finding. */
export async function recomputeExposure(
  database: Database,
  onProgress?: (done: number, total: number) => void,
  actor: Actor = SYSTEM_ACTOR,
): Promise<RecomputeResult> {
  return database.db.transaction().execute(async (trx) => {
    const range = await componentIdRange(trx, false);
    let matches = 0;
    if (range) {
      for (let from = range.min; from <= range.max; from += CHUNK) {
        const to = Math.min(range.max, from + CHUNK - 1);
        await deleteMatchesOfComponents(trx, from, to);
        matches += await matchPass(trx, { kind: 'components', fromId: from, toId: to, unmatchedOnly: false });
        await markMatched(trx, from, to);
        onProgress?.(to - range.min + 1, range.max - range.min + 1);
      }
    }
    const components = await sql<{ n: number }>`SELECT count(*)::int AS n FROM components`.execute(trx);
    const refreshed = await refreshFindings(trx, { kind: 'all' });
    const { exposedOrgIds: _, ...changes } = refreshed;
    await audit(trx, actor, null, 'exposure.recompute', null, { ...changes, matches });
    return { ...refreshed, components: components.rows[0]?.n ?? 0, matches };
  });
}
