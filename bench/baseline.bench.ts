/**
 * Baseline benchmarks over a generated federation (the shipped demo intel, the shipped frameworks
 * and default profiles), every organisation with a profile having a draft with every outcome
 * answered:
 * - `baseline_evidence_refresh`: every auto-evidence rule for every organisation, one pass
 *   (national target ≤ 60 s at 21,000 organisations / 2 M devices).
 * - `baseline_heat_map_icb`: the national summary with the heat-map by ICB (42 ICBs × 47
 *   outcomes nationally; target p95 < 200 ms).
 * - `baseline_summary_national`: the national roll-up (per-outcome counts, weakest outcomes,
 *   furthest organisations, submission status), p50/p95 over `--queries` (target p95 < 100 ms).
 * - `baseline_set_outcome`: saving one outcome (with audit and roll-up deltas), p50/p95 (target p95 < 50 ms).
 * - `baseline_show`: reading one trust's assessment with its evidence, p50/p95.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { recountGaps } from '../src/db/repositories/baseline-assessment.repository.js';
import { rebuildRollup } from '../src/db/repositories/baseline-rollup.repository.js';
import { SYSTEM_ACTOR } from '../src/domain/access/actor.js';
import { LEVELS } from '../src/domain/baseline/level.js';
import { setOutcome, showAssessment } from '../src/services/baseline/assessment.service.js';
import { refreshAllEvidence } from '../src/services/baseline/evidence.service.js';
import { importShippedBaseline } from '../src/services/baseline/framework.service.js';
import { baselineSummary } from '../src/services/baseline/summary.service.js';
import { loadFederation } from '../src/services/federation/federation-load.service.js';
import { loadEpss, loadKev, loadNvd } from '../src/services/intel/intel-load.service.js';
import { type BenchArgs, benchDatabase, numberArg, percentile, report, timed } from './harness.js';

const INTEL = fileURLToPath(new URL('../fixtures/intel/', import.meta.url));
const YEAR = 2025;

async function latencies(
  n: number,
  fn: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { p50: Number(percentile(ms, 50).toFixed(1)), p95: Number(percentile(ms, 95).toFixed(1)) };
}

export async function run(args: BenchArgs): Promise<void> {
  const orgs = numberArg(args, 'orgs', 300);
  const devices = numberArg(args, 'devices', 5000);
  const queries = numberArg(args, 'queries', 50);
  const database = await benchDatabase(args.engine);
  const actor = SYSTEM_ACTOR;
  try {
    await loadNvd(database, `${INTEL}nvd-demo.json`);
    await loadKev(database, `${INTEL}kev-demo.json`);
    await loadEpss(database, `${INTEL}epss-demo.csv`);
    await loadFederation(database, { orgs, devices, componentsPerDevice: 20, seed: 1 });
    await importShippedBaseline(database, actor);
    // Seed: every organisation with a profile has a draft with every outcome answered, levels spread
    // deterministically. Written in bulk (a draft per organisation as `startDraft` writes it, then
    // the roll-up recounted from the results by `rebuildRollup`), not one save at a time: a million
    // single saves would take the bench an hour before it measured anything.
    const [seeded, seedS] = await timed(() => seedAssessments(database, YEAR));
    process.stderr.write(
      `${seeded.assessments} assessments, ${seeded.answers} outcome answers seeded in ${seedS.toFixed(1)} s\n`,
    );
    const assessed = await database.db
      .selectFrom('baseline_assessments as a')
      .innerJoin('organisations as o', 'o.id', 'a.org_id')
      .select(['o.code', 'o.kind'])
      .where('a.year', '=', YEAR)
      .orderBy('o.code')
      .execute();

    const [refreshed, refreshS] = await timed(() => refreshAllEvidence(database, actor));
    report('baseline_evidence_refresh', args.engine, refreshed.organisations, refreshS, {
      orgs,
      devices,
      figures: refreshed.rows,
      target_seconds: 60,
    });

    const summary = await latencies(queries, () => baselineSummary(database, actor, null, YEAR));
    report('baseline_summary_national', args.engine, queries, 0, {
      orgs,
      assessments: assessed.length,
      p50_ms: summary.p50,
      p95_ms: summary.p95,
      target_p95_ms: 100,
    });

    const icbs = await database.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'icb')
      .executeTakeFirstOrThrow();
    let cells = 0;
    const heat = await latencies(queries, async () => {
      const s = await baselineSummary(database, actor, null, YEAR, { heatMapRows: { kind: 'icb' } });
      cells = s.children.reduce((n, c) => n + c.outcomes.length, 0);
    });
    report('baseline_heat_map_icb', args.engine, queries, 0, {
      icbs: Number(icbs.n),
      cells,
      p50_ms: heat.p50,
      p95_ms: heat.p95,
      target_p95_ms: 200,
    });

    const trust = assessed.find((o) => o.kind === 'trust') ?? assessed[0];
    if (!trust) throw new Error('no organisation with a profile');
    const set = await latencies(queries, (i) =>
      setOutcome(database, actor, trust.code, YEAR, 'B4.d', {
        level: LEVELS[i % 3],
        justification: `bench ${i}`,
      }),
    );
    report('baseline_set_outcome', args.engine, queries, 0, {
      outcomes: 47,
      p50_ms: set.p50,
      p95_ms: set.p95,
      target_p95_ms: 50,
    });

    const show = await latencies(queries, () => showAssessment(database, actor, trust.code, YEAR));
    report('baseline_show', args.engine, queries, 0, { p50_ms: show.p50, p95_ms: show.p95 });
  } finally {
    await database.close();
  }
}

/**
 * A draft for every organisation whose kind has a profile in the year, under that profile's
 * framework, with each outcome answered at one of the levels it allows (spread by a hash of the
 * organisation and outcome); then the roll-up recounted.
 */
export async function seedAssessments(
  database: Awaited<ReturnType<typeof benchDatabase>>,
  year: number,
): Promise<{ assessments: number; answers: number }> {
  return database.db.transaction().execute(async (trx) => {
    const assessments = await sql`
      INSERT INTO baseline_assessments (org_id, year, framework_id, kind, state, created_by)
      SELECT o.id, ${year}::int, p.framework_id, o.kind, 'draft', 'bench'
      FROM organisations o
      JOIN (SELECT DISTINCT kind, framework_id FROM baseline_profiles WHERE year = ${year}) p ON p.kind = o.kind`.execute(
      trx,
    );
    const answers = await sql`
      INSERT INTO baseline_results (org_id, assessment_id, outcome_id, expected_level, level, justification, updated_by)
      SELECT a.org_id, a.id, p.outcome_id, p.expected_level,
             bo.levels[1 + abs(hashtext(a.org_id::text || p.outcome_id)) % cardinality(bo.levels)],
             'bench', 'bench'
      FROM baseline_assessments a
      JOIN baseline_profiles p ON p.year = a.year AND p.kind = a.kind AND p.framework_id = a.framework_id
      JOIN baseline_outcomes bo ON bo.framework_id = p.framework_id AND bo.outcome_id = p.outcome_id
      WHERE a.year = ${year}`.execute(trx);
    await rebuildRollup(trx, year);
    await recountGaps(trx, { year });
    return { assessments: Number(assessments.numAffectedRows), answers: Number(answers.numAffectedRows) };
  });
}
