/**
 * Baseline frameworks, their outcomes and profiles (global data, no org scope: every signed-in
 * caller may read what is asked of organisations).
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Framework, PlacedOutcome } from '../../domain/baseline/framework.js';
import type { ProfileEntry } from '../../domain/baseline/profile-csv.js';
import type { BaselineFrameworkTable, BaselineOutcomeTable, BaselineProfileTable, DB } from '../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;
export type FrameworkRow = Omit<Selectable<BaselineFrameworkTable>, 'document'>;
export type OutcomeRow = Selectable<BaselineOutcomeTable>;
export type ProfileRow = Selectable<BaselineProfileTable>;

export async function listFrameworkRows(db: Executor): Promise<(FrameworkRow & { outcomes: number })[]> {
  return db
    .selectFrom('baseline_frameworks as f')
    .select(['f.id', 'f.title', 'f.version', 'f.notes', 'f.levels', 'f.imported_at', 'f.imported_by'])
    .select((eb) =>
      eb
        .selectFrom('baseline_outcomes as o')
        .whereRef('o.framework_id', '=', 'f.id')
        .select(sql<number>`count(*)::int`.as('n'))
        .as('outcomes'),
    )
    .orderBy('f.id')
    .execute() as Promise<(FrameworkRow & { outcomes: number })[]>;
}

export async function outcomeRows(db: Executor, frameworkId: string): Promise<OutcomeRow[]> {
  return db
    .selectFrom('baseline_outcomes')
    .selectAll()
    .where('framework_id', '=', frameworkId)
    .orderBy('position')
    .execute();
}

/** Every framework's outcomes with the levels each allows. */
export async function allOutcomeLevels(db: Executor): Promise<Map<string, Map<string, string[]>>> {
  const rows = await db
    .selectFrom('baseline_outcomes')
    .select(['framework_id', 'outcome_id', 'levels'])
    .execute();
  const out = new Map<string, Map<string, string[]>>();
  for (const r of rows) {
    const m = out.get(r.framework_id) ?? new Map<string, string[]>();
    m.set(r.outcome_id, r.levels);
    out.set(r.framework_id, m);
  }
  return out;
}

/** Outcome ids of the framework that profiles or assessments refer to. */
export async function outcomeIdsInUse(db: Executor, frameworkId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('baseline_profiles')
    .select('outcome_id')
    .where('framework_id', '=', frameworkId)
    .union(
      db
        .selectFrom('baseline_results as r')
        .innerJoin('baseline_assessments as a', (j) =>
          j.onRef('a.org_id', '=', 'r.org_id').onRef('a.id', '=', 'r.assessment_id'),
        )
        .select('r.outcome_id')
        .where('a.framework_id', '=', frameworkId),
    )
    .execute();
  return new Set(rows.map((r) => r.outcome_id));
}

/** Stores the framework and its outcomes, replacing an earlier import with the same id. */
export async function saveFramework(
  trx: Transaction<DB>,
  framework: Framework,
  outcomes: readonly PlacedOutcome[],
  importedBy: string,
): Promise<void> {
  const row = {
    id: framework.id,
    title: framework.title,
    version: framework.version,
    notes: framework.notes ?? null,
    levels: framework.levels,
    document: JSON.stringify(framework),
    imported_at: new Date(),
    imported_by: importedBy,
  };
  await trx
    .insertInto('baseline_frameworks')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
  const ids = outcomes.map((o) => o.id);
  await trx
    .deleteFrom('baseline_outcomes')
    .where('framework_id', '=', framework.id)
    .where('outcome_id', 'not in', ids)
    .execute();
  for (const o of outcomes) {
    const values = {
      framework_id: framework.id,
      outcome_id: o.id,
      position: o.position,
      objective_id: o.objectiveId,
      objective_title: o.objectiveTitle,
      principle_id: o.principleId,
      principle_title: o.principleTitle,
      title: o.title,
      levels: o.levels,
      question: o.question,
      guidance: o.guidance,
      plain_question: o.plainQuestion ?? null,
    };
    await trx
      .insertInto('baseline_outcomes')
      .values(values)
      .onConflict((oc) => oc.columns(['framework_id', 'outcome_id']).doUpdateSet(values))
      .execute();
  }
}

/** Replaces, for each (framework, year, kind) the entries cover, that profile with the entries. */
export async function replaceProfiles(
  trx: Transaction<DB>,
  entries: readonly ProfileEntry[],
  source: string,
): Promise<number> {
  const groups = new Set(entries.map((e) => `${e.framework}|${e.year}|${e.kind}`));
  for (const g of groups) {
    const [framework, year, kind] = g.split('|') as [string, string, string];
    await trx
      .deleteFrom('baseline_profiles')
      .where('framework_id', '=', framework)
      .where('year', '=', Number(year))
      .where('kind', '=', kind)
      .execute();
  }
  const now = new Date();
  for (let i = 0; i < entries.length; i += 500) {
    await trx
      .insertInto('baseline_profiles')
      .values(
        entries.slice(i, i + 500).map((e) => ({
          framework_id: e.framework,
          year: e.year,
          kind: e.kind,
          outcome_id: e.outcome,
          expected_level: e.expectedLevel,
          source,
          imported_at: now,
        })),
      )
      .execute();
  }
  return groups.size;
}

/** Profile rows for a year (and kind, and framework, when given), in framework order. */
export async function profileRows(
  db: Executor,
  filter: { year?: number; kind?: string; framework?: string },
): Promise<(ProfileRow & { title: string; position: number })[]> {
  let q = db
    .selectFrom('baseline_profiles as p')
    .innerJoin('baseline_outcomes as o', (j) =>
      j.onRef('o.framework_id', '=', 'p.framework_id').onRef('o.outcome_id', '=', 'p.outcome_id'),
    )
    .selectAll('p')
    .select(['o.title', 'o.position']);
  if (filter.year !== undefined) q = q.where('p.year', '=', filter.year);
  if (filter.kind !== undefined) q = q.where('p.kind', '=', filter.kind);
  if (filter.framework !== undefined) q = q.where('p.framework_id', '=', filter.framework);
  return q.orderBy('p.year').orderBy('p.framework_id').orderBy('p.kind').orderBy('o.position').execute();
}
