/**
 * Worm-simulation benchmarks (no database), one JSON line per target of the issue, each with its
 * target: the deterministic closure (≤ 1 s), one Monte Carlo run on one core (≤ 10 s), 200 runs on 2
 * worker threads (≤ 5 min), one large trust of 20,000 devices and 1,000 zones (≤ 250 ms a run, 100
 * runs ≤ 5 s), and the process's peak memory (≤ 1 GiB; the kernel's high-water mark, worker threads
 * included). The federation is the national shape (21,000 organisations, ~2 M devices, ~200,000
 * zones) scaled by `--orgs`; the default is a tenth. 72 h at one-minute steps.
 *
 *   npm run bench -- worm [--orgs 2100] [--runs 200] [--threads 2] [--trust-runs 100]
 *                         [--profile wannacry-2017] [--hours 72]
 */
import { performance } from 'node:perf_hooks';
import { computeClosure } from '../src/domain/sim/closure.js';
import { WormEngine } from '../src/domain/sim/engine.js';
import { summarise } from '../src/domain/sim/ensemble.js';
import { CLASS_COUNT, zoneCount } from '../src/domain/sim/federation.js';
import { PROFILES, WANNACRY_2017 } from '../src/domain/sim/profile.js';
import { scenario } from '../src/domain/sim/scenario.js';
import { NATIONAL_TODAY, syntheticFederation } from '../src/domain/sim/synthetic.js';
import { runEnsemble } from '../src/services/sim/ensemble-pool.js';
import { type BenchArgs, numberArg, report } from './harness.js';

export async function run(args: BenchArgs): Promise<void> {
  const orgs = numberArg(args, 'orgs', 2100);
  const runs = numberArg(args, 'runs', 200);
  const trustRuns = numberArg(args, 'trust-runs', 100);
  const threads = numberArg(args, 'threads', 2);
  const hours = numberArg(args, 'hours', 72);
  const profile = PROFILES[args.values.get('profile') ?? WANNACRY_2017.id] ?? WANNACRY_2017;
  const f = orgs / 21_000;
  const opts = {
    ...NATIONAL_TODAY,
    trusts: Math.round(NATIONAL_TODAY.trusts * f),
    practices: Math.round(NATIONAL_TODAY.practices * f),
    others: Math.round(NATIONAL_TODAY.others * f),
  };
  const fed = syntheticFederation(opts);
  // Devices in all; listeners are those answering on 445 (clinical appliances do not).
  const devices =
    opts.trusts * opts.devicesPerTrust +
    opts.practices * opts.devicesPerPractice +
    opts.others * opts.devicesPerOther;
  const listeners = fed.zoneListeners.reduce((a, b) => a + b, 0);
  const shape = {
    orgs: fed.orgCodes.length,
    zones: zoneCount(fed),
    devices,
    listeners,
    profile: profile.id,
    hours,
  };
  const sc = scenario(profile, { runs, horizonHours: hours });

  let t = performance.now();
  const closure = computeClosure(fed, profile, sc.seeds);
  report('worm_closure', args.engine, shape.zones, (performance.now() - t) / 1000, {
    ...shape,
    reachable_orgs: closure.infectedOrgs,
    target_seconds: 1,
  });

  t = performance.now();
  const one = new WormEngine(fed, sc).run(0);
  report('worm_run', args.engine, 1, (performance.now() - t) / 1000, {
    ...shape,
    threads: 1,
    infected_devices: one.infected.at(-1),
    target_seconds: 10,
  });

  t = performance.now();
  const acc = await runEnsemble(fed, sc, { threads });
  const summary = summarise(acc, fed);
  report('worm_ensemble', args.engine, runs, (performance.now() - t) / 1000, {
    ...shape,
    threads,
    infected_orgs_median: summary.infectedOrgsTotal.median,
    target_seconds: 300,
    note: 'target for 200 runs on 2 threads',
  });

  const trust = syntheticFederation({
    ...NATIONAL_TODAY,
    trusts: 1,
    practices: 0,
    others: 0,
    devicesPerTrust: 20_000,
    zonesPerTrust: 1000,
    unpatchedOrgShare: 1,
  });
  const trustSc = scenario(profile, {
    runs: trustRuns,
    horizonHours: hours,
    seeds: [{ kind: 'org', org: 0 }],
  });
  const engine = new WormEngine(trust, trustSc);
  t = performance.now();
  let infected = 0;
  for (let i = 0; i < trustRuns; i++) infected += engine.run(i).infected.at(-1) as number;
  const trustSeconds = (performance.now() - t) / 1000;
  report('worm_large_trust_run', args.engine, trustRuns, trustSeconds / trustRuns, {
    zones: zoneCount(trust),
    devices: 20_000,
    listeners: trust.zoneListeners.reduce((a, b) => a + b, 0),
    susceptible: trust.susceptible.reduce((a, b) => a + b, 0),
    classes: CLASS_COUNT,
    mean_infected: infected / trustRuns,
    runs_seconds: Number(trustSeconds.toFixed(3)),
    target_seconds: 0.25,
    target_runs_seconds: (5 * trustRuns) / 100,
    note: 'seconds per run, one core; runs_seconds for all of them (target 5 s per 100 runs)',
  });

  // The kernel's high-water mark for the whole process (the ensemble's worker threads included).
  const peak = process.resourceUsage().maxRSS / 1024;
  report('worm_peak_memory', args.engine, 1, 0, {
    ...shape,
    peak_rss_mb: Math.round(peak),
    target_mb: 1024,
  });
}
