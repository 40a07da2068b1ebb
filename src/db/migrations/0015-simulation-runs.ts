import { type Kysely, sql } from 'kysely';

/**
 * Stored worm-simulation runs: the scenario and its provenance, the federation-wide summary (bands
 * and time course) and one row of results per organisation, so reads can be scoped per organisation.
 * Never per-device traces.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE simulation_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      created_at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      profile text NOT NULL,
      profile_version text NOT NULL,
      snapshot text NOT NULL,
      seed integer NOT NULL,
      runs integer NOT NULL,
      horizon_hours integer NOT NULL,
      scenario jsonb NOT NULL,
      summary jsonb NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE simulation_org_results (
      run_id uuid NOT NULL REFERENCES simulation_runs(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      result jsonb NOT NULL,
      PRIMARY KEY (run_id, org_id)
    )`.execute(db);
}
