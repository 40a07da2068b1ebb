/**
 * Flattens a parsed CSAF 2.0 advisory into match rules (source `csaf:<tracking id>`), the CSAF
 * counterpart of `flattenNvdConfigurations`, so advisory products are matched like NVD criteria.
 *
 * Per vulnerability with a CVE, every product in `known_affected`, `first_affected` or
 * `last_affected` (CSAF 2.0 §3.2.3.9) gives one rule per key and version interval of the product
 * (see `csafProductCriteria`: CPE, else purl, else vendor/product spellings; versions from `vers:`
 * or CISA's text forms). `group` is the product's index in `advisory.products`.
 * - `first_affected` X: affected from X up to the same product's nearest `last_affected` version
 *   (inclusive) or fix (exclusive) above X, else onwards. `last_affected` Y: up to Y inclusive, unless
 *   a `first_affected` version of the same product at or below Y already opens that line.
 * - `first_fixed` and `fixed` are not rules, and neither is `known_not_affected`. But a
 *   `known_affected` product that names no version of its own is affected below the same product's
 *   fix: one fix is an exclusive end bound; several are release lines or their union (`belowFixes`).
 *   "Same product" means sharing a key (a CPE, purl or vendor/product spelling).
 * - `under_investigation` gives no rule, only an issue: the advisory says it does not know, and a
 *   rule would raise findings indistinguishable from confirmed ones (verdicts are "definite" or
 *   "assumed" about the installed data, not about the advisory).
 * - A relationship product (`default_component_of`, `installed_on`, `installed_with`,
 *   `external_component_of`, `optional_component_of`) is its component (`product_reference`) as the
 *   vulnerable criterion, with the related product (`relates_to_product_reference`) as a platform
 *   condition, like NVD's "running on": firmware X installed on device Y needs Y on the same asset.
 *
 * Nothing is silently dropped: an undefined product id, a product that cannot be identified, a
 * vulnerability without a CVE give an issue and no rule; a version that cannot be read gives a rule
 * for any version of the product (it is named as affected) and an issue; a missing platform gives a
 * rule without the condition (over-matching) and an issue. Identical rules are kept once.
 */

import { quoteInput } from '../cpe/cpe-name.error.js';
import { compareVersions } from '../versions/version-scheme.js';
import type { CsafProductStatus, CsafRuleAdvisory, CsafRuleProduct } from './csaf-document.js';
import {
  type CsafProductCriteria,
  criteriaOf,
  csafProductCriteria,
  csafProductIdentity,
} from './csaf-product-key.js';
import { belowFixes } from './csaf-version-text.js';
import type { MatchCriterion, MatchRule, PlatformCondition, VersionScheme } from './match-rule.js';
import type { VersionInterval } from './vers-range.js';

export { csafDocumentNotes, isMedicalAdvisory } from './csaf-medical.js';

/** Something in an advisory the rules could not represent exactly, or chose not to. */
export interface CsafFlattenIssue {
  /** Null for a vulnerability without a CVE. */
  cve: string | null;
  /** The product id concerned; null when the issue is about the whole vulnerability. */
  productId: string | null;
  reason: string;
}

/** The rules of one advisory and what could not be represented. */
export interface CsafFlattenResult {
  rules: MatchRule[];
  issues: CsafFlattenIssue[];
}

type AffectedStatus = 'known_affected' | 'first_affected' | 'last_affected';

/** A version some status list names for a product, with the keys that say which product it is. */
interface NamedVersion {
  identity: ReadonlySet<string>;
  version: string;
}

function shares(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const key of a) if (b.has(key)) return true;
  return false;
}

function isAny(intervals: readonly VersionInterval[]): boolean {
  return intervals.every((i) => i.exact === null && i.start === null && i.end === null);
}

/** The advisory's products with their criteria and identities, each computed once. */
class ProductTable {
  private readonly byId: Map<string, { product: CsafRuleProduct; group: number }>;
  private readonly criteriaCache = new Map<string, CsafProductCriteria>();
  private readonly identityCache = new Map<string, Set<string>>();

  constructor(products: readonly CsafRuleProduct[]) {
    this.byId = new Map();
    products.forEach((product, group) => {
      if (!this.byId.has(product.productId)) this.byId.set(product.productId, { product, group });
    });
  }

  get(id: string): { product: CsafRuleProduct; group: number } | undefined {
    return this.byId.get(id);
  }

  criteria(product: CsafRuleProduct): CsafProductCriteria {
    let found = this.criteriaCache.get(product.productId);
    if (!found) {
      found = csafProductCriteria(product);
      this.criteriaCache.set(product.productId, found);
    }
    return found;
  }

  identity(product: CsafRuleProduct): Set<string> {
    let found = this.identityCache.get(product.productId);
    if (!found) {
      found = csafProductIdentity(product);
      this.identityCache.set(product.productId, found);
    }
    return found;
  }

  /**
   * The versions a status list names: exact versions, and for fixes also the start of an open-ended
   * range (`vers:generic/>=2.4` in `fixed` says 2.4 is the fix).
   */
  versions(ids: readonly string[], withOpenStart: boolean): NamedVersion[] {
    return ids.flatMap((id) => {
      const entry = this.byId.get(id);
      if (!entry) return [];
      const identity = this.identity(entry.product);
      return this.criteria(entry.product).intervals.flatMap((i) => {
        if (i.exact !== null) return [{ identity, version: i.exact }];
        if (withOpenStart && i.start?.inclusive && i.end === null)
          return [{ identity, version: i.start.version }];
        return [];
      });
    });
  }
}

/** What one vulnerability's status lists say about versions, per product. */
interface StatusVersions {
  fixes: NamedVersion[];
  firstAffected: NamedVersion[];
  lastAffected: NamedVersion[];
}

