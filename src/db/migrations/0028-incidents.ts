import { type Kysely, sql } from 'kysely';

/**
 * Incidents an organisation reports to the national centre, and what follows them.
 *
 * `incidents`: one per report, with its human reference (`INC-2026-000042`, numbered per year in
 * `incident_counters`), what happened, the impact on patient care, the lifecycle (reported →
 * triaged → contained → closed) and the centre's triage. Its audience beyond the reporting
 * organisation's line of hierarchy is the `marked_orgs` / `marked_groups` rows keyed by its id.
 * `incident_assets`: the reporter's own assets it affects. `incident_indicators`: what was seen,
 * in canonical form, linked to the shared indicator once someone shares it. `incident_updates`:
 * the timeline, from either side, each with its status change if any.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE incident_counters (year integer PRIMARY KEY, last integer NOT NULL)`.execute(db);
  await sql`
    CREATE TABLE incidents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      reference text NOT NULL UNIQUE,
      title text NOT NULL,
      summary text NOT NULL,
      category text NOT NULL CHECK (category IN
        ('ransomware', 'phishing', 'data_breach', 'denial_of_service', 'supplier_compromise', 'other')),
      started_at timestamptz NOT NULL,
      detected_at timestamptz NOT NULL,
      reported_at timestamptz NOT NULL,
      reported_by text NOT NULL,
      impact_delayed integer NOT NULL DEFAULT 0 CHECK (impact_delayed >= 0),
      impact_cancelled integer NOT NULL DEFAULT 0 CHECK (impact_cancelled >= 0),
      impact_diverted integer NOT NULL DEFAULT 0 CHECK (impact_diverted >= 0),
      personal_data boolean NOT NULL,
      help_requested text NOT NULL DEFAULT '',
      status text NOT NULL CHECK (status IN ('reported', 'triaged', 'contained', 'closed')),
      severity text CHECK (severity IN ('critical', 'high', 'medium', 'low')),
      lead_analyst text,
      significant boolean,
      triaged_at timestamptz,
      full_report_at timestamptz,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX incidents_org ON incidents (org_id, reported_at)`.execute(db);
  await sql`CREATE INDEX incidents_status ON incidents (status, reported_at)`.execute(db);

  await sql`
    CREATE TABLE incident_assets (
      incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      org_id uuid NOT NULL,
      asset_id bigint NOT NULL,
      PRIMARY KEY (incident_id, org_id, asset_id),
      FOREIGN KEY (org_id, asset_id) REFERENCES assets(org_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE TABLE incident_indicators (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      type text NOT NULL,
      value text NOT NULL,
      note text NOT NULL DEFAULT '',
      indicator_id uuid REFERENCES indicators(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (incident_id, type, value)
    )`.execute(db);
  await sql`CREATE INDEX incident_indicators_value ON incident_indicators (type, value)`.execute(db);

  await sql`
    CREATE TABLE incident_updates (
      id bigserial PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('report', 'note', 'full_report', 'triage', 'status', 'share', 'alert')),
      author text NOT NULL,
      at timestamptz NOT NULL,
      text text NOT NULL DEFAULT '',
      from_status text,
      to_status text
    )`.execute(db);
  await sql`CREATE INDEX incident_updates_incident ON incident_updates (incident_id, at, id)`.execute(db);
}
