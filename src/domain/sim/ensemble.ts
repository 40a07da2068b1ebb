/**
 * Monte Carlo ensembles: runs are folded into a mergeable accumulator (so worker threads can each
 * take a slice of the run indices), then summarised as medians and 5–95 % bands, and per
 * organisation as probabilities of infection by each checkpoint hour.
 */
import { ENTRY_KINDS, type EntryKind, type RunResult, WormEngine } from './engine.js';
import {
  type Federation,
  ORG_KINDS,
  type OrgKind,
  orgCount,
  SAFETY_LEVELS,
  type SafetyLevel,
} from './federation.js';
import type { Scenario } from './scenario.js';

/** The hours the time course is reported at (those within the horizon). */
export const CHECKPOINT_HOURS = [1, 6, 24, 72] as const;

/** What one run leaves behind once folded: a few hourly series and totals. */
export interface RunSummary {
  readonly index: number;
  readonly infected: Float64Array;
  readonly unavailable: Float64Array;
  readonly infectedOrgs: Int32Array;
  readonly safetyHit: Float64Array;
  readonly lastInfectionHour: number;
  readonly neutralised: number;
  readonly priorInfected: number;
  readonly disruptedOrgs: number;
}

export interface Accumulator {
  readonly hours: number;
  readonly checkpoints: readonly number[];
  readonly runs: RunSummary[];
  /** Per checkpoint k and organisation o, at `k * orgs + o`: runs in which o was infected by then. */
  readonly infectedBy: Int32Array;
  readonly everInfected: Int32Array;
  /** Sum of first-infection steps (integers, so slices merge exactly in any order). */
  readonly firstStepSum: Float64Array;
  readonly stepsPerHour: number;
  readonly devicesSum: Float64Array;
  /** `o * ENTRY_KINDS.length + entry`: runs whose first infection of o came that way. */
  readonly entryCounts: Int32Array;
  /** The entry zone in the lowest-numbered run that infected o (-1 none), and that run. */
  readonly entryZone: Int32Array;
  readonly entryRun: Int32Array;
  /** Runs in which o was disrupted through a shared service without being infected. */
  readonly disrupted: Int32Array;
  /** Per shared-service link: runs in which its fall disrupted the consumer, and the sum of the steps it fell at. */
  readonly linkDisrupted: Int32Array;
  readonly linkStepSum: Float64Array;
}

export function emptyAccumulator(fed: Federation, sc: Scenario): Accumulator {
  const O = orgCount(fed);
  const hours = Math.ceil(sc.horizonHours);
  const checkpoints = CHECKPOINT_HOURS.filter((h) => h <= hours);
  return {
    hours,
    checkpoints,
    runs: [],
    infectedBy: new Int32Array(checkpoints.length * O),
    everInfected: new Int32Array(O),
    firstStepSum: new Float64Array(O),
    stepsPerHour: 60 / sc.stepMinutes,
    devicesSum: new Float64Array(O),
    entryCounts: new Int32Array(O * ENTRY_KINDS.length),
    entryZone: new Int32Array(O).fill(-1),
    entryRun: new Int32Array(O).fill(0x7fffffff),
    disrupted: new Int32Array(O),
    linkDisrupted: new Int32Array(fed.serviceConsumer.length),
    linkStepSum: new Float64Array(fed.serviceConsumer.length),
  };
}

/** Folds run `index` into the accumulator. */
export function addRun(acc: Accumulator, fed: Federation, sc: Scenario, index: number, r: RunResult): void {
  const O = orgCount(fed);
  const sph = 60 / sc.stepMinutes;
  for (let o = 0; o < O; o++) {
    const first = r.orgFirstStep[o] as number;
    acc.devicesSum[o] =
      (acc.devicesSum[o] as number) + (r.orgInfected[o] as number) + (r.orgCrashed[o] as number);
    if (first < 0) continue;
    acc.everInfected[o] = (acc.everInfected[o] as number) + 1;
    acc.firstStepSum[o] = (acc.firstStepSum[o] as number) + first;
    acc.checkpoints.forEach((h, k) => {
      if (first < h * sph) acc.infectedBy[k * O + o] = (acc.infectedBy[k * O + o] as number) + 1;
    });
    const e = o * ENTRY_KINDS.length + (r.orgEntry[o] as number);
    acc.entryCounts[e] = (acc.entryCounts[e] as number) + 1;
    if (index < (acc.entryRun[o] as number)) {
      acc.entryRun[o] = index;
      acc.entryZone[o] = r.orgEntryZone[o] as number;
    }
  }
  // Disruption that is not infection: a consumer the worm never reached whose provider fell.
  let disruptedOrgs = 0;
  const seen = new Set<number>();
  for (let i = 0; i < fed.serviceConsumer.length; i++) {
    const c = fed.serviceConsumer[i] as number;
    const fell = r.orgFirstStep[fed.serviceProvider[i] as number] as number;
    if ((r.orgFirstStep[c] as number) >= 0 || fell < 0) continue;
    acc.linkDisrupted[i] = (acc.linkDisrupted[i] as number) + 1;
    acc.linkStepSum[i] = (acc.linkStepSum[i] as number) + fell;
    if (seen.has(c)) continue;
    seen.add(c);
    acc.disrupted[c] = (acc.disrupted[c] as number) + 1;
    disruptedOrgs++;
  }
  acc.runs.push({
    index,
    infected: r.infected,
    unavailable: r.unavailable,
    infectedOrgs: r.infectedOrgs,
    safetyHit: r.safetyHit,
    lastInfectionHour: r.lastInfectionHour,
    neutralised: r.neutralised,
    priorInfected: r.priorInfected,
    disruptedOrgs,
  });
}

