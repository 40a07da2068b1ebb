/**
 * Product identity resolution: Ward proposes that an inventory product (a vendor/product key from a
 * medical-device register or CMMS export) is a product an advisory names in its own words, with the
 * evidence; a national analyst confirms or rejects each proposal once. A confirmed alias clones the
 * advisory key's match rules onto the inventory key (`match_rules.alias_id`), so the exposure engine
 * raises findings as for any rule, for every organisation, for later imports and — cloned again
 * when an advisory is loaded — for later advisories naming that product. Until confirmed a proposal
 * is only "possible": listed to the organisations whose inventory it touches, never a finding.
 *
 * Proposals are made incrementally (an import: its own vendor/product keys against every advisory;
 * an advisory: its products against every installed key) and by `recomputeProposals`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/connect.js';
import {
  type AliasProposal,
  type AliasRow,
  type AliasStatus,
  confirmedAliasesFor,
  deleteAliasRules,
  deleteFixedFindings,
  findAlias,
  insertAliasRules,
  installedTripleComponents,
  listAliases,
  namedAdvisoryProducts,
  ownRulesForKeys,
  type ScopedAliasRow,
  type StoredAdvisoryProduct,
  setDecision,
  type TripleComponent,
  upsertProposals,
} from '../db/repositories/product-alias.repository.js';
import type { DB } from '../db/schema.js';
import { type Actor, SYSTEM_ACTOR, scopeFor } from '../domain/access/actor.js';
import { companyForms } from '../domain/identity/company-name.js';
import { type IdentityEvidence, identityEvidence, namesOfKey } from '../domain/identity/product-identity.js';
import { installedFromStored } from '../domain/inventory/normalise-component.js';
import { evaluateCriterion } from '../domain/rules/criterion-match.js';
import { tripleKeys } from '../domain/rules/csaf-product-key.js';
import type { MatchRule } from '../domain/rules/match-rule.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import type { CsafProduct } from '../feeds/csaf/csaf.types.js';
import { requireNational } from './access.service.js';
import { retargetLiveAlerts } from './alert-targeting.service.js';
import { audit } from './audit.service.js';
import { fromStoredRules, toRuleRow } from './match-rule-rows.js';
import { matchAddedRules, refreshExposure } from './matching.service.js';

type Executor = Kysely<DB>;

/** An installed version the advisory names, how surely, and in which advisories. */
export interface VersionEvidence {
  version: string;
  /** `match`: the version is in the advisory's list; `assumed`: the inventory gives no version. */
  verdict: 'match' | 'assumed';
  advisories: string[];
}

/** Everything Ward found that says the two are the same product. */
export interface AliasEvidence extends IdentityEvidence {
  versions: VersionEvidence[];
}

/** One advisory product key, with every key its product is known by. */
interface AdvisoryName {
  key: string;
  vendor: string;
  product: string;
  identity: Set<string>;
}

function asCsafProduct(p: StoredAdvisoryProduct): CsafProduct {
  return {
    productId: p.product_id,
    name: p.name,
    vendor: p.vendor,
    product: p.product,
    family: null,
    version: null,
    versionRange: null,
    cpe: null,
    purl: null,
    modelNumbers: [],
    skus: [],
    origin: 'branch',
    branchPath: [],
    relationship: null,
  };
}

/** The advisory products by their first key (vendor and product as the advisory writes them). */
function advisoryNames(products: readonly StoredAdvisoryProduct[]): Map<string, AdvisoryName> {
  const names = new Map<string, AdvisoryName>();
  for (const p of products) {
    const keys = tripleKeys(asCsafProduct(p));
    const first = keys[0];
    if (!first || !p.vendor || !p.product) continue;
    const entry = names.get(first.key) ?? {
      key: first.key,
      vendor: p.vendor,
      product: p.product,
      identity: new Set<string>(),
    };
    for (const k of keys) entry.identity.add(k.key);
    names.set(first.key, entry);
  }
  return names;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push(item);
    out.set(k, list);
  }
  return out;
}

const advisoryOf = (source: string) => (source.startsWith('csaf:') ? source.slice('csaf:'.length) : source);

/** The versions of an inventory key the advisory key's rules name, with the rules that name them. */
function versionEvidence(
  advisoryKey: string,
  components: readonly TripleComponent[],
  rules: readonly MatchRule[],
): { versions: VersionEvidence[]; cves: Set<string> } {
  const versions = new Map<string, VersionEvidence>();
  const cves = new Set<string>();
  for (const c of components) {
    const installed = installedFromStored({ ...c, key: advisoryKey });
    for (const rule of rules) {
      const verdict = evaluateCriterion(rule.vulnerable, installed);
      if (verdict === 'none') continue;
      const entry = versions.get(c.version) ?? { version: c.version, verdict, advisories: [] };
      if (!entry.advisories.includes(advisoryOf(rule.source))) entry.advisories.push(advisoryOf(rule.source));
      entry.advisories.sort();
      versions.set(c.version, entry);
      cves.add(rule.cve);
    }
  }
  return { versions: [...versions.values()].sort((a, b) => a.version.localeCompare(b.version)), cves };
}

export interface ProposeResult {
  /** Pairs of inventory and advisory products proposed (new or already known). */
  proposals: number;
  /** Of those, pairs not proposed before. */
  added: number;
}

/**
 * Proposes aliases between installed vendor/product keys and advisory products: the given keys
 * (null: every installed one) against the given advisories' products (null: every advisory's).
 * Evidence is always complete for a pair (every installed version, every advisory naming the key).
 */