function sameProduct(list: readonly NamedVersion[], identity: ReadonlySet<string>): string[] {
  return list.filter((n) => shares(n.identity, identity)).map((n) => n.version);
}

/** The intervals one affected product contributes, after its status and the fixes are applied. */
function affectedIntervals(
  status: AffectedStatus,
  own: readonly VersionInterval[],
  identity: ReadonlySet<string>,
  scheme: VersionScheme,
  named: StatusVersions,
  issue: (reason: string) => void,
): VersionInterval[] {
  const above = (x: string, list: string[]): string[] =>
    list.filter((v) => compareVersions(scheme, v, x) > 0).sort((a, b) => compareVersions(scheme, a, b));
  if (status === 'known_affected') {
    if (!isAny(own)) return [...own];
    const fixes = sameProduct(named.fixes, identity);
    if (fixes.length === 0) return [...own];
    const below = belowFixes(
      [...new Set(fixes)].map((version) => ({ comparator: '<', version })),
      scheme,
    );
    for (const reason of below.issues) issue(`fixes of a product without a version: ${reason}`);
    return below.intervals;
  }
  return own.flatMap((interval): VersionInterval[] => {
    if (interval.exact === null) return [interval];
    const x = interval.exact;
    if (status === 'first_affected') {
      const last = above(x, sameProduct(named.lastAffected, identity))[0];
      const fix = above(x, sameProduct(named.fixes, identity))[0];
      const end =
        last !== undefined && (fix === undefined || compareVersions(scheme, last, fix) < 0)
          ? { version: last, inclusive: true }
          : fix !== undefined
            ? { version: fix, inclusive: false }
            : null;
      return [{ exact: null, start: { version: x, inclusive: true }, end }];
    }
    const opened = sameProduct(named.firstAffected, identity).some((f) => compareVersions(scheme, f, x) <= 0);
    return opened ? [] : [{ exact: null, start: null, end: { version: x, inclusive: true } }];
  });
}

/** The platform condition of a relationship product, or none (with the reason) when it cannot be built. */
function platformConditions(
  product: CsafRuleProduct,
  table: ProductTable,
  issue: (reason: string) => void,
): PlatformCondition[] {
  const relationship = product.relationship;
  if (!relationship) return [];
  const ref = relationship.relatesToProductReference;
  const platform = table.get(ref)?.product;
  if (!platform) {
    issue(
      `platform ${ref} of ${relationship.category} is not defined: rule without the platform condition (over-matches)`,
    );
    return [];
  }
  const criteria = table.criteria(platform);
  for (const reason of criteria.issues) issue(`platform ${ref}: ${reason}`);
  if (criteria.keys.length === 0) return [];
  if (platform.relationship) {
    issue(`platform ${ref} is itself a relationship: only its component is required, not its own platform`);
  }
  return [{ negate: false, anyOf: criteriaOf(criteria.keys, criteria.intervals) }];
}

/** A criterion without its `raw` text, to recognise the same rule coming from two products. */
function withoutRaw(criterion: MatchCriterion): Omit<MatchCriterion, 'raw'> {
  const { raw: _raw, ...rest } = criterion;
  return rest;
}

/** Each affected product id once, with its most specific status (first/last over known). */
function affectedProducts(status: CsafProductStatus): [string, AffectedStatus][] {
  const result = new Map<string, AffectedStatus>();
  for (const name of ['first_affected', 'last_affected', 'known_affected'] as const) {
    for (const id of status[name]) if (!result.has(id)) result.set(id, name);
  }
  return [...result];
}

/** Flattens one advisory into rules and issues (see the module comment). */
export function flattenCsafAdvisory(advisory: CsafRuleAdvisory): CsafFlattenResult {
  const source = `csaf:${advisory.document.tracking.id}`;
  const table = new ProductTable(advisory.products);
  const rules: MatchRule[] = [];
  const issues: CsafFlattenIssue[] = [];
  for (const vulnerability of advisory.vulnerabilities) {
    const { cve, productStatus: status } = vulnerability;
    if (!cve) {
      issues.push({
        cve: null,
        productId: null,
        reason: `vulnerability ${quoteInput(vulnerability.title ?? '(untitled)')} has no CVE: no rules`,
      });
      continue;
    }
    for (const id of status.under_investigation) {
      issues.push({ cve, productId: id, reason: 'under investigation: not known to be affected, no rule' });
    }
    const named: StatusVersions = {
      fixes: table.versions([...status.first_fixed, ...status.fixed], true),
      firstAffected: table.versions(status.first_affected, false),
      lastAffected: table.versions(status.last_affected, false),
    };
    const seen = new Set<string>();
    for (const [id, statusName] of affectedProducts(status)) {
      const issue = (reason: string): void => {
        issues.push({ cve, productId: id, reason });
      };
      const entry = table.get(id);
      if (!entry) {
        issue('not defined in the product tree: no rule');
        continue;
      }
      const criteria = table.criteria(entry.product);
      for (const reason of criteria.issues) issue(reason);
      if (criteria.keys.length === 0) continue;
      const intervals = affectedIntervals(
        statusName,
        criteria.intervals,
        table.identity(entry.product),
        criteria.keys[0]!.scheme,
        named,
        issue,
      );
      const conditions = platformConditions(entry.product, table, issue);
      for (const vulnerable of criteriaOf(criteria.keys, intervals)) {
        const ruleId = JSON.stringify([
          withoutRaw(vulnerable),
          conditions.map((c) => c.anyOf.map(withoutRaw)),
        ]);
        if (seen.has(ruleId)) continue;
        seen.add(ruleId);
        rules.push({ cve, source, group: entry.group, vulnerable, conditions });
      }
    }
  }
  return { rules, issues };
}
