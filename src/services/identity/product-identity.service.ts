/**
 * Product identity decisions: a national analyst confirms or rejects each proposal once (see
 * `alias-proposal.service.ts` for how they are made). A confirmed alias clones the advisory key's
 * match rules onto the inventory key (`match_rules.alias_id`), so the exposure engine raises
 * findings as for any rule, for every organisation, for later imports and — cloned again when an
 * advisory is loaded — for later advisories naming that product. Until confirmed a proposal is only
 * "possible": listed to the organisations whose devices it touches, never a finding.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import { ownRulesForKeys } from '../../db/repositories/intel.repository.js';
import {
  type AliasRow,
  confirmedAliasesFor,
  countAliasRules,
  deleteAliasRules,
  deleteFixedFindings,
  findAlias,
  insertAliasRules,
  listAliases,
  type ScopedAliasRow,
  setDecision,
} from '../../db/repositories/product-alias.repository.js';
import type { DB } from '../../db/schema.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { type AliasStatus, namesOfKey } from '../../domain/identity/product-identity.js';
import { ConflictError, invalidFields, NotFoundError } from '../../errors.js';
import { requireNational, requireOrgAccess } from '../access/access.service.js';
import { retargetLiveAlerts } from '../alerts/index.js';
import { audit } from '../audit/audit.service.js';
import { fromStoredRules, toRuleRow } from '../exposure/match-rule-rows.js';
import { matchAddedRules } from '../exposure/matching.service.js';
import { refreshExposure } from '../exposure/refresh.service.js';
import type { AliasEvidence } from './alias-proposal.service.js';

type Executor = Kysely<DB>;

/** Clones the advisory key's rules (of one source, or all; of some CVEs, or all) onto the alias's inventory key. */
async function cloneRules(
  trx: Executor,
  alias: AliasRow,
  source: string | null,
  cveIds: readonly string[] | null = null,
): Promise<{ ruleIds: number[]; cves: string[] }> {
  const stored = await ownRulesForKeys(trx, [alias.advisory_key], source, cveIds);
  const rows = fromStoredRules(stored.rules, stored.conditions).map((rule) =>
    toRuleRow({
      ...rule,
      vulnerable: {
        ...rule.vulnerable,
        key: alias.inventory_key,
        raw: `${rule.vulnerable.raw} (alias #${alias.id}: ${alias.inventory_key})`,
      },
    }),
  );
  const ruleIds = await insertAliasRules(trx, alias.id, rows);
  return { ruleIds, cves: [...new Set(rows.map((r) => r.cveId))].sort() };
}

/**
 * After a source's rules were replaced (all of an advisory's; NVD's for some CVEs, `cveIds`): clones
 * them again for every confirmed alias of a key they use (the old clones went with the old rules).
 * The caller re-matches the CVEs.
 */
export async function applyConfirmedAliases(
  trx: Executor,
  source: string,
  keys: readonly string[],
  cveIds: readonly string[] | null = null,
): Promise<number> {
  let cloned = 0;
  for (const alias of await confirmedAliasesFor(trx, [...new Set(keys)])) {
    cloned += (await cloneRules(trx, alias, source, cveIds)).ruleIds.length;
  }
  return cloned;
}

/** A proposal or decision as callers see it, with what of it lies in their scope. */
export interface AliasView {
  id: number;
  status: AliasStatus;
  inventoryKey: string;
  inventory: { vendor: string; product: string };
  advisoryKey: string;
  advisory: { vendor: string; product: string };
  advisories: string[];
  cves: string[];
  versions: string[];
  evidence: AliasEvidence;
  devices: number;
  organisations: number;
  proposedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
}

function view(row: AliasRow, counts: { devices: number; organisations: number }): AliasView {
  const inventory = namesOfKey(row.inventory_key) ?? { vendor: '', product: row.inventory_key };
  return {
    id: Number(row.id),
    status: row.status as AliasStatus,
    inventoryKey: row.inventory_key,
    inventory,
    advisoryKey: row.advisory_key,
    advisory: { vendor: row.advisory_vendor, product: row.advisory_product },
    advisories: row.advisories,
    cves: row.cves,
    versions: row.versions,
    evidence: row.evidence as AliasEvidence,
    devices: counts.devices,
    organisations: counts.organisations,
    proposedAt: new Date(row.proposed_at).toISOString(),
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
    decidedBy: row.decided_by,
    reason: row.reason,
  };
}

