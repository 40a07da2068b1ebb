/**
 * Baseline benchmarks over a generated federation (the shipped demo intel, the shipped frameworks
 * and default profiles), every organisation with a profile having a draft with every outcome
 * answered:
 * - `baseline_evidence_refresh`: every auto-evidence rule for every organisation, one pass
 *   (national target ≤ 60 s at 21,000 organisations / 2 M devices).
 * - `baseline_summary_national`: the national roll-up (per-outcome counts, weakest outcomes,
 *   furthest organisations, submission status), p50/p95 over `--queries` (target p95 < 100 ms).
 * - `baseline_set_outcome`: saving one outcome (with audit and roll-up deltas), p50/p95 (target p95 < 50 ms).
 * - `baseline_show`: reading one trust's assessment with its evidence, p50/p95.
 */
import { fileURLToPath } from 'node:url';
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
    const kinds = (
      await database.db
        .selectFrom('baseline_profiles')
        .select('kind')
        .distinct()
        .where('year', '=', YEAR)
        .execute()
    ).map((k) => k.kind);
    const assessed = await database.db
      .selectFrom('organisations')
      .select(['code', 'kind'])
      .where('kind', 'in', kinds)
      .orderBy('code')
      .execute();
    // Seed: every outcome of every assessed organisation answered, levels spread deterministically.
    const [answers, seedS] = await timed(async () => {
      let n = 0;
      for (const [i, o] of assessed.entries()) {
        const view = await showAssessment(database, actor, o.code, YEAR);
        for (const [j, outcome] of view.outcomes.entries()) {
          const level = outcome.levels[(i + j) % outcome.levels.length] ?? LEVELS[0];
          await setOutcome(database, actor, o.code, YEAR, outcome.id, { level, justification: 'bench' });
          n++;
        }
      }
      return n;
    });
    process.stderr.write(
      `${assessed.length} assessments, ${answers} outcome answers seeded in ${seedS.toFixed(1)} s\n`,
    );

    const [refreshed, refreshS] = await timed(() => refreshAllEvidence(database, actor));
    report('baseline_evidence_refresh', args.engine, refreshed.organisations, refreshS, {
      orgs,
      devices,
      figures: refreshed.rows,
    });

    const summary = await latencies(queries, () => baselineSummary(database, actor, null, YEAR));
    report('baseline_summary_national', args.engine, queries, 0, {
      orgs,
      assessments: assessed.length,
      p50_ms: summary.p50,
      p95_ms: summary.p95,
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
    });

    const show = await latencies(queries, () => showAssessment(database, actor, trust.code, YEAR));
    report('baseline_show', args.engine, queries, 0, { p50_ms: show.p50, p95_ms: show.p95 });
  } finally {
    await database.close();
  }
}
