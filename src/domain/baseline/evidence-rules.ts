/**
 * Auto-evidence: small named rules over figures Ward already maintains (findings, KEV, exceptions,
 * alert targets, inventory imports, training records). Each rule names its outcome, says its
 * threshold in words and suggests a level from its figure; a claimed level above the suggestion
 * is "contradicted by data". The figures themselves are computed in SQL (baseline-evidence.repository).
 *
 * Responding to national alerts (the old toolkit's evidence item 6.3.2) is mapped to B4.d,
 * vulnerability management: an alert is a vulnerability the organisation must act on, and CAF
 * B4.d is where acting on known vulnerabilities is judged.
 */
import { type Level, levelRank } from './level.js';

export const EVIDENCE_RULE_IDS = [
  'kev_past_due',
  'kev_fix_days',
  'act_older_14d',
  'alert_ack_48h',
  'alerts_overdue',
  'inventory_fresh',
  'inventory_unknown',
  'smbv1',
  'unsupported_products',
  'internet_facing_kev',
  'internet_risky_services',
  'training',
] as const;
export type EvidenceRuleId = (typeof EVIDENCE_RULE_IDS)[number];

/** What a figure counts: things, a share of things, or a median number of days. */
export const EVIDENCE_UNITS = ['count', 'percent', 'days'] as const;
export type EvidenceUnit = (typeof EVIDENCE_UNITS)[number];

export interface EvidenceRule {
  id: EvidenceRuleId;
  outcome: string;
  title: string;
  unit: EvidenceUnit;
  threshold: string;
  /** The level the figure supports; null when there is no figure (nothing to measure). */
  suggest(figure: number | null): Level | null;
  /** Where the list behind the figure is, in the API. */
  link(orgCode: string): string;
}

/** Training: share of staff trained in the last 12 months expected for Achieved (the old 95 % rule). */
export const TRAINING_THRESHOLD_PERCENT = 95;
export const INVENTORY_FRESH_DAYS = 30;
export const ALERT_WINDOW_DAYS = 365;
/** The window over which KEV fixes are timed (the last 12 months). */
export const KEV_FIX_WINDOW_DAYS = 365;
/** An "act" finding open longer than this has waited too long. */
export const ACT_MAX_AGE_DAYS = 14;

const byMin =
  (achieved: number, partial: number | null) =>
  (figure: number | null): Level | null =>
    figure === null
      ? null
      : figure >= achieved
        ? 'Achieved'
        : partial !== null && figure >= partial
          ? 'Partially achieved'
          : 'Not achieved';
const byMax =
  (achieved: number, partial: number | null) =>
  (figure: number | null): Level | null =>
    figure === null
      ? null
      : figure <= achieved
        ? 'Achieved'
        : partial !== null && figure <= partial
          ? 'Partially achieved'
          : 'Not achieved';