export interface AliasListQuery {
  status?: AliasStatus;
  /** Only those touching this organisation's subtree (its code); it must be one the actor can see. */
  org?: string | null;
  afterId?: number | null;
  limit: number;
}

/**
 * Proposals and decisions the actor may see: national roles see all; anyone else those touching
 * live devices of their subtree (devices and organisations counted within it), oldest first.
 */
export async function listProposals(
  database: Database,
  actor: Actor,
  query: AliasListQuery,
): Promise<AliasView[]> {
  const { org, ...rest } = query;
  const under = org ? await requireOrgAccess(database, actor, 'read', org) : null;
  const rows = await listAliases(database.db, scopeFor(actor, 'read'), {
    ...rest,
    underOrgId: under?.id ?? null,
  });
  return rows.map((r: ScopedAliasRow) => view(r, r));
}

async function requireAlias(trx: Executor, id: number): Promise<AliasRow> {
  const alias = await findAlias(trx, id);
  if (!alias) throw new NotFoundError(`no product alias ${id}`);
  return alias;
}

export interface DecisionResult {
  alias: AliasView;
  /** Rules cloned (confirm) or removed (reject). */
  rules: number;
  findingsOpened: number;
  findingsRemoved: number;
}

/** The alias as the deciding actor sees it, devices counted (after the decision, in its transaction). */
async function decided(trx: Executor, actor: Actor, id: number): Promise<AliasView> {
  const [row] = await listAliases(trx, scopeFor(actor, 'read'), { id, limit: 1 });
  return view(row as ScopedAliasRow, row as ScopedAliasRow);
}

/** Confirms a proposal (national roles): its rules are cloned and matched, findings follow at once. */
export async function confirmAlias(
  database: Database,
  actor: Actor,
  id: number,
  note: string | null = null,
): Promise<DecisionResult> {
  requireNational(actor, 'national', 'decide product identity');
  return database.db.transaction().execute(async (trx) => {
    const before = await requireAlias(trx, id);
    if (before.status === 'confirmed') throw new ConflictError(`product alias ${id} is already confirmed`);
    const row = await setDecision(trx, id, { status: 'confirmed', by: actor.label, reason: note });
    const cloned = await cloneRules(trx, row, null);
    const refreshed = await matchAddedRules(trx, cloned.ruleIds, cloned.cves);
    if (refreshed.exposedOrgIds.length > 0)
      await retargetLiveAlerts(trx, { kind: 'cves', cveIds: cloned.cves });
    const findingsOpened = refreshed.opened + refreshed.reopened;
    await audit(
      trx,
      actor,
      null,
      'identity.confirm',
      { status: before.status },
      {
        status: 'confirmed',
        advisoryKey: row.advisory_key,
        inventoryKey: row.inventory_key,
        note,
        rules: cloned.ruleIds.length,
        findingsOpened,
      },
      `alias ${id}`,
    );
    return {
      alias: await decided(trx, actor, id),
      rules: cloned.ruleIds.length,
      findingsOpened,
      findingsRemoved: 0,
    };
  });
}

/**
 * Rejects a proposal (national roles), with a reason. A previously confirmed alias loses its cloned
 * rules and the findings they raised (removed, not marked fixed: they were never true).
 */
export async function rejectAlias(
  database: Database,
  actor: Actor,
  id: number,
  reason: string,
): Promise<DecisionResult> {
  requireNational(actor, 'national', 'decide product identity');
  const why = reason.trim();
  if (!why) throw invalidFields({ reason: 'a reason is required to reject a product alias' });
  return database.db.transaction().execute(async (trx) => {
    const before = await requireAlias(trx, id);
    if (before.status === 'rejected') throw new ConflictError(`product alias ${id} is already rejected`);
    const removed = await countAliasRules(trx, id);
    const cves = await deleteAliasRules(trx, id);
    let findingsRemoved = 0;
    if (cves.length > 0) {
      await refreshExposure(trx, { kind: 'cves', cveIds: cves });
      findingsRemoved = await deleteFixedFindings(trx, before.inventory_key, cves);
    }
    const row = await setDecision(trx, id, { status: 'rejected', by: actor.label, reason: why });
    await audit(
      trx,
      actor,
      null,
      'identity.reject',
      { status: before.status },
      {
        status: 'rejected',
        advisoryKey: row.advisory_key,
        inventoryKey: row.inventory_key,
        reason: why,
        rules: removed,
        findingsRemoved,
      },
      `alias ${id}`,
    );
    return { alias: await decided(trx, actor, id), rules: removed, findingsOpened: 0, findingsRemoved };
  });
}
