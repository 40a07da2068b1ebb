import { type Kysely, sql } from 'kysely';

/**
 * Evidence files carried into next year's draft: a carried file is a copy of the earlier year's
 * row (its bytes, hash, name and first upload), marked with the year and the file it came from so
 * an assessor knows to recheck it. Both columns are set together or not at all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE baseline_evidence_files
      ADD COLUMN carried_from_year integer,
      ADD COLUMN carried_from_id uuid,
      ADD CONSTRAINT baseline_evidence_files_carried
        CHECK ((carried_from_year IS NULL) = (carried_from_id IS NULL))`.execute(db);
}
