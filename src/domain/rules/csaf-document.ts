/**
 * What the rules read of a CSAF 2.0 advisory (https://docs.oasis-open.org/csaf/csaf/v2.0/): the
 * tracking id, each product's identification, and each vulnerability's CVE and product status lists.
 * Declared here so the rules depend on no feed; the CSAF parser's advisory extends these shapes with
 * what Ward stores besides (document facts, model numbers, remediations, scores).
 */

/** A relationship product: `product_reference` (a component) `category` `relates_to_product_reference` (a platform). */
export interface CsafRelationship {
  /** `default_component_of`, `external_component_of`, `installed_on`, `installed_with`, `optional_component_of`. */
  category: string;
  productReference: string;
  relatesToProductReference: string;
}

/** One product id of an advisory, flattened out of `product_tree`, as far as matching reads it. */
export interface CsafRuleProduct {
  productId: string;
  /** The full product name as the advisory writes it. */
  name: string;
  /** Nearest `vendor` branch above the product. */
  vendor: string | null;
  /** Nearest `product_name` branch above the product. */
  product: string | null;
  /** Nearest `product_family` branch above the product. */
  family: string | null;
  /** A `product_version` branch: one exact version. */
  version: string | null;
  /** A `product_version_range` branch, raw: a `vers:` range (`vers:generic/<1.2`) or vendor text (`<= 3.1`). */
  versionRange: string | null;
  cpe: string | null;
  purl: string | null;
  /** For a relationship product; its vendor, product, version and identifiers come from the component. */
  relationship: CsafRelationship | null;
}

/** The product status lists of CSAF 2.0 §3.2.3.9. */
export type CsafProductStatusName =
  | 'first_affected'
  | 'first_fixed'
  | 'fixed'
  | 'known_affected'
  | 'known_not_affected'
  | 'last_affected'
  | 'recommended'
  | 'under_investigation';

/** Every status list, empty when the advisory does not give it. */
export type CsafProductStatus = Record<CsafProductStatusName, string[]>;

/** One vulnerability of an advisory, as far as matching reads it. */
export interface CsafRuleVulnerability {
  cve: string | null;
  title: string | null;
  productStatus: CsafProductStatus;
}

/** A validated CSAF advisory, as far as matching reads it. */
export interface CsafRuleAdvisory {
  document: { tracking: { id: string } };
  products: readonly CsafRuleProduct[];
  vulnerabilities: readonly CsafRuleVulnerability[];
}