/** Runs `from`..`to`-1 of the scenario in this thread. */
export function runSlice(fed: Federation, sc: Scenario, from: number, to: number): Accumulator {
  const engine = new WormEngine(fed, sc);
  const acc = emptyAccumulator(fed, sc);
  for (let i = from; i < to; i++) addRun(acc, fed, sc, i, engine.run(i));
  return acc;
}

function addInto(a: Int32Array | Float64Array, b: Int32Array | Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + (b[i] as number);
}

/** Merges slices (in any order: every sum is of integers, and runs are re-sorted by index). */
export function mergeAccumulators(parts: readonly Accumulator[]): Accumulator {
  const [first, ...rest] = parts;
  if (!first) throw new Error('nothing to merge');
  for (const p of rest) {
    first.runs.push(...p.runs);
    addInto(first.infectedBy, p.infectedBy);
    addInto(first.everInfected, p.everInfected);
    addInto(first.firstStepSum, p.firstStepSum);
    addInto(first.devicesSum, p.devicesSum);
    addInto(first.entryCounts, p.entryCounts);
    addInto(first.disrupted, p.disrupted);
    addInto(first.linkDisrupted, p.linkDisrupted);
    addInto(first.linkStepSum, p.linkStepSum);
    p.entryRun.forEach((run, o) => {
      if (run < (first.entryRun[o] as number)) {
        first.entryRun[o] = run;
        first.entryZone[o] = p.entryZone[o] as number;
      }
    });
  }
  first.runs.sort((x, y) => x.index - y.index);
  return first;
}

/** Median and 5–95 % band over the runs. */
export interface Band {
  readonly median: number;
  readonly p5: number;
  readonly p95: number;
  readonly mean: number;
}

export function band(values: readonly number[]): Band {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) =>
    s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))] as number);
  const mean = s.length === 0 ? 0 : s.reduce((a, b) => a + b, 0) / s.length;
  return { median: q(0.5), p5: q(0.05), p95: q(0.95), mean };
}

export interface Checkpoint {
  readonly hour: number;
  readonly infectedDevices: Band;
  readonly unavailableDevices: Band;
  readonly infectedOrgs: Readonly<Record<OrgKind, Band>>;
}

/** A provider whose fall disrupted an organisation through a shared service. */
export interface DisruptionSource {
  /** The provider's code. */
  readonly provider: string;
  readonly service: string;
  /** Probability this provider's fall disrupted it (it was not infected itself). */
  readonly p: number;
  /** Mean hour the provider fell, over those runs. */
  readonly expectedHour: number;
}

export interface OrgOutcome {
  readonly org: number;
  readonly code: string;
  readonly kind: OrgKind;
  /** Probability of infection by each checkpoint hour (keys are the hours). */
  readonly pInfectedBy: Readonly<Record<number, number>>;
  /** Mean hour of first infection over the runs that infected it; null if none did. */
  readonly expectedFirstHour: number | null;
  /** Mean devices infected or crashed. */
  readonly expectedDevices: number;
  readonly likelyEntry: EntryKind;
  /** The entry zone in the first run that infected it. */
  readonly entryZone: number;
  /** Probability it could not work because an organisation whose services it uses was infected. */
  readonly pDisrupted: number;
  /** Which providers' fall disrupted it and when, most likely first. */
  readonly disruptedBy: readonly DisruptionSource[];
}

export interface EnsembleSummary {
  readonly runs: number;
  readonly hours: number;
  readonly checkpoints: readonly Checkpoint[];
  /** Hourly bands 0..hours, for the time-course chart. */
  readonly hourly: {
    readonly infectedDevices: readonly Band[];
    readonly unavailableDevices: readonly Band[];
  };
  readonly devicesHitBySafety: Readonly<Record<SafetyLevel, Band>>;
  readonly infectedOrgsTotal: Band;
  /** Hour of the last new infection (0 where none happened). */
  readonly lastInfectionHour: Band;
  readonly disruptedOrgs: Band;
  readonly neutralisedByKillSwitch: Band;
  /** Share of infected devices in zones whose network data rests on priors. */
  readonly priorShare: number;
  /** Organisations infected in at least one run, most likely first. */
  readonly orgs: readonly OrgOutcome[];
}

