/**
 * Types of the NVD CVE API 2.0 records Ward reads (https://nvd.nist.gov/developers/vulnerabilities).
 * Only the fields Ward uses are typed; parsers keep unknown fields out of these records.
 */

import type { NvdConfiguration } from '../../domain/rules/nvd-configuration.js';

/** The configuration types live with the rules that flatten them; re-exported for the feed's readers. */
export type { NvdConfiguration, NvdCpeMatch, NvdNode } from '../../domain/rules/nvd-configuration.js';

/** CVSS versions NVD publishes, newest first. */
export type NvdCvssVersion = '4.0' | '3.1' | '3.0' | '2.0';

/** One CVSS metric of a CVE, summarised: who scored it, the base score and the vector. */
export interface NvdCvss {
  version: NvdCvssVersion;
  /** `Primary` is the NVD's own score; `Secondary` comes from a CNA or another source. */
  type: 'Primary' | 'Secondary';
  /** Who scored it: `nvd@nist.gov` or a CNA's e-mail or UUID. */
  source: string;
  score: number;
  /** `LOW` … `CRITICAL` as NVD wrote it; null when absent. */
  severity: string | null;
  vector: string;
}

/** The KEV fields NVD copies onto a CVE when CISA lists it; all null when it is not in KEV. */
export interface NvdKevFields {
  /** Date (YYYY-MM-DD) CISA added the CVE to KEV. */
  cisaExploitAdd: string | null;
  /** Date (YYYY-MM-DD) the required action is due for US federal agencies. */
  cisaActionDue: string | null;
  cisaRequiredAction: string | null;
  cisaVulnerabilityName: string | null;
}

/** One CVE of an NVD CVE API 2.0 response, reduced to what Ward stores. */
export interface NvdCveRecord extends NvdKevFields {
  /** `CVE-YYYY-NNNN…` */
  id: string;
  /** ISO 8601 date-times as NVD gives them (UTC, no offset: `2017-03-17T00:59:04.010`). */
  published: string;
  lastModified: string;
  /** `Analyzed`, `Modified`, `Awaiting Analysis`, `Deferred`, `Rejected`, … */
  vulnStatus: string;
  /** The English description; null when there is none. */
  description: string | null;
  /** The best score: newest CVSS version first (4.0 > 3.1 > 3.0 > 2.0), then Primary before Secondary. */
  cvss: NvdCvss | null;
  /** Every CVSS metric, in the order that picks {@link NvdCveRecord.cvss} first. */
  metrics: NvdCvss[];
  /** Distinct `CWE-n` ids from `weaknesses`; NVD's placeholders `NVD-CWE-noinfo` and `NVD-CWE-Other` are left out. */
  cwes: string[];
  /** CPE applicability; empty when NVD has not analysed the CVE. */
  configurations: NvdConfiguration[];
  /** Reference URLs, de-duplicated, in source order. */
  references: string[];
}

/** The top-level fields of an NVD response page or yearly feed (everything but `vulnerabilities`). */
export interface NvdPageHeader {
  resultsPerPage: number | null;
  startIndex: number | null;
  totalResults: number | null;
  /** When NVD produced the response (ISO 8601, as given). */
  timestamp: string | null;
  format: string | null;
  version: string | null;
}

/** One item of {@link parseNvd}'s stream. */
export type NvdParseItem =
  | { kind: 'record'; index: number; record: NvdCveRecord }
  /** An element that failed validation: `id` when it had a readable CVE id, and the zod reason. */
  | { kind: 'invalid'; index: number; id: string | null; reason: string }
  /** Last item: the page's top-level fields and how many elements were valid and invalid. */
  | { kind: 'end'; header: NvdPageHeader; records: number; invalid: number };
