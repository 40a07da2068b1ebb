/**
 * Kysely's view of Ward's tables. Each migration that changes a table changes its type here.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganisationTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: string;
  parent_id: string | null;
  depth: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Closure of the organisation tree: one row per (ancestor, descendant) pair, the self pair included. */
export interface OrgClosureTable {
  ancestor_id: string;
  descendant_id: string;
  depth: number;
}

export interface VulnerabilityTable {
  cve_id: string;
  published: Date | null;
  last_modified: Date | null;
  status: string;
  rejected: boolean;
  description: string;
  cvss_version: string | null;
  /** numeric comes back as a string */
  cvss_score: ColumnType<string | null, number | string | null, number | string | null>;
  cvss_severity: string | null;
  cvss_vector: string | null;
  metrics: ColumnType<unknown, string, string>;
  cwes: string[];
  reference_urls: string[];
  source: string;
  updated_at: Timestamp;
}

export interface MatchRuleTable {
  id: Generated<number>;
  cve_id: string;
  source: string;
  grp: number;
  key: string;
  scheme: string;
  exact: string | null;
  start_version: string | null;
  start_inclusive: boolean | null;
  end_version: string | null;
  end_inclusive: boolean | null;
  update: string | null;
  lo_key: string | null;
  lo_inclusive: boolean | null;
  hi_key: string | null;
  hi_inclusive: boolean | null;
  alt_key: string | null;
  conditional: boolean;
  raw: string;
  /** The confirmed product alias this rule was cloned for (0011-product-aliases); null for a source's own rules. */
  alias_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface RuleConditionTable {
  id: Generated<number>;
  rule_id: number;
  cond: number;
  negate: boolean;
  key: string;
  scheme: string;
  exact: string | null;
  start_version: string | null;
  start_inclusive: boolean | null;
  end_version: string | null;
  end_inclusive: boolean | null;
  update: string | null;
  lo_key: string | null;
  lo_inclusive: boolean | null;
  hi_key: string | null;
  hi_inclusive: boolean | null;
  alt_key: string | null;
  raw: string;
}

export interface KevEntryTable {
  cve_id: string;
  vendor_project: string;
  product: string;
  name: string;
  date_added: ColumnType<Date, string, string>;
  short_description: string;
  required_action: string;
  due_date: ColumnType<Date | null, string | null, string | null>;
  ransomware: string;
  notes: string;
  cwes: string[];
  updated_at: Timestamp;
}

export interface EpssScoreTable {
  cve_id: string;
  epss: number;
  percentile: number;
  score_date: ColumnType<Date, string, string>;
}

export interface AdvisoryTable {
  id: string;
  title: string;
  category: string;
  publisher: string;
  tlp: string | null;
  version: string;
  initial_release: Date | null;
  current_release: Date | null;
  medical: boolean;
  url: string | null;
  updated_at: Timestamp;
}

export interface AdvisoryProductTable {
  advisory_id: string;
  product_id: string;
  name: string;
  vendor: string | null;
  product: string | null;
  version: string | null;
  version_range: string | null;
  cpe: string | null;
  purl: string | null;
  model_numbers: string[];
}

export interface AdvisoryVulnerabilityTable {
  advisory_id: string;
  cve_id: string;
  title: string | null;
  product_status: ColumnType<unknown, string, string>;
  remediations: ColumnType<unknown, string, string>;
  scores: ColumnType<unknown, string, string>;
}

export interface IntelSourceTable {
  source: string;
  last_success: Date | null;
  last_attempt: Date | null;
  last_modified_seen: Date | null;
  cursor: ColumnType<unknown, string | null, string | null>;
  records: number;
  last_error: string | null;
  updated_at: Timestamp;
}

export interface ComponentTable {
  id: Generated<number>;
  key: string;
  version: string;
  update: string;
  scheme: string;
  version_key: string | null;
  cpe: string | null;
  purl: string | null;
  matched_at: Date | null;
  /** CPE attributes the inventory states, `edition:sw_edition:target_sw:target_hw:other`; '' none (0010). */
  attrs: Generated<string>;
  /** '' when reported; the platform label when assumed from the platform's defaults (0009). */
  assumed_by: Generated<string>;
}

export interface AssetTable {
  org_id: string;
  id: Generated<number>;
  source: string;
  asset_key: string;
  hostname: string | null;
  asset_type: string;
  manufacturer: string | null;
  model: string | null;
  os: string | null;
  ip: string | null;
  network_zone: string | null;
  internet_facing: boolean;
  clinical_criticality: string;
  first_seen: Timestamp;
  last_seen: Timestamp;
  retired_at: Date | null;
  /** SHA-256 of the sorted ids of its installed components (migration 0039). */
  components_digest: Generated<Buffer>;
}

export interface AssetComponentTable {
  org_id: string;
  asset_id: number;
  component_id: number;
}

export interface ComponentMatchTable {
  component_id: number;
  rule_id: number;
  cve_id: string;
  conditional: boolean;
  assumed: boolean;
}

export interface ConditionMatchTable {
  rule_id: number;
  cond: number;
  component_id: number;
  negate: boolean;
  assumed: boolean;
}

export interface FindingTable {
  org_id: string;
  component_id: number;
  cve_id: string;
  asset_count: number;
  exposure: string;
  safety_impact: boolean;
  status: string;
  /** `confirmed`, or `possible` when every exposed asset matched only possibly (0010). */
  certainty: Generated<string>;
  first_seen: Timestamp;
  last_seen: Timestamp;
  fixed_at: Date | null;
  updated_at: Timestamp;
}

export interface ExceptionTable {
  org_id: string;
  id: Generated<string>;
  cve_id: string;
  asset_id: number | null;
  reason: string;
  controls: string;
  expires_at: Timestamp;
  created_at: Timestamp;
  created_by: string;
}

export interface SignInFailureTable {
  key: string;
  failures: number;
  last_failure: Timestamp;
  blocked_until: Date | null;
}

export interface SignInKnownAddressTable {
  username: string;
  address: string;
  last_success: Timestamp;
}

export interface DB {
  organisations: OrganisationTable;
  org_closure: OrgClosureTable;
  vulnerabilities: VulnerabilityTable;
  match_rules: MatchRuleTable;
  rule_conditions: RuleConditionTable;
  kev_entries: KevEntryTable;
  epss_scores: EpssScoreTable;
  advisories: AdvisoryTable;
  advisory_products: AdvisoryProductTable;
  advisory_vulnerabilities: AdvisoryVulnerabilityTable;
  intel_sources: IntelSourceTable;
  components: ComponentTable;
  assets: AssetTable;
  asset_components: AssetComponentTable;
  component_matches: ComponentMatchTable;
  condition_matches: ConditionMatchTable;
  findings: FindingTable;
  exceptions: ExceptionTable;
  sign_in_failures: SignInFailureTable;
  sign_in_known_addresses: SignInKnownAddressTable;
  alert_counters: AlertCounterTable;
  alerts: AlertTable;
  alert_versions: AlertVersionTable;
  alert_targets: AlertTargetTable;
  alert_events: AlertEventTable;
  contacts: ContactTable;
  outbox: OutboxTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  oidc_pending: OidcPendingTable;
  ward_secrets: WardSecretTable;
  audit_log: AuditLogTable;
  product_aliases: ProductAliasTable;
  alert_target_counts: AlertTargetCountTable;
  exposed_devices: ExposedDeviceTable;
  exposed_cells: ExposedCellTable;
  asset_platforms: AssetPlatformTable;
  device_rollup: DeviceRollupTable;
  network_zones: NetworkZoneTable;
  network_rules: NetworkRuleTable;
  simulation_runs: SimulationRunTable;
  simulation_org_results: SimulationOrgResultTable;
  shared_services: SharedServiceTable;
  baseline_frameworks: BaselineFrameworkTable;
  baseline_outcomes: BaselineOutcomeTable;
  baseline_profiles: BaselineProfileTable;
  baseline_assessments: BaselineAssessmentTable;
  baseline_results: BaselineResultTable;
  training_records: TrainingRecordTable;
  baseline_evidence: BaselineEvidenceTable;
  baseline_rollup: BaselineRollupTable;
  baseline_evidence_files: BaselineEvidenceFileTable;
  org_addresses: OrgAddressTable;
  external_services: ExternalServiceTable;
  sharing_groups: SharingGroupTable;
  sharing_group_members: SharingGroupMemberTable;
  indicators: IndicatorTable;
  marked_orgs: MarkedOrgTable;
  marked_groups: MarkedGroupTable;
  marked_people: MarkedPersonTable;
  sightings: SightingTable;
  incident_counters: IncidentCounterTable;
  incidents: IncidentTable;
  incident_assets: IncidentAssetTable;
  incident_indicators: IncidentIndicatorTable;
  incident_updates: IncidentUpdateTable;
  indicator_matches: IndicatorMatchTable;
  external_reports: ExternalReportTable;
  products: ProductTable;
  product_statuses: ProductStatusTable;
  product_cve_notices: ProductCveNoticeTable;
  alert_drafts: AlertDraftTable;
  taxii_statuses: TaxiiStatusTable;
  taxii_pull_cursors: TaxiiPullCursorTable;
}

// Product identity resolution (0011-product-aliases).

export interface ProductAliasTable {
  /** bigint: comes back as a number (see connect.ts) */
  id: Generated<number>;
  advisory_key: string;
  inventory_key: string;
  advisory_vendor: string;
  advisory_product: string;
  /** `proposed`, `confirmed` or `rejected`. */
  status: Generated<string>;
  advisories: string[];
  cves: string[];
  /** Installed versions of the inventory product the advisory names ('' for a component without a version). */
  versions: string[];
  evidence: ColumnType<unknown, string, string>;
  proposed_at: Timestamp;
  updated_at: Timestamp;
  decided_at: Date | null;
  decided_by: string | null;
  reason: string | null;
}

// Identity and audit (0005-identity).

export interface UserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string | null;
  oidc_subject: string | null;
  must_change_password: Generated<boolean>;
  disabled_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipTable {
  org_id: string;
  user_id: string;
  role: string;
  created_at: Timestamp;
  created_by: string;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  via: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  org_id: string | null;
  max_role: string | null;
  expires_at: Timestamp;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface OidcPendingTable {
  state_hash: string;
  code_verifier: string;
  nonce: string;
  expires_at: Timestamp;
}

export interface WardSecretTable {
  name: string;
  value: string;
}

export interface AuditLogTable {
  /** bigint: comes back as a number (see connect.ts) */
  seq: number;
  at: Timestamp;
  actor: string;
  user_id: string | null;
  org_id: string | null;
  action: string;
  target: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  prev_hash: string;
  hash: string;
}

// Alerts, contacts and the notification outbox (0004-alerts).

export interface AlertCounterTable {
  year: number;
  last: number;
}

export interface AlertTable {
  id: Generated<string>;
  reference: string;
  title: string;
  severity: string;
  action: string;
  cves: string[];
  advisory_id: string | null;
  ack_hours: number;
  /** Target specs as given (`auto`, `kind:gp_practice+under:Y56`, …). */
  targets: string[];
  version: Generated<number>;
  issued_at: Timestamp;
  issued_by: string;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
  updated_at: Timestamp;
}

export interface AlertVersionTable {
  alert_id: string;
  version: number;
  kind: string;
  at: Timestamp;
  actor: string;
  title: string;
  severity: string;
  action: string;
  cves: string[];
  changes: string[];
  note: string | null;
}

export interface AlertTargetTable {
  org_id: string;
  alert_id: string;
  reasons: string[];
  asset_count: number;
  assets: string[];
  state: string;
  targeted_at: Timestamp;
  ack_due_at: Timestamp;
  acknowledged_at: Date | null;
  next_update_due_at: Date | null;
  state_changed_at: Timestamp;
  note: string | null;
  reason: string | null;
  responded_by: string | null;
  reminded_at: Date | null;
  escalated_at: Date | null;
}

export interface AlertEventTable {
  org_id: string;
  alert_id: string;
  id: Generated<number>;
  at: Timestamp;
  actor: string;
  kind: string;
  from_state: string | null;
  to_state: string;
  note: string | null;
  reason: string | null;
  next_update_due_at: Date | null;
}

export interface ContactTable {
  org_id: string;
  id: Generated<string>;
  name: string;
  email: string;
  role: string;
  channel: string;
  digest: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Its own webhook endpoint and signing secret (0012-contact-webhooks); the configured ones when null. */
  webhook_url: string | null;
  webhook_secret: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  idempotency_key: string;
  kind: string;
  channel: string;
  recipient: string;
  recipient_name: string;
  org_id: string | null;
  alert_id: string | null;
  subject: string;
  body: string;
  payload: ColumnType<unknown, string, string>;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_until: Date | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Date | null;
  /** The contact the message is for (0012-contact-webhooks): its webhook endpoint and secret. */
  contact_id: string | null;
}

// Maintained counts (0013-maintained-counts).

/** Targets per alert, subtree, state and deadline (exact for awaiting, the hour for updates, else infinity). */
export interface AlertTargetCountTable {
  alert_id: string;
  org_id: string;
  state: string;
  due_at: Timestamp;
  in_time: boolean;
  targets: number;
  assets: number;
}

/**
 * A live device with an open finding that applies to it (migration 0037): how many of its exposed
 * cells it lies in (and how many of those hold a KEV CVE), and the CVEs that expose it through rules
 * decided on the device itself (conditions naming applications).
 */
export interface ExposedDeviceTable {
  org_id: string;
  asset_id: number;
  cves: string[];
  cells: Generated<number>;
  kev_cells: Generated<number>;
}

/**
 * An exposed cell (migration 0037): the CVEs of open, confirmed findings that apply to every live
 * device of the organisation with the component and the platform, and whether one is in KEV.
 */
export interface ExposedCellTable {
  org_id: string;
  component_id: number;
  platform: number[];
  cves: string[];
  kev: boolean;
}

/** An asset's platform: its operating-system and hardware components, sorted (rebuilt with component presence). */
export interface AssetPlatformTable {
  org_id: string;
  asset_id: number;
  platform: number[];
}

/** Live devices per subtree, medical or not and manufacturer: all, exposed, exposed to a KEV CVE. */
export interface DeviceRollupTable {
  org_id: string;
  medical: boolean;
  manufacturer: string;
  devices: number;
  exposed: number;
  kev: number;
}

// Network zones and reachability (0014-network-zones).

export interface NetworkZoneTable {
  org_id: string;
  name: string;
  cidr: string | null;
  size: number;
  egress: 'direct' | 'proxy' | 'none';
  segment: 'clinical' | 'office';
  imported_at: Generated<Date>;
}

export interface NetworkRuleTable {
  org_id: string;
  position: number;
  from_ref: string;
  to_ref: string;
  protocol: 'tcp' | 'udp' | 'any';
  port: number | null;
  action: 'allow' | 'deny';
}

// Shared services between organisations (0019-shared-services).

export interface SharedServiceTable {
  /** The organisation whose network file declared it. */
  org_id: string;
  service: string;
  provider_id: string;
  consumer_id: string;
  /** true: every organisation directly under consumer_id uses it; false: consumer_id itself. */
  children: boolean;
}

// Worm-simulation runs (0015-simulation-runs).

export interface SimulationRunTable {
  id: Generated<string>;
  created_at: Generated<Date>;
  actor: string;
  profile: string;
  profile_version: string;
  snapshot: string;
  seed: number;
  runs: number;
  horizon_hours: number;
  scenario: ColumnType<unknown, string, never>;
  summary: ColumnType<unknown, string, never>;
}

export interface SimulationOrgResultTable {
  run_id: string;
  org_id: string;
  result: ColumnType<unknown, string, never>;
}

// Baseline self-assessment (0016-baseline).

export interface BaselineFrameworkTable {
  id: string;
  title: string;
  version: string;
  notes: string | null;
  levels: string[];
  document: ColumnType<unknown, string, string>;
  imported_at: Timestamp;
  imported_by: string;
}

export interface BaselineOutcomeTable {
  framework_id: string;
  outcome_id: string;
  position: number;
  objective_id: string;
  objective_title: string;
  principle_id: string;
  principle_title: string;
  title: string;
  levels: string[];
  question: string;
  guidance: string;
  plain_question: string | null;
}

export interface BaselineProfileTable {
  framework_id: string;
  year: number;
  kind: string;
  outcome_id: string;
  expected_level: string;
  /** `default` for the set shipped with Ward, else the file it was imported from. */
  source: string;
  imported_at: Timestamp;
}

export interface BaselineAssessmentTable {
  org_id: string;
  id: Generated<string>;
  year: number;
  framework_id: string;
  kind: string;
  state: string;
  started_from: string | null;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  submitted_at: Date | null;
  submitted_by: string | null;
  snapshot: ColumnType<unknown, string | null, string | null>;
  snapshot_hash: string | null;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  published_at: Date | null;
  published_by: string | null;
  /** Levels short summed over the outcomes (unanswered: 2), kept as results change (0027). */
  levels_short: Generated<number>;
  /** Outcomes below their expected level (0027). */
  outcomes_below: Generated<number>;
}

export interface BaselineResultTable {
  org_id: string;
  assessment_id: string;
  outcome_id: string;
  expected_level: string;
  level: string | null;
  justification: Generated<string>;
  evidence_notes: Generated<string>;
  owner: string | null;
  action_what: string | null;
  action_owner: string | null;
  /** date: read back as a Date at midnight UTC */
  action_due: ColumnType<Date | null, string | null, string | null>;
  review_verdict: string | null;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  updated_at: Timestamp;
  updated_by: string | null;
}

// Auto-evidence (0017-baseline-evidence).

export interface TrainingRecordTable {
  org_id: string;
  as_of: ColumnType<Date, string, string>;
  staff: number;
  trained: number;
  imported_at: Timestamp;
  imported_by: string;
}

export interface BaselineEvidenceTable {
  org_id: string;
  rule: string;
  outcome_id: string;
  figure: number | null;
  details: ColumnType<unknown, string, string>;
  suggested_level: string | null;
  computed_at: Timestamp;
}

/** Outcome standings summed over each organisation's subtree (maintained on every answer). */
export interface BaselineRollupTable {
  org_id: string;
  year: number;
  framework_id: string;
  outcome_id: string;
  meets: number;
  one_short: number;
  misses: number;
}

// Evidence files (0018-baseline-evidence-files).

/** A file uploaded as evidence on one outcome of an assessment, its content in the database. */
export interface BaselineEvidenceFileTable {
  org_id: string;
  id: Generated<string>;
  assessment_id: string;
  outcome_id: string;
  file_name: string;
  /** The type recognised from the content (never the one the client claimed). */
  content_type: string;
  size_bytes: number;
  sha256: string;
  /** bytea: read back as bytes (a Buffer on PostgreSQL, a Uint8Array on PGlite). */
  content: ColumnType<Uint8Array, Uint8Array, never>;
  uploaded_at: Generated<Date>;
  uploaded_by: string;
  /** Set when the file was carried from an earlier year's assessment (0025-baseline-file-carry). */
  carried_from_year: Generated<number | null>;
  /** The earlier year's file it was copied from. */
  carried_from_id: Generated<string | null>;
}

// Outside-in (0020-outside-in).

export interface OrgAddressTable {
  id: Generated<string>;
  org_id: string;
  kind: 'range' | 'domain';
  /** `cidr` text as PostgreSQL prints it (`10.1.0.0/16`, `2001:db8::/32`); null for a domain. */
  range: string | null;
  /** Lower-case domain name; null for a range. */
  domain: string | null;
  created_at: Generated<Date>;
}

export interface ExternalServiceTable {
  org_id: string;
  id: Generated<string>;
  source: string;
  /** `inet` text (`192.0.2.10`, `2001:db8::1`). */
  address: string;
  port: number;
  protocol: string;
  /** A risky-services rule id (`smb`, `rdp`, …) or `service` for a banner-only observation. */
  kind: string;
  severity: string;
  hostname: string | null;
  asn: number | null;
  geo: string | null;
  tag: string | null;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  detail: ColumnType<unknown, string | undefined, string>;
  first_seen: Timestamp;
  last_seen: Timestamp;
  closed_at: Date | null;
  reopened_at: Date | null;
  updated_at: Timestamp;
  /** When the organisation was told (a critical or high exposure opening or reopening); 0021. */
  notified_at: Date | null;
  /** When its parents were told it is still open; cleared on reopening; 0021. */
  escalated_at: Date | null;
}

// External scan reports (0021-external-reports).

export interface ExternalReportTable {
  id: Generated<string>;
  source: string;
  file: string;
  format: string;
  /** SHA-256 of the report's content (after gunzip), hex. */
  checksum: string;
  rows: number;
  attributed: number;
  unknown: number;
  unknown_distinct: number;
  /** The unregistered addresses seen, most rows first: `[{ address, rows }]`. */
  unknown_addresses: ColumnType<unknown, string | undefined, string>;
  ignored: number;
  opened: number;
  refreshed: number;
  reopened: number;
  closed: number;
  observed_from: Date | null;
  observed_until: Date | null;
  imported_at: Date;
  imported_by: string;
}

// Shared threat intelligence under TLP 2.0 (0026-sharing).

export interface SharingGroupTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  owner_org_id: string;
  created_at: Generated<Date>;
  created_by: string;
}

export interface SharingGroupMemberTable {
  group_id: string;
  org_id: string;
  subtree: Generated<boolean>;
}

export interface IndicatorTable {
  id: Generated<string>;
  stix_id: string;
  producer_org_id: string;
  /** The producing organisation's legal entity (a site's trust): the TLP rule's "producer". */
  producer_entity_id: string;
  type: string;
  value: string;
  tlp: string;
  confidence: number | null;
  description: Generated<string>;
  source: string;
  first_seen: Date | null;
  last_seen: Date | null;
  valid_until: Date | null;
  /** Ids of the warning lists the value fell in when entered. */
  warnings: Generated<string[]>;
  created_at: Generated<Date>;
  created_by: string;
  modified_at: Generated<Date>;
  revoked: Generated<boolean>;
}

/** An organisation a marked object (any row with a uuid id) is shared with, AMBER. */
export interface MarkedOrgTable {
  object_id: string;
  org_id: string;
  subtree: Generated<boolean>;
}

export interface MarkedGroupTable {
  object_id: string;
  group_id: string;
}

/** A person a RED object is shared with, by name. */
export interface MarkedPersonTable {
  object_id: string;
  user_id: string;
}

export interface SightingTable {
  indicator_id: string;
  org_id: string;
  count: number;
  first_seen: Date;
  last_seen: Date;
  created_by: string;
  updated_at: Generated<Date>;
}

// Incidents reported to the national centre (0028-incidents).

export interface IncidentCounterTable {
  year: number;
  last: number;
}

export interface IncidentTable {
  id: Generated<string>;
  /** The reporting organisation. */
  org_id: string;
  /** `INC-2026-000042`. */
  reference: string;
  title: string;
  /** What happened, in the reporter's words. */
  summary: string;
  category: string;
  started_at: Date;
  detected_at: Date;
  reported_at: Date;
  reported_by: string;
  impact_delayed: Generated<number>;
  impact_cancelled: Generated<number>;
  impact_diverted: Generated<number>;
  personal_data: boolean;
  help_requested: Generated<string>;
  status: string;
  severity: string | null;
  lead_analyst: string | null;
  significant: boolean | null;
  triaged_at: Date | null;
  /** When the full report (an update of that kind) came. */
  full_report_at: Date | null;
  updated_at: Date;
}

export interface IncidentAssetTable {
  incident_id: string;
  org_id: string;
  asset_id: number;
}

export interface IncidentIndicatorTable {
  id: Generated<string>;
  incident_id: string;
  /** The reporting organisation. */
  org_id: string;
  type: string;
  value: string;
  note: Generated<string>;
  /** The shared indicator made from it, once shared. */
  indicator_id: string | null;
  created_at: Date;
}

export interface IncidentUpdateTable {
  id: Generated<number>;
  incident_id: string;
  /** The organisation the author speaks for: the reporter's or the national centre. */
  org_id: string;
  kind: string;
  author: string;
  at: Date;
  text: Generated<string>;
  from_status: string | null;
  to_status: string | null;
}

/** What an indicator named of an organisation's own (0029-indicator-matches). */
export interface IndicatorMatchTable {
  indicator_id: string;
  org_id: string;
  /** `range` (a registered range), `domain` (a registered domain), `service` (seen from outside). */
  kind: 'range' | 'domain' | 'service';
  /** The organisation's own thing: the address named, its range, its domain, or `address:port`. */
  detail: string;
  created_at: Generated<Date>;
}

// The products register (0023-products-register).
export interface ProductTable {
  /** Component match key: CPE `part:vendor:product` or purl `pkg:type/namespace/name`. */
  key: string;
  name: string;
  vendor: string;
  category: string;
  notes: Generated<string>;
  /** Shipped with Ward (refreshed on upgrade) rather than a national admin's own row. */
  shipped: Generated<boolean>;
  updated_at: Timestamp;
  updated_by: string;
}

export interface ProductStatusTable {
  product_key: string;
  status: 'approved' | 'certified' | 'not-approved' | 'end-of-life';
  /** The use the status is for: `any`, `clinical`, `patient-data`, … */
  use: Generated<string>;
  standard: string | null;
  certificate_ref: string | null;
  /** YYYY-MM-DD */
  certified_on: string | null;
  /** YYYY-MM-DD */
  expires_on: string | null;
  /** YYYY-MM-DD: the last day of support. */
  end_of_life: string | null;
  source: string | null;
  shipped: Generated<boolean>;
  updated_at: Timestamp;
  updated_by: string;
}

export interface ProductCveNoticeTable {
  product_key: string;
  cve_id: string;
  notified_at: Generated<Date>;
}

// Alert drafts (0022-alert-drafts).

export interface AlertDraftTable {
  id: Generated<string>;
  /** What drafted it: `kev` (a KEV entry for a remote-working product). */
  trigger: string;
  /** The trigger's own key (the CVE id for `kev`): one draft per trigger. */
  trigger_key: string;
  /** Remote-working catalogue ids the draft is about. */
  products: string[];
  title: string;
  severity: string;
  action: string;
  cves: string[];
  /** Target specs, as `ward alert issue --target` takes them. */
  targets: string[];
  why: string;
  created_at: Timestamp;
  issued_alert_id: string | null;
  issued_at: Date | null;
  issued_by: string | null;
  dismissed_at: Date | null;
  dismissed_by: string | null;
  dismissed_reason: string | null;
}

// TAXII 2.1 (0031-taxii).
export interface TaxiiStatusTable {
  id: Generated<string>;
  collection_id: string;
  requested_by: string;
  user_id: string | null;
  status: 'pending' | 'complete';
  request_timestamp: Generated<Date>;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  successes: ColumnType<unknown, string, string>;
  failures: ColumnType<unknown, string, string>;
}

export interface TaxiiPullCursorTable {
  url: string;
  collection_id: string;
  /** The feed's own timestamp text, kept verbatim (its precision may exceed a Date's). */
  added_last: string;
  updated_at: Generated<Date>;
}