export function summarise(acc: Accumulator, fed: Federation): EnsembleSummary {
  const runs = acc.runs;
  const n = runs.length;
  const O = orgCount(fed);
  const K = ORG_KINDS.length;
  const orgBands = (h: number) =>
    Object.fromEntries(
      ORG_KINDS.map((kind, k) => [kind, band(runs.map((r) => r.infectedOrgs[h * K + k] as number))]),
    ) as Record<OrgKind, Band>;
  const checkpoints = acc.checkpoints.map((hour) => ({
    hour,
    infectedDevices: band(runs.map((r) => r.infected[hour] as number)),
    unavailableDevices: band(runs.map((r) => r.unavailable[hour] as number)),
    infectedOrgs: orgBands(hour),
  }));
  const hours = Array.from({ length: acc.hours + 1 }, (_, h) => h);
  const totalInfected = runs.reduce((s, r) => s + (r.infected[acc.hours] as number), 0);
  const priorInfected = runs.reduce((s, r) => s + r.priorInfected, 0);
  const disruptedBy = disruptionSources(acc, fed, n);
  const orgs: OrgOutcome[] = [];
  const last = acc.checkpoints.length - 1;
  for (let o = 0; o < O; o++) {
    const ever = acc.everInfected[o] as number;
    const disrupted = acc.disrupted[o] as number;
    if (ever === 0 && disrupted === 0) continue;
    let best = 0;
    for (let e = 1; e < ENTRY_KINDS.length; e++)
      if (
        (acc.entryCounts[o * ENTRY_KINDS.length + e] as number) >
        (acc.entryCounts[o * ENTRY_KINDS.length + best] as number)
      )
        best = e;
    orgs.push({
      org: o,
      code: fed.orgCodes[o] as string,
      kind: ORG_KINDS[fed.orgKind[o] as number] as OrgKind,
      pInfectedBy: Object.fromEntries(
        acc.checkpoints.map((h, k) => [h, (acc.infectedBy[k * O + o] as number) / n]),
      ),
      expectedFirstHour: ever === 0 ? null : (acc.firstStepSum[o] as number) / ever / acc.stepsPerHour,
      expectedDevices: (acc.devicesSum[o] as number) / n,
      likelyEntry: ENTRY_KINDS[best] as EntryKind,
      entryZone: acc.entryZone[o] as number,
      pDisrupted: disrupted / n,
      disruptedBy: disruptedBy.get(o) ?? [],
    });
  }
  const lastP = (x: OrgOutcome) => (last < 0 ? 0 : (x.pInfectedBy[acc.checkpoints[last] as number] ?? 0));
  orgs.sort((a, b) => lastP(b) - lastP(a) || b.expectedDevices - a.expectedDevices || a.org - b.org);
  return {
    runs: n,
    hours: acc.hours,
    checkpoints,
    hourly: {
      infectedDevices: hours.map((h) => band(runs.map((r) => r.infected[h] as number))),
      unavailableDevices: hours.map((h) => band(runs.map((r) => r.unavailable[h] as number))),
    },
    devicesHitBySafety: Object.fromEntries(
      SAFETY_LEVELS.map((level, i) => [level, band(runs.map((r) => r.safetyHit[i] as number))]),
    ) as Record<SafetyLevel, Band>,
    infectedOrgsTotal: band(runs.map((r) => sumOrgs(r, acc.hours, K))),
    lastInfectionHour: band(runs.map((r) => Math.max(0, r.lastInfectionHour))),
    disruptedOrgs: band(runs.map((r) => r.disruptedOrgs)),
    neutralisedByKillSwitch: band(runs.map((r) => r.neutralised)),
    priorShare: totalInfected === 0 ? 0 : priorInfected / totalInfected,
    orgs,
  };
}

/** Per consumer, the shared-service links whose fall disrupted it in some run, most likely first. */
function disruptionSources(acc: Accumulator, fed: Federation, runs: number): Map<number, DisruptionSource[]> {
  const out = new Map<number, DisruptionSource[]>();
  acc.linkDisrupted.forEach((count, i) => {
    if (count === 0) return;
    const c = fed.serviceConsumer[i] as number;
    const list = out.get(c) ?? [];
    list.push({
      provider: fed.orgCodes[fed.serviceProvider[i] as number] as string,
      service: fed.serviceName[i] as string,
      p: count / runs,
      expectedHour: (acc.linkStepSum[i] as number) / count / acc.stepsPerHour,
    });
    out.set(c, list);
  });
  for (const list of out.values())
    list.sort((a, b) => b.p - a.p || a.expectedHour - b.expectedHour || a.provider.localeCompare(b.provider));
  return out;
}

function sumOrgs(r: RunSummary, hour: number, kinds: number): number {
  let s = 0;
  for (let k = 0; k < kinds; k++) s += r.infectedOrgs[hour * kinds + k] as number;
  return s;
}

/** Clinical devices (diagnostic and critical) infected or crashed in one run. */
export function clinicalHit(r: RunSummary): number {
  return (
    (r.safetyHit[SAFETY_LEVELS.indexOf('diagnostic')] as number) +
    (r.safetyHit[SAFETY_LEVELS.indexOf('critical')] as number)
  );
}

/** Infected organisations (all kinds) at the horizon, one run. */
export function infectedOrgsAtEnd(acc: Accumulator, r: RunSummary): number {
  return sumOrgs(r, acc.hours, ORG_KINDS.length);
}
