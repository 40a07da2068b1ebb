import { type Kysely, sql } from 'kysely';

/**
 * Evidence Ward fills in itself: training records imported per organisation, and the latest
 * figure of each auto-evidence rule per organisation with its threshold, suggested level and the
 * time it was computed (recomputed on change or on a schedule, never per page view); and the
 * maintained roll-up of outcome standings per organisation subtree, kept by every answer saved.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE training_records (
      org_id uuid NOT NULL REFERENCES organisations (id),
      as_of date NOT NULL,
      staff integer NOT NULL CHECK (staff > 0),
      trained integer NOT NULL CHECK (trained >= 0 AND trained <= staff),
      imported_at timestamptz NOT NULL DEFAULT now(),
      imported_by text NOT NULL,
      PRIMARY KEY (org_id, as_of)
    )`.execute(db);
  await sql`
    CREATE TABLE baseline_evidence (
      org_id uuid NOT NULL REFERENCES organisations (id),
      rule text NOT NULL,
      outcome_id text NOT NULL,
      figure double precision,
      details jsonb NOT NULL,
      suggested_level text,
      computed_at timestamptz NOT NULL,
      PRIMARY KEY (org_id, rule)
    )`.execute(db);
  await sql`
    CREATE TABLE baseline_rollup (
      org_id uuid NOT NULL,
      year integer NOT NULL,
      framework_id text NOT NULL,
      outcome_id text NOT NULL,
      meets integer NOT NULL,
      one_short integer NOT NULL,
      misses integer NOT NULL,
      PRIMARY KEY (org_id, year, framework_id, outcome_id)
    )`.execute(db);
}
