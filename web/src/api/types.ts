/** The API's answers as the dashboard reads them (see /api/openapi.json for every field). */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Membership {
  org: string;
  orgName?: string;
  role: string;
}

export interface Session {
  user: { id: string; username: string; displayName?: string };
  memberships: Membership[];
  csrfToken: string | null;
}

export interface Organisation {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  depth: number;
}

export interface OrgDetails {
  organisation: Organisation;
  ancestors: Organisation[];
  descendants: Record<string, number>;
}

export interface ExposureCounts {
  findings: number;
  act: number;
  attend: number;
  trackStar: number;
  track: number;
  kev: number;
  kevOverdue: number;
  assets: number;
  cves: number;
}

export interface OrgRef {
  code: string;
  name: string;
  kind: string;
}

export interface ExposureSummary {
  org: OrgRef;
  totals: ExposureCounts;
  children: (OrgRef & ExposureCounts)[];
}

export interface ComplianceCounts {
  targets: number;
  acknowledgedInTime: number;
  shareAcknowledgedInTime: number;
  awaiting: number;
  overdue: number;
}

export interface AlertCompliance {
  org: OrgRef;
  asOf: string;
  totals: ComplianceCounts;
  trend: (ComplianceCounts & { week: string })[];
}

export interface TopExposure {
  cve: string;
  description: string;
  cvss: { score: number | null; severity: string | null };
  kev: boolean;
  kevDueDate: string | null;
  epss: number | null;
  organisations: number;
  devices: number;
  actFindings: number;
}

export interface MedicalDevices {
  org: OrgRef;
  totals: { devices: number; atRisk: number; kev: number };
  manufacturers: { name: string; devices: number; atRisk: number; kev: number }[];
}

export interface Finding {
  org: string;
  cve: string;
  component: { key: string; version: string | null; update: string | null };
  assets: number;
  status: string;
  /** `possible`: something the inventory does not say would settle it; never counted. */
  certainty: 'confirmed' | 'possible';
  /** `assumed`: a built-in on by default on the platform, not listed by the inventory. */
  basis: 'reported' | 'assumed';
  assumedBy: string | null;
  priority: string;
  reasons: string[];
  cvss: { score: number | null; severity: string | null };
  kev: boolean;
  kevDueDate: string | null;
  epss: number | null;
}

export interface Asset {
  id: number;
  org: string;
  assetId: string;
  hostname: string | null;
  type: string;
  manufacturer: string | null;
  model: string | null;
  os: string | null;
  networkZone: string | null;
  internetFacing: boolean;
  clinicalCriticality: string;
}

export interface Exception {
  id: string;
  org: string;
  cve: string;
  asset: string | null;
  reason: string;
  controls: string;
  expiresAt: string;
  active: boolean;
}

export interface AlertSummary {
  reference: string;
  title: string;
  severity: string;
  cves: string[];
  issuedAt: string;
  withdrawn: boolean;
  targets: number;
  awaiting: number;
  acknowledged: number;
  inProgress: number;
  resolved: number;
  notApplicable: number;
  overdue: number;
}

export interface AlertTarget {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  state: string;
  devices: number;
  deviceList: string[];
  ackDueAt: string;
  acknowledgedAt: string | null;
  overdue: boolean;
  updateDue: boolean;
  note: string | null;
  respondedBy: string | null;
}

export interface AlertStatus {
  alert: {
    reference: string;
    title: string;
    severity: string;
    action: string;
    cves: string[];
    issuedAt: string;
    issuedBy: string;
    ackHours: number;
    withdrawn: { at: string; reason: string | null } | null;
  };
  asOf: string;
  counts: {
    targets: number;
    awaitingAck: number;
    acknowledged: number;
    inProgress: number;
    resolved: number;
    notApplicable: number;
    overdue: number;
    shareAcknowledgedInTime: number;
    assets: number;
  };
  targets?: AlertTarget[];
}

export interface RespondResult {
  applied: { code: string; from: string }[];
  skipped: { code: string; reason: string }[];
}

export interface Vulnerability {
  id: string;
  status: string;
  published: string | null;
  description: string;
  cvss: { version: string | null; score: number | null; severity: string | null; vector: string | null };
  cwes: string[];
  references: string[];
  kev: { name: string; dateAdded: string; dueDate: string | null; requiredAction: string } | null;
  epss: { score: number; percentile: number; date: string } | null;
  advisories: { id: string; title: string; publisher: string; medical: boolean }[];
}

export interface ExposedOrg {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  assets: number;
  priority: string;
}

export interface IntelStatus {
  sources: {
    source: string;
    records: number;
    lastSuccess: string | null;
    lastAttempt: string | null;
    lastError: string | null;
  }[];
  counts: Record<string, number>;
}

export interface Token {
  id: string;
  name: string;
  username: string;
  org: string | null;
  maxRole: string | null;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
}

export interface ImportResult {
  org: string;
  assets: number;
  assetsAdded: number;
  assetsRetired: number;
  rows: number;
  findingsOpened: number;
  findingsFixed: number;
}