export async function proposeAliases(
  trx: Executor,
  sides: { inventoryKeys: readonly string[] | null; advisoryIds: readonly string[] | null },
): Promise<ProposeResult> {
  if (sides.inventoryKeys?.length === 0 || sides.advisoryIds?.length === 0) return { proposals: 0, added: 0 };
  const names = advisoryNames(await namedAdvisoryProducts(trx, sides.advisoryIds));
  if (names.size === 0) return { proposals: 0, added: 0 };
  const byForm = new Map<string, AdvisoryName[]>();
  for (const name of names.values()) {
    for (const form of companyForms(name.vendor)) byForm.set(form, [...(byForm.get(form) ?? []), name]);
  }
  const components = groupBy(await installedTripleComponents(trx, sides.inventoryKeys), (c) => c.key);
  const candidates: { name: AdvisoryName; inventoryKey: string; evidence: IdentityEvidence }[] = [];
  for (const inventoryKey of components.keys()) {
    const inventory = namesOfKey(inventoryKey);
    if (!inventory) continue;
    const seen = new Set<string>();
    for (const form of companyForms(inventory.vendor)) {
      for (const name of byForm.get(form) ?? []) {
        if (seen.has(name.key) || name.identity.has(inventoryKey)) continue;
        seen.add(name.key);
        const evidence = identityEvidence(inventory, name);
        if (evidence) candidates.push({ name, inventoryKey, evidence });
      }
    }
  }
  if (candidates.length === 0) return { proposals: 0, added: 0 };
  const stored = await ownRulesForKeys(trx, [...new Set(candidates.map((c) => c.name.key))]);
  const rules = groupBy(fromStoredRules(stored.rules, stored.conditions), (r) => r.vulnerable.key);
  const proposals: AliasProposal[] = [];
  for (const { name, inventoryKey, evidence } of candidates) {
    const found = versionEvidence(name.key, components.get(inventoryKey) ?? [], rules.get(name.key) ?? []);
    if (found.versions.length === 0) continue;
    proposals.push({
      advisoryKey: name.key,
      inventoryKey,
      advisoryVendor: name.vendor,
      advisoryProduct: name.product,
      advisories: [...new Set(found.versions.flatMap((v) => v.advisories))].sort(),
      cves: [...found.cves].sort(),
      versions: found.versions.map((v) => v.version),
      evidence: { ...evidence, versions: found.versions } satisfies AliasEvidence,
    });
  }
  return { proposals: proposals.length, added: await upsertProposals(trx, proposals) };
}

/** Clones the advisory key's rules (of one source, or all) onto the alias's inventory key. */
async function cloneRules(
  trx: Executor,
  alias: AliasRow,
  source: string | null,
): Promise<{ ruleIds: number[]; cves: string[] }> {
  const stored = await ownRulesForKeys(trx, [alias.advisory_key], source);
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
 * After an advisory's rules were replaced: clones them again for every confirmed alias of a key they
 * use (the old clones went with the old rules). The caller re-matches the advisory's CVEs.
 */
export async function applyConfirmedAliases(
  trx: Executor,
  source: string,
  keys: readonly string[],
): Promise<number> {
  let cloned = 0;
  for (const alias of await confirmedAliasesFor(trx, [...new Set(keys)])) {
    cloned += (await cloneRules(trx, alias, source)).ruleIds.length;
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
  underOrgId?: string | null;
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
  const rows = await listAliases(database.db, scopeFor(actor, 'read'), query);
  return rows.map((r: ScopedAliasRow) => view(r, r));
}

async function requireAlias(trx: Executor, id: number): Promise<AliasRow> {
  const alias = await findAlias(trx, id);
  if (!alias) throw new NotFoundError(`no product alias ${id} (ward identity proposals lists them)`);
  return alias;
}

export interface DecisionResult {
  alias: AliasView;
  /** Rules cloned (confirm) or removed (reject). */
  rules: number;
  findingsOpened: number;
  findingsRemoved: number;
}

const NO_COUNTS = { devices: 0, organisations: 0 };

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
    return { alias: view(row, NO_COUNTS), rules: cloned.ruleIds.length, findingsOpened, findingsRemoved: 0 };
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
  if (!why) {
    throw new InvalidInputError('a reason is required to reject a product alias', [
      { file: 'identity', line: 0, reason: 'a reason is required' },
    ]);
  }
  return database.db.transaction().execute(async (trx) => {
    const before = await requireAlias(trx, id);
    if (before.status === 'rejected') throw new ConflictError(`product alias ${id} is already rejected`);
    const rules = await trx
      .selectFrom('match_rules')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('alias_id', '=', id)
      .executeTakeFirst();
    const cves = await deleteAliasRules(trx, id);
    let findingsRemoved = 0;
    if (cves.length > 0) {
      await refreshExposure(trx, { kind: 'cves', cveIds: cves });
      findingsRemoved = await deleteFixedFindings(trx, before.inventory_key, cves);
    }
    const row = await setDecision(trx, id, { status: 'rejected', by: actor.label, reason: why });
    const removed = Number(rules?.n ?? 0);
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
    return { alias: view(row, NO_COUNTS), rules: removed, findingsOpened: 0, findingsRemoved };
  });
}

/** Recomputes every proposal: every installed vendor/product key against every advisory product. */
export async function recomputeProposals(
  database: Database,
  actor: Actor = SYSTEM_ACTOR,
): Promise<ProposeResult> {
  requireNational(actor, 'national', 'recompute product identity proposals');
  return database.db.transaction().execute(async (trx) => {
    const result = await proposeAliases(trx, { inventoryKeys: null, advisoryIds: null });
    await audit(trx, actor, null, 'identity.propose', null, result);
    return result;
  });
}
