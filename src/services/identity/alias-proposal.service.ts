/**
 * Product identity proposals: Ward proposes that an installed vendor/product key (a medical-device
 * register or CMMS export's "Smiths Medical" / "Medfusion 4000") is a product an advisory names in its
 * own words, with the evidence: the same company, the model words, and installed versions the
 * advisory's rules name. Incremental (an import: its own keys against every advisory; an advisory:
 * its products against every installed key) and recomputed whole by `recomputeProposals`. Decisions
 * are `product-identity.service.ts`'s.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import { ownRulesForKeys } from '../../db/repositories/intel.repository.js';
import {
  type AliasProposal,
  installedTripleComponents,
  namedAdvisoryProducts,
  type StoredAdvisoryProduct,
  type TripleComponent,
  upsertProposals,
} from '../../db/repositories/product-alias.repository.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/access/actor.js';
import { groupBy } from '../../domain/collections/group-by.js';
import { companyForms } from '../../domain/identity/company-name.js';
import {
  type IdentityEvidence,
  identityEvidence,
  namesOfKey,
  type VersionVerdict,
} from '../../domain/identity/product-identity.js';
import { installedFromStored } from '../../domain/inventory/normalise-component.js';
import { evaluateCriterion } from '../../domain/rules/criterion-match.js';
import type { CsafRuleProduct } from '../../domain/rules/csaf-document.js';
import { tripleKeys } from '../../domain/rules/csaf-product-key.js';
import type { MatchRule } from '../../domain/rules/match-rule.js';
import { requireNational } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { fromStoredRules } from '../exposure/match-rule-rows.js';

type Executor = Kysely<DB>;

/** An installed version the advisory names, how surely, and in which advisories. */
export interface VersionEvidence {
  version: string;
  /** `match`: the version is in the advisory's list; `assumed`: the inventory gives no version. */
  verdict: VersionVerdict;
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

function asCsafProduct(p: StoredAdvisoryProduct): CsafRuleProduct {
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

/** Recomputes every proposal: every installed vendor/product key against every advisory product. */
export async function recomputeProposals(database: Database, actor: Actor): Promise<ProposeResult> {
  requireNational(actor, 'national', 'recompute product identity proposals');
  return database.db.transaction().execute(async (trx) => {
    const result = await proposeAliases(trx, { inventoryKeys: null, advisoryIds: null });
    await audit(trx, actor, null, 'identity.propose', null, result);
    return result;
  });
}
