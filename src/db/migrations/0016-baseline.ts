import { type Kysely, sql } from 'kysely';

/**
 * Baseline self-assessment: frameworks and their outcomes (global data), profiles (expected level
 * per outcome for a kind of organisation and a year), and per organisation one assessment a year
 * with a result row per outcome of its profile. Tenant tables lead with org_id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE baseline_frameworks (
      id text PRIMARY KEY,
      title text NOT NULL,
      version text NOT NULL,
      notes text,
      levels text[] NOT NULL,
      document jsonb NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      imported_by text NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE baseline_outcomes (
      framework_id text NOT NULL REFERENCES baseline_frameworks (id),
      outcome_id text NOT NULL,
      position integer NOT NULL,
      objective_id text NOT NULL,
      objective_title text NOT NULL,
      principle_id text NOT NULL,
      principle_title text NOT NULL,
      title text NOT NULL,
      levels text[] NOT NULL,
      question text NOT NULL,
      guidance text NOT NULL,
      plain_question text,
      PRIMARY KEY (framework_id, outcome_id)
    )`.execute(db);
  await sql`
    CREATE TABLE baseline_profiles (
      framework_id text NOT NULL,
      year integer NOT NULL,
      kind text NOT NULL,
      outcome_id text NOT NULL,
      expected_level text NOT NULL,
      source text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (year, kind, framework_id, outcome_id),
      FOREIGN KEY (framework_id, outcome_id) REFERENCES baseline_outcomes (framework_id, outcome_id)
    )`.execute(db);
  await sql`
    CREATE TABLE baseline_assessments (
      org_id uuid NOT NULL REFERENCES organisations (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      year integer NOT NULL,
      framework_id text NOT NULL REFERENCES baseline_frameworks (id),
      kind text NOT NULL,
      state text NOT NULL,
      started_from uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      submitted_at timestamptz,
      submitted_by text,
      snapshot jsonb,
      snapshot_hash text,
      reviewed_at timestamptz,
      reviewed_by text,
      published_at timestamptz,
      published_by text,
      PRIMARY KEY (org_id, id),
      UNIQUE (org_id, year)
    )`.execute(db);
  await sql`CREATE INDEX baseline_assessments_year ON baseline_assessments (year, state)`.execute(db);
  await sql`
    CREATE TABLE baseline_results (
      org_id uuid NOT NULL,
      assessment_id uuid NOT NULL,
      outcome_id text NOT NULL,
      expected_level text NOT NULL,
      level text,
      justification text NOT NULL DEFAULT '',
      evidence_notes text NOT NULL DEFAULT '',
      owner text,
      action_what text,
      action_owner text,
      action_due date,
      review_verdict text,
      review_comment text,
      reviewed_by text,
      reviewed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text,
      PRIMARY KEY (org_id, assessment_id, outcome_id),
      FOREIGN KEY (org_id, assessment_id) REFERENCES baseline_assessments (org_id, id)
    )`.execute(db);
}
