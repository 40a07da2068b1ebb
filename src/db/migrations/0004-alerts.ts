import { type Kysely, sql } from 'kysely';

/**
 * Alerts, their targets' responses, contacts and the notification outbox.
 *
 * Deadlines are stored as instants (`ack_due_at`, `next_update_due_at`); overdue and "update due"
 * are derived from the clock when read. `alert_targets`, `alert_events` and `contacts` are tenant
 * tables (org_id first); `alerts` is national (a Citus reference table); `outbox` is a queue on the
 * coordinator.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE alert_counters (year integer PRIMARY KEY, last integer NOT NULL)`.execute(db);
  await sql`
    CREATE TABLE alerts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reference text NOT NULL,
      title text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('critical','high','medium','low')),
      action text NOT NULL,
      cves text[] NOT NULL,
      advisory_id text,
      ack_hours integer NOT NULL CHECK (ack_hours > 0),
      targets text[] NOT NULL,
      version integer NOT NULL DEFAULT 1,
      issued_at timestamptz NOT NULL,
      issued_by text NOT NULL,
      withdrawn_at timestamptz,
      withdrawn_by text,
      withdrawn_reason text,
      updated_at timestamptz NOT NULL,
      CONSTRAINT alerts_reference_key UNIQUE (reference)
    )`.execute(db);
  await sql`
    CREATE TABLE alert_versions (
      alert_id uuid NOT NULL REFERENCES alerts (id),
      version integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('issued','edited','withdrawn')),
      at timestamptz NOT NULL,
      actor text NOT NULL,
      title text NOT NULL,
      severity text NOT NULL,
      action text NOT NULL,
      cves text[] NOT NULL,
      changes text[] NOT NULL,
      note text,
      PRIMARY KEY (alert_id, version)
    )`.execute(db);
  await sql`
    CREATE TABLE alert_targets (
      org_id uuid NOT NULL REFERENCES organisations (id),
      alert_id uuid NOT NULL REFERENCES alerts (id),
      reasons text[] NOT NULL,
      asset_count integer NOT NULL,
      assets text[] NOT NULL,
      state text NOT NULL CHECK (state IN ('awaiting_ack','acknowledged','in_progress','resolved','not_applicable')),
      targeted_at timestamptz NOT NULL,
      ack_due_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      next_update_due_at timestamptz,
      state_changed_at timestamptz NOT NULL,
      note text,
      reason text,
      responded_by text,
      reminded_at timestamptz,
      escalated_at timestamptz,
      PRIMARY KEY (org_id, alert_id)
    )`.execute(db);
  await sql`CREATE INDEX alert_targets_alert ON alert_targets (alert_id, state)`.execute(db);
  await sql`CREATE INDEX alert_targets_awaiting ON alert_targets (ack_due_at) WHERE state = 'awaiting_ack'`.execute(
    db,
  );
  await sql`
    CREATE TABLE alert_events (
      org_id uuid NOT NULL,
      alert_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('targeted','response')),
      from_state text,
      to_state text NOT NULL,
      note text,
      reason text,
      next_update_due_at timestamptz,
      PRIMARY KEY (org_id, alert_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE contacts (
      org_id uuid NOT NULL REFERENCES organisations (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      email text NOT NULL,
      role text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email','webhook')),
      digest boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, id),
      CONSTRAINT contacts_natural UNIQUE (org_id, email, channel)
    )`.execute(db);
  await sql`
    CREATE TABLE outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      idempotency_key text NOT NULL,
      kind text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email','webhook')),
      recipient text NOT NULL,
      recipient_name text NOT NULL,
      org_id uuid,
      alert_id uuid,
      subject text NOT NULL,
      body text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','dead')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      claimed_until timestamptz,
      last_error text,
      created_at timestamptz NOT NULL,
      delivered_at timestamptz,
      CONSTRAINT outbox_idempotency_key UNIQUE (idempotency_key)
    )`.execute(db);
  await sql`CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending'`.execute(db);
  await sql`CREATE INDEX outbox_alert ON outbox (alert_id, kind)`.execute(db);
  // "Remediation verified by inventory" looks up an alert's fixed findings by CVE.
  await sql`CREATE INDEX findings_cve_fixed ON findings (cve_id, org_id) WHERE status = 'fixed'`.execute(db);
}