export const EVIDENCE_RULES: readonly EvidenceRule[] = [
  {
    id: 'kev_past_due',
    outcome: 'B4.d',
    title:
      'Open known-exploited (KEV) findings past their KEV due date (findings under an exception with compensating controls count as mitigated, not here)',
    unit: 'count',
    threshold: 'none for Achieved; up to 4 for Partially achieved; 5 or more: Not achieved',
    suggest: byMax(0, 4),
    link: (org) => `/api/v1/findings?org=${org}&kev=true`,
  },
  {
    id: 'kev_fix_days',
    outcome: 'B4.d',
    title:
      'Median days from a known-exploited (KEV) finding opening to its fix, over the KEV findings fixed in the last 12 months',
    unit: 'days',
    threshold: '14 days or less for Achieved; 30 days or less for Partially achieved',
    suggest: byMax(14, 30),
    link: (org) => `/api/v1/findings?org=${org}&kev=true`,
  },
  {
    id: 'act_older_14d',
    outcome: 'B4.d',
    title: `Open findings prioritised "act" that have been open more than ${ACT_MAX_AGE_DAYS} days, as a share of the open "act" findings`,
    unit: 'percent',
    threshold: 'none for Achieved; 25 % or less for Partially achieved',
    suggest: byMax(0, 25),
    link: (org) => `/api/v1/findings?org=${org}&priority=act`,
  },
  {
    id: 'alert_ack_48h',
    outcome: 'B4.d',
    title: 'High and critical national alerts acknowledged by their deadline (48 hours), last 12 months',
    unit: 'percent',
    threshold: '95 % or more for Achieved; 80 % or more for Partially achieved',
    suggest: byMin(95, 80),
    link: (org) => `/api/v1/overview/alert-compliance?org=${org}`,
  },
  {
    id: 'alerts_overdue',
    outcome: 'B4.d',
    title: 'Alerts awaiting acknowledgement past their deadline now',
    unit: 'count',
    threshold: 'none for Achieved; any: at most Partially achieved',
    suggest: (n) => (n === null ? null : n === 0 ? 'Achieved' : 'Partially achieved'),
    link: (org) => `/api/v1/overview/alert-compliance?org=${org}`,
  },
  {
    id: 'inventory_fresh',
    outcome: 'A3.a',
    title: `Devices seen in an inventory import within ${INVENTORY_FRESH_DAYS} days`,
    unit: 'percent',
    threshold: '95 % or more for Achieved',
    suggest: byMin(95, null),
    link: (org) => `/api/v1/assets?org=${org}`,
  },
  {
    id: 'inventory_unknown',
    outcome: 'A3.a',
    title: 'Devices whose operating system or model is unknown',
    unit: 'percent',
    threshold: '5 % or less for Achieved',
    suggest: byMax(5, null),
    link: (org) => `/api/v1/assets?org=${org}`,
  },
  {
    id: 'smbv1',
    outcome: 'B4.b',
    title: 'Devices with SMBv1 (the protocol WannaCry spread through) installed',
    unit: 'percent',
    threshold: 'none for Achieved; 5 % or less for Partially achieved',
    suggest: byMax(0, 5),
    link: (org) => `/api/v1/findings?org=${org}&cve=CVE-2017-0144`,
  },
  {
    id: 'unsupported_products',
    outcome: 'B4.b',
    title:
      "Devices running a product past its vendor's end of support (Ward's end-of-life table: Windows XP, 7, Server 2008 and others, with dates and sources)",
    unit: 'percent',
    threshold: 'none for Achieved; 5 % or less for Partially achieved',
    suggest: byMax(0, 5),
    link: (org) => `/api/v1/assets?org=${org}`,
  },
  {
    id: 'internet_facing_kev',
    outcome: 'B4.c',
    title: 'Internet-facing devices with an open known-exploited (KEV) finding',
    unit: 'count',
    threshold: 'none for Achieved; any: Not achieved',
    suggest: byMax(0, null),
    link: (org) => `/api/v1/findings?org=${org}&kev=true`,
  },
  {
    id: 'internet_risky_services',
    outcome: 'B4.b',
    title:
      'Risky services (high or critical: SMB, RDP, Telnet, databases, management interfaces) seen open from the internet by outside scans of the registered addresses, as of the latest scan',
    unit: 'count',
    threshold:
      'none for Achieved; any: Not achieved (no figure until an outside scan has observed the organisation)',
    suggest: byMax(0, null),
    link: (org) => `/api/v1/external?org=${org}`,
  },
  {
    id: 'training',
    outcome: 'B6.b',
    title: 'Staff who completed security awareness training in the last 12 months (latest training record)',
    unit: 'percent',
    threshold: `${TRAINING_THRESHOLD_PERCENT} % or more for Achieved; 80 % or more for Partially achieved`,
    suggest: byMin(TRAINING_THRESHOLD_PERCENT, 80),
    link: (org) => `/api/v1/baseline/assessments/${org}`,
  },
];

export function evidenceRule(id: string): EvidenceRule | undefined {
  return EVIDENCE_RULES.find((r) => r.id === id);
}

/** A claim the data contradicts: the level claimed is above the level the figure supports. */
export function contradicts(claimed: Level | null, suggested: Level | null): boolean {
  return claimed !== null && suggested !== null && levelRank(claimed) > levelRank(suggested);
}
