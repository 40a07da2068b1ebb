import { type Kysely, sql } from 'kysely';

/**
 * Files uploaded as evidence on an outcome of a baseline assessment, stored in the database with
 * the type Ward recognised from their content, their size and their SHA-256 (which the submitted
 * snapshot's hash covers). Tenant rows lead with org_id; a file belongs to one outcome result.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE baseline_evidence_files (
      org_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      assessment_id uuid NOT NULL,
      outcome_id text NOT NULL,
      file_name text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL CHECK (size_bytes > 0),
      sha256 text NOT NULL,
      content bytea NOT NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      uploaded_by text NOT NULL,
      PRIMARY KEY (org_id, id),
      FOREIGN KEY (org_id, assessment_id, outcome_id)
        REFERENCES baseline_results (org_id, assessment_id, outcome_id)
    )`.execute(db);
  await sql`
    CREATE INDEX baseline_evidence_files_outcome
      ON baseline_evidence_files (org_id, assessment_id, outcome_id)`.execute(db);
}
