/**
 * The CSAF advisory as Ward stores it: document facts, a flat product list (each product id with its
 * vendor, product, version or range and identifiers) and per-vulnerability statuses, remediations
 * and scores, all keyed by product id. The shapes matching reads are the rules' own
 * (`domain/rules/csaf-document.ts`); these extend them.
 */

import type {
  CsafRuleAdvisory,
  CsafRuleProduct,
  CsafRuleVulnerability,
} from '../../domain/rules/csaf-document.js';

export type {
  CsafProductStatus,
  CsafProductStatusName,
  CsafRelationship,
} from '../../domain/rules/csaf-document.js';

/** How a product entered the tree: a leaf of `branches`, a top-level `full_product_names` entry, or a relationship. */
export type CsafProductOrigin = 'branch' | 'full_product_name' | 'relationship';

/** One product id of an advisory, flattened out of `product_tree`, with what Ward stores besides matching. */
export interface CsafProduct extends CsafRuleProduct {
  modelNumbers: string[];
  skus: string[];
  origin: CsafProductOrigin;
  /** The branches above the product, outermost first. */
  branchPath: { category: string; name: string }[];
}

export interface CsafRemediation {
  /** `mitigation`, `no_fix_planned`, `none_available`, `vendor_fix`, `workaround`. */
  category: string;
  details: string;
  /** `product_ids` plus the products of `group_ids`, in order, without repeats. */
  productIds: string[];
  url: string | null;
}

export interface CsafScore {
  /** CVSS version of the vector: `2.0`, `3.0` or `3.1`. */
  version: string;
  baseScore: number;
  vector: string;
  /** `baseSeverity` (CVSS v3 only); null for v2. */
  severity: string | null;
  products: string[];
}

export interface CsafVulnerability extends CsafRuleVulnerability {
  cwe: { id: string; name: string } | null;
  remediations: CsafRemediation[];
  /** One entry per CVSS object: a `scores` item with both v2 and v3 gives two. */
  scores: CsafScore[];
}

export interface CsafDocumentInfo {
  title: string;
  /** `csaf_security_advisory`, `csaf_vex`, `csaf_base`, … */
  category: string;
  csafVersion: string;
  lang: string | null;
  tracking: {
    id: string;
    version: string;
    /** `draft`, `interim` or `final`. */
    status: string;
    initialReleaseDate: string;
    currentReleaseDate: string;
  };
  publisher: { name: string; namespace: string; category: string };
  /** TLP label (`WHITE`, `GREEN`, `AMBER`, `RED` in CSAF 2.0); null when not given. */
  tlp: string | null;
  references: { category: string | null; summary: string; url: string }[];
  /** Document notes (summary, legal, general …): sectors, countries, descriptions. */
  notes: { category: string | null; title: string | null; text: string }[];
}

/** A validated CSAF 2.0 advisory, flattened for storage and matching. */
export interface CsafAdvisory extends CsafRuleAdvisory {
  document: CsafDocumentInfo;
  products: CsafProduct[];
  vulnerabilities: CsafVulnerability[];
  /**
   * Oddities that do not stop the import (CSAF 2.0 §6.1.1 and §6.1.2): a product id used but never
   * defined, or defined twice (the first definition is kept).
   */
  warnings: { path: string; message: string }[];
}
