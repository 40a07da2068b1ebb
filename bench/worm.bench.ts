/**
 * Worm-simulation benchmarks (no database): the deterministic closure, one Monte Carlo run on one
 * core, an ensemble on worker threads, and one large trust. The federation is the national shape
 * (21,000 organisations, ~2 M devices, ~200,000 zones) scaled by `--orgs`; the default is a tenth.
 *
 *   npm run bench -- worm [--orgs 2100] [--runs 20] [--threads 2] [--profile wannacry-2017] [--hours 72]
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
  const runs = numberArg(args, 'runs', 20);
  const threads = numberArg(args, 'threads', 2);
  const hours = numberArg(args, 'hours', 72);
  const profile = PROFILES[args.values.get('profile') ?? WANNACRY_2017.id] ?? WANNACRY_2017;
  const f = orgs / 21_000;
  const fed = syntheticFederation({
    ...NATIONAL_TODAY,
    trusts: Math.round(NATIONAL_TODAY.trusts * f),
    practices: Math.round(NATIONAL_TODAY.practices * f),
    others: Math.round(NATIONAL_TODAY.others * f),
  });
  const devices = fed.zoneListeners.reduce((a, b) => a + b, 0);
  const shape = { orgs: fed.orgCodes.length, zones: zoneCount(fed), devices, profile: profile.id, hours };
  const sc = scenario(profile, { runs, horizonHours: hours });

  let t = performance.now();
  const closure = computeClosure(fed, profile, sc.seeds);
  report('worm_closure', args.engine, shape.zones, (performance.now() - t) / 1000, {
    ...shape,
    reachable_orgs: closure.infectedOrgs,
  });

  t = performance.now();
  const one = new WormEngine(fed, sc).run(0);
  report('worm_run', args.engine, 1, (performance.now() - t) / 1000, {
    ...shape,
    infected_devices: one.infected.at(-1),
  });

  t = performance.now();
  const acc = await runEnsemble(fed, sc, { threads });
  const summary = summarise(acc, fed);
  report('worm_ensemble', args.engine, runs, (performance.now() - t) / 1000, {
    ...shape,
    threads,
    infected_orgs_median: summary.infectedOrgsTotal.median,
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
  const trustSc = scenario(profile, { runs: 10, horizonHours: hours, seeds: [{ kind: 'org', org: 0 }] });
  const engine = new WormEngine(trust, trustSc);
  t = performance.now();
  let infected = 0;
  for (let i = 0; i < 10; i++) infected += engine.run(i).infected.at(-1) as number;
  report('worm_large_trust_run', args.engine, 10, (performance.now() - t) / 1000 / 10, {
    zones: zoneCount(trust),
    devices: trust.zoneListeners.reduce((a, b) => a + b, 0),
    susceptible: trust.susceptible.reduce((a, b) => a + b, 0),
    classes: CLASS_COUNT,
    mean_infected: infected / 10,
    note: 'seconds per run',
  });
}
