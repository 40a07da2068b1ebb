/**
 * Where each of Ward's tables lives on a Citus cluster — data, read by the distribution step
 * (distribute.ts) and checked against the real schema by the plan (plan.ts):
 *
 * - `distributed`: a tenant table, sharded by its organisation column and co-located with every
 *   other tenant table, so one organisation's rows of all of them sit on one worker and its
 *   queries route to one shard;
 * - `reference`: the organisation tree, the intel and other small global tables, copied whole to
 *   every node so tenant shards join them locally;
 * - `local`: stays on the coordinator only (queues, sessions, the hash-chained audit log): written
 *   row by row, read by key, never joined with tenant rows on a worker. `why` says why.
 *
 * Typed against the schema: a new table without a placement does not compile, and the plan
 * refuses a table in the database that has none.
 */
import type { DB } from '../schema.js';

/** The distribution column of every tenant table. */
export const DISTRIBUTION_COLUMN = 'org_id';

export type Placement = { kind: 'distributed' } | { kind: 'reference' } | { kind: 'local'; why: string };

const distributed: Placement = { kind: 'distributed' };
const reference: Placement = { kind: 'reference' };
const local = (why: string): Placement => ({ kind: 'local', why });

/** Tables written through raw SQL only, absent from the Kysely schema. */
type RawTable = 'exposure_rollup' | 'component_presence';

export const CITUS_LAYOUT: Readonly<Record<keyof DB | RawTable, Placement>> = {
  // The organisation tree: every scope check joins it.
  organisations: reference,
  org_closure: reference,
  // Intel and what is derived from intel alone (global, joined by every organisation's findings).
  vulnerabilities: reference,
  match_rules: reference,
  rule_conditions: reference,
  kev_entries: reference,
  epss_scores: reference,
  advisories: reference,
  advisory_products: reference,
  advisory_vulnerabilities: reference,
  intel_sources: reference,
  product_aliases: reference,
  components: reference,
  component_matches: reference,
  condition_matches: reference,
  products: reference,
  product_statuses: reference,
  product_cve_notices: reference,
  external_reports: reference,
  // National alerts (one row per alert, not per target) and their drafts.
  alerts: reference,
  alert_versions: reference,
  alert_counters: reference,
  alert_drafts: reference,
  // Baseline frameworks and profiles (policy, the same for everyone).
  baseline_frameworks: reference,
  baseline_outcomes: reference,
  baseline_profiles: reference,
  // Simulation runs (one row per run; the per-organisation results are tenant rows).
  simulation_runs: reference,
  // People and their places: read by user across organisations at every sign-in.
  users: reference,
  memberships: reference,
  api_tokens: reference,
  // Sharing: marked objects cross organisations by design; their audience is decided by TLP.
  sharing_groups: reference,
  sharing_group_members: reference,
  indicators: reference,
  marked_orgs: reference,
  marked_groups: reference,
  marked_people: reference,
  // Sightings are counted per indicator across every organisation that reported one.
  sightings: reference,
  indicator_matches: reference,
  // Incidents are few and read across the hierarchy by reference; their devices are tenant rows.
  incidents: reference,
  incident_counters: reference,
  incident_indicators: reference,
  incident_updates: reference,
  incident_assets: distributed,
  // Addresses attribute outside observations to an organisation: looked up across all of them.
  org_addresses: reference,
  // Tenant tables: every key leads with org_id.
  assets: distributed,
  asset_components: distributed,
  findings: distributed,
  exceptions: distributed,
  exposure_rollup: distributed,
  component_presence: distributed,
  exposed_devices: distributed,
  exposed_cells: distributed,
  asset_platforms: distributed,
  device_rollup: distributed,
  alert_targets: distributed,
  alert_events: distributed,
  alert_target_counts: distributed,
  contacts: distributed,
  network_zones: distributed,
  network_rules: distributed,
  shared_services: distributed,
  simulation_org_results: distributed,
  baseline_assessments: distributed,
  baseline_results: distributed,
  baseline_evidence: distributed,
  baseline_evidence_files: distributed,
  baseline_rollup: distributed,
  training_records: distributed,
  external_services: distributed,
  // The coordinator's own.
  outbox: local('a delivery queue claimed row by row (SKIP LOCKED), keyed by its idempotency key'),
  audit_log: local('one hash chain in insertion order across all organisations, append-only by trigger'),
  sessions: local('read and written by session hash at every request'),
  oidc_pending: local('short-lived sign-in state, read by its hash'),
  sign_in_failures: local('throttle counters, written at every failed sign-in'),
  sign_in_known_addresses: local('written at every sign-in'),
  ward_secrets: local('the server’s own keys'),
  taxii_statuses: local('the status of a TAXII client’s request, read by its id'),
  taxii_pull_cursors: local('where each pulled TAXII collection was left, read by URL'),
};

/** Kysely's migration bookkeeping: left where it is. */
export const MIGRATION_TABLES: readonly string[] = ['ward_migration', 'ward_migration_lock'];
