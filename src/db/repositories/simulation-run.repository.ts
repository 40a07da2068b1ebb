/** Stored worm-simulation runs and their per-organisation results. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, SimulationRunTable } from '../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;
export type SimulationRunRow = Selectable<SimulationRunTable>;

export interface NewSimulationRun {
  actor: string;
  profile: string;
  profileVersion: string;
  snapshot: string;
  seed: number;
  runs: number;
  horizonHours: number;
  scenario: unknown;
  summary: unknown;
}

export async function insertSimulationRun(
  trx: Transaction<DB>,
  run: NewSimulationRun,
  orgResults: ReadonlyArray<{ orgId: string; result: unknown }>,
): Promise<string> {
  const { id } = await trx
    .insertInto('simulation_runs')
    .values({
      actor: run.actor,
      profile: run.profile,
      profile_version: run.profileVersion,
      snapshot: run.snapshot,
      seed: run.seed,
      runs: run.runs,
      horizon_hours: run.horizonHours,
      scenario: JSON.stringify(run.scenario),
      summary: JSON.stringify(run.summary),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < orgResults.length; i += 1000)
    await trx
      .insertInto('simulation_org_results')
      .values(
        orgResults
          .slice(i, i + 1000)
          .map((r) => ({ run_id: id, org_id: r.orgId, result: JSON.stringify(r.result) })),
      )
      .execute();
  return id;
}

export async function listSimulationRuns(db: Executor, limit: number): Promise<SimulationRunRow[]> {
  return db.selectFrom('simulation_runs').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
}

export async function findSimulationRun(db: Executor, id: string): Promise<SimulationRunRow | undefined> {
  return db.selectFrom('simulation_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Per-organisation results of a run, for the organisations given only. */
export async function listSimulationOrgResults(
  db: Executor,
  runId: string,
  orgIds: readonly string[],
): Promise<Array<{ org_id: string; result: unknown }>> {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('simulation_org_results')
    .select(['org_id', 'result'])
    .where('run_id', '=', runId)
    .where('org_id', 'in', orgIds)
    .execute();
}
