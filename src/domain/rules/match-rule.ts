/**
 * The match-rule model: every source of applicability (NVD configurations, CSAF product status,
 * package-URL ranges) is flattened into these rules, indexed by `key`, so that the exposure engine
 * matches distinct installed components against rules with one indexed lookup per key.
 */

/** Version schemes: how versions of a key compare. CPE keys use `generic`; purl keys use their ecosystem's. */
export type VersionScheme = 'generic' | 'semver' | 'maven' | 'debian' | 'rpm' | 'pypi';

/** Confirmed: everything a rule needs is known to match; possible: something unknown would settle it. */
export const FINDING_CERTAINTIES = ['confirmed', 'possible'] as const;
export type FindingCertainty = (typeof FINDING_CERTAINTIES)[number];

/** The CPE attributes a criterion may set besides vendor, product, version and update. */
export const CPE_ATTRIBUTES = ['edition', 'swEdition', 'targetSw', 'targetHw', 'other'] as const;
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];
/** The attributes a CPE sets (neither ANY nor absent), lower-case. */
export type CpeAttributes = Partial<Record<CpeAttribute, string>>;

export interface VersionBound {
  version: string;
  inclusive: boolean;
}

/** One thing that can be installed: a CPE `part:vendor:product` or purl `pkg:type/namespace/name`, with version constraints. */
export interface MatchCriterion {
  /** Match key, lower-case: `a:apache:log4j`, `o:microsoft:windows_7`, `pkg:maven/org.apache.logging.log4j/log4j-core`. */
  key: string;
  scheme: VersionScheme;
  /** Exact version from the criteria; null when the criteria say `*` (any) or give a range. `-` (not applicable) is kept as `-`. */
  exact: string | null;
  start: VersionBound | null;
  end: VersionBound | null;
  /** CPE update field (`sp1`); null means any (`*`). `-` is kept as `-`. */
  update: string | null;
  /** The criteria as the source wrote it (CPE string, purl, or CSAF product id and name). */
  raw: string;
  /** Other CPE attributes the criterion sets (`targetSw: 'go'`); each must match. Absent: none. */
  attributes?: CpeAttributes;
}

/** A group of criteria of which at least one must (or, when negated, none may) be present on the same asset. */
export interface PlatformCondition {
  negate: boolean;
  anyOf: MatchCriterion[];
}

/** A vulnerable criterion for one CVE, with the platform conditions an AND configuration attaches to it. */
export interface MatchRule {
  cve: string;
  /** `nvd`, or `csaf:<tracking id>` for advisory rules. */
  source: string;
  /** Index of the configuration (NVD) or product (CSAF) the rule came from, for display and stable ordering. */
  group: number;
  vulnerable: MatchCriterion;
  /** All conditions must hold on the same asset; empty for plain OR configurations. */
  conditions: PlatformCondition[];
}
