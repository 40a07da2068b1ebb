/**
 * The applicability statements of an NVD CVE record (CVE API 2.0 `configurations`,
 * https://nvd.nist.gov/developers/vulnerabilities), the input `flattenNvdConfigurations` reads.
 * Declared here so the rules depend on no feed; the NVD parser's records carry exactly these.
 */

/** One `cpeMatch` entry of a configuration node. */
export interface NvdCpeMatch {
  vulnerable: boolean;
  /** CPE 2.3 formatted string, NVD escaping kept (`12.6\(1\)`). */
  criteria: string;
  matchCriteriaId?: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

export interface NvdNode {
  operator: 'AND' | 'OR';
  negate?: boolean;
  cpeMatch: NvdCpeMatch[];
}

/** One configuration: its nodes combine with `operator` (absent means OR). */
export interface NvdConfiguration {
  operator?: 'AND' | 'OR';
  negate?: boolean;
  nodes: NvdNode[];
}
