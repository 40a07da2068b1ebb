/**
 * The stochastic worm engine: a discrete-time SI model on the zone graph (a metapopulation), with
 * tau-leaping over one-minute steps. Devices in a zone with the same class are interchangeable, so a
 * zone holds counts, and random scanning is pooled per reachability class: each step costs
 * O(zones that hold scanning hosts + organisations that do + sweep events), never O(zones²).
 *
 * Hazards (see the worm-simulation design notes, section 5.1):
 * - local sweep: each scanning host probes every address of its own subnet once per `lanSweepMinutes`;
 * - random scanning: a zone with L listeners receives sweep events at rate L·η·I/Ω, where I counts the
 *   scanning hosts that may reach it on 445 (the global outbreak for internet-exposed zones, the
 *   federation's own scanners over the internet and the WAN, the organisation's other zones, explicit
 *   edges). A sweep makes one exploit attempt on every susceptible host of the zone (or, for worms that
 *   do not sweep on a hit, on the one listener hit);
 * - the kill switch neutralises new infections in zones with direct egress once it is registered;
 * - scanning stops `scanLifetimeHours` after infection; devices are unavailable `encryptMinutes` after
 *   infection, and a crash is an outage at once.
 */
import {
  CLASS_COUNT,
  DEVICE_CLASSES,
  type Federation,
  ORG_KINDS,
  orgCount,
  SAFETY_LEVELS,
  ZONE,
  zoneCount,
} from './federation.js';
import { deriveSeed, Prng } from './prng.js';
import { globalScanners, OS_CLASSES } from './profile.js';
import type { Scenario } from './scenario.js';
import { seedZone } from './seed-zone.js';

/** How an organisation's first infection arrived. */
export const ENTRY_KINDS = ['none', 'seed', 'internet', 'wan', 'organisation', 'edge'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
const E_SEED = 1;
const E_INTERNET = 2;
const E_WAN = 3;
const E_ORG = 4;
const E_EDGE = 5;
const NEVER = 0x7fffffff;

/** One run's outcome: small per-organisation arrays and hourly totals, never per-device traces. */
export interface RunResult {
  readonly hours: number;
  /** Cumulative infected devices at each hour 0..hours. */
  readonly infected: Float64Array;
  /** Unavailable devices (encrypted or crashed) at each hour. */
  readonly unavailable: Float64Array;
  /** Infected organisations by kind at each hour: `(hour * ORG_KINDS.length) + kind`. */
  readonly infectedOrgs: Int32Array;
  /** Step of each organisation's first infection, -1 if none. */
  readonly orgFirstStep: Int32Array;
  /** Index into ENTRY_KINDS. */
  readonly orgEntry: Uint8Array;
  /** Zone the first infection landed in, -1 if none. */
  readonly orgEntryZone: Int32Array;
  /** For an explicit edge, the zone it came from; otherwise -1. */
  readonly orgEntryFrom: Int32Array;
  readonly orgInfected: Float64Array;
  readonly orgCrashed: Float64Array;
  /** Infected hosts per zone (cumulative). */
  readonly zoneInfected: Float64Array;
  /** Devices infected or crashed, by safety level (index into SAFETY_LEVELS). */
  readonly safetyHit: Float64Array;
  /** Hour of the last new infection, -1 if none. */
  readonly lastInfectionHour: number;
  /** Exploited hosts the kill switch stopped before the payload ran. */
  readonly neutralised: number;
  /** Infected devices in zones that rest on priors. */
  readonly priorInfected: number;
}

interface PatchEvent {
  step: number;
  share: number;
  osMask: number;
  orgKind: number;
  stream: number;
}

/** Static tables for one federation and scenario; `run(i)` is one Monte Carlo run. */
export class WormEngine {
  private readonly Z: number;
  private readonly O: number;
  private readonly steps: number;
  private readonly sph: number;
  private readonly rate: number;
  private readonly global: Float64Array;
  private readonly inetZones: Int32Array;
  private readonly wanZones: Int32Array;
  /** Listeners of ORG_IN zones per organisation and segment (0 office, 1 clinical). */
  private readonly orgSegListeners: Float64Array;
  private readonly edgeStart: Int32Array;
  private readonly edgeTo: Int32Array;
  private readonly pInfect: Float64Array;
  private readonly pCrash: Float64Array;
  private readonly classSafety: Uint8Array;
  private readonly inetBlock: Int32Array;
  private readonly wanBlock: Int32Array;
  private readonly segBlock: Int32Array;
  private readonly patches: PatchEvent[];
  private readonly isolateDelay: number;
  private readonly ksStep: number;
  private readonly lifeBuckets: number;
  private readonly encSteps: number;
  /** First step from which the global outbreak sends nothing more. */
  private readonly quietFrom: number;

  constructor(
    private readonly fed: Federation,
    private readonly sc: Scenario,
  ) {
    const p = sc.profile;
    this.Z = zoneCount(fed);
    this.O = orgCount(fed);
    this.sph = Math.round(60 / sc.stepMinutes);
    this.steps = Math.round(sc.horizonHours * this.sph);
    this.rate = (p.scanRatePerSecond * 60 * sc.stepMinutes) / p.addressSpace;
    const internetSeeded = sc.seeds.some((s) => s.kind === 'internet');
    this.global = new Float64Array(this.steps);
    if (internetSeeded) for (let t = 0; t < this.steps; t++) this.global[t] = globalScanners(p, t / this.sph);
    let quiet = this.steps;
    while (quiet > 0 && (this.global[quiet - 1] as number) === 0) quiet--;
    this.quietFrom = quiet;
    this.inetZones = this.pool(ZONE.INTERNET_IN);
    this.wanZones = this.pool(ZONE.WAN_IN);
    this.orgSegListeners = new Float64Array(this.O * 2);
    for (let z = 0; z < this.Z; z++) {
      const f = fed.zoneFlags[z] as number;
      if (!(f & ZONE.ORG_IN)) continue;
      const k = (fed.zoneOrg[z] as number) * 2 + (f & ZONE.CLINICAL ? 1 : 0);
      this.orgSegListeners[k] = (this.orgSegListeners[k] as number) + (fed.zoneListeners[z] as number);
    }
    this.edgeStart = new Int32Array(this.Z + 1);
    for (const from of fed.edgeFrom) this.edgeStart[from + 1] = (this.edgeStart[from + 1] as number) + 1;
    for (let z = 0; z < this.Z; z++)
      this.edgeStart[z + 1] = (this.edgeStart[z + 1] as number) + (this.edgeStart[z] as number);
    this.edgeTo = new Int32Array(fed.edgeFrom.length);
    const fill = this.edgeStart.slice(0, this.Z);
    fed.edgeFrom.forEach((from, i) => {
      const at = fill[from] as number;
      fill[from] = at + 1;
      this.edgeTo[at] = fed.edgeTo[i] as number;
    });
    this.pInfect = new Float64Array(CLASS_COUNT);
    this.pCrash = new Float64Array(CLASS_COUNT);
    this.classSafety = new Uint8Array(CLASS_COUNT);
    DEVICE_CLASSES.forEach((c, i) => {
      this.pInfect[i] = p.exploit[c.os].infect;
      this.pCrash[i] = p.exploit[c.os].crash;
      this.classSafety[i] = SAFETY_LEVELS.indexOf(c.safety);
    });
    this.inetBlock = new Int32Array(this.O).fill(NEVER);
    this.wanBlock = new Int32Array(this.O).fill(NEVER);
    this.segBlock = new Int32Array(this.O).fill(NEVER);
    this.patches = [];
    let isolateDelay = -1;
    let ks = p.killSwitchHours;
    sc.levers.forEach((lever, i) => {
      const step = (h: number) => Math.max(0, Math.round(h * this.sph));
      if (lever.kind === 'block') {
        const target =
          lever.boundary === 'internet'
            ? this.inetBlock
            : lever.boundary === 'wan'
              ? this.wanBlock
              : this.segBlock;
        const orgs = lever.orgs ?? Array.from({ length: this.O }, (_, o) => o);
        for (const o of orgs) target[o] = Math.min(target[o] as number, step(lever.atHours));
      } else if (lever.kind === 'patch' || lever.kind === 'disable-smb1') {
        const os = lever.kind === 'patch' ? lever.os : undefined;
        const orgKind = lever.kind === 'patch' && lever.orgKind ? ORG_KINDS.indexOf(lever.orgKind) : -1;
        this.patches.push({
          step: step(lever.atHours),
          share: lever.share,
          osMask: os ? 1 << OS_CLASSES.indexOf(os) : 0xff,
          orgKind,
          stream: i,
        });
      } else if (lever.kind === 'isolate') {
        const d = step(lever.afterHours);
        isolateDelay = isolateDelay < 0 ? d : Math.min(isolateDelay, d);
      } else if (lever.kind === 'kill-switch') {
        ks = ks === null ? lever.atHours : Math.min(ks, lever.atHours);
      }
    });
    this.patches.sort((a, b) => a.step - b.step || a.stream - b.stream);
    this.isolateDelay = isolateDelay;
    this.ksStep = ks === null ? NEVER : Math.round(ks * this.sph);
    this.lifeBuckets = p.scanLifetimeHours === null ? 0 : Math.max(1, Math.round(p.scanLifetimeHours));
    this.encSteps = Math.round(p.encryptMinutes / sc.stepMinutes);
  }

  private pool(flag: number): Int32Array {
    const zones: number[] = [];
    for (let z = 0; z < this.Z; z++)
      if ((this.fed.zoneFlags[z] as number) & flag && (this.fed.zoneListeners[z] as number) > 0)
        zones.push(z);
    return Int32Array.from(zones);
  }

  /** Monte Carlo run number `index` (its stream depends only on the scenario seed and the index). */
  run(index: number): RunResult {
    return new Run(this, this.fed, this.sc, deriveSeed(this.sc.seed, index)).execute();
  }

  /** The static tables a run reads. */
  get tables() {
    return {
      Z: this.Z,
      O: this.O,
      steps: this.steps,
      sph: this.sph,
      rate: this.rate,
      global: this.global,
      inetZones: this.inetZones,
      wanZones: this.wanZones,
      orgSegListeners: this.orgSegListeners,
      edgeStart: this.edgeStart,
      edgeTo: this.edgeTo,
      pInfect: this.pInfect,
      pCrash: this.pCrash,
      classSafety: this.classSafety,
      inetBlock: this.inetBlock,
      wanBlock: this.wanBlock,
      segBlock: this.segBlock,
      patches: this.patches,
      isolateDelay: this.isolateDelay,
      ksStep: this.ksStep,
      lifeBuckets: this.lifeBuckets,
      encSteps: this.encSteps,
      quietFrom: this.quietFrom,
    };
  }
}

type Tables = WormEngine['tables'];

interface LivePool {
  zones: Int32Array;
  cum: Float64Array;
  count: number;
}

function livePool(zones: Int32Array): LivePool {
  return { zones: zones.slice(), cum: new Float64Array(zones.length), count: zones.length };
}

/** Index of the first cumulative weight above u, among the first `n`. */
function pick(cum: Float64Array, u: number, n: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cum[mid] as number) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The mutable state of one run. */
class Run {
  private readonly T: Tables;
  private readonly rng: Prng;
  private readonly S: Float64Array;
  private readonly zoneSus: Float64Array;
  private readonly scan: Float64Array;
  private readonly cohort: Float64Array;
  private readonly active: Int32Array;
  private activeCount = 0;
  private readonly isActive: Uint8Array;
  private readonly orgScan: Float64Array;
  private readonly orgTouched: Int32Array;
  private orgTouchedCount = 0;
  private readonly isolateAt: Int32Array;
  private readonly r: {
    infected: Float64Array;
    unavailable: Float64Array;
    infectedOrgs: Int32Array;
    orgFirstStep: Int32Array;
    orgEntry: Uint8Array;
    orgEntryZone: Int32Array;
    orgEntryFrom: Int32Array;
    orgInfected: Float64Array;
    orgCrashed: Float64Array;
    zoneInfected: Float64Array;
    safetyHit: Float64Array;
  };
  private totalInfected = 0;
  private totalCrashed = 0;
  private susLeft = 0;
  private neutralised = 0;
  private priorInfected = 0;
  private lastStep = -1;
  private readonly byKind = new Int32Array(ORG_KINDS.length);
  private readonly infectedAtStep: Float64Array;
  private t = 0;
  private hour = 0;
  /** Internet- and WAN-exposed zones that still hold susceptible hosts, with cumulative listeners. */
  private readonly inet: LivePool;
  private readonly wan: LivePool;

  constructor(
    engine: WormEngine,
    private readonly fed: Federation,
    private readonly sc: Scenario,
    private readonly runSeed: number,
  ) {
    this.T = engine.tables;
    const { Z, O, steps } = this.T;
    this.rng = new Prng(runSeed);
    this.S = fed.susceptible.slice();
    this.zoneSus = new Float64Array(Z);
    for (let z = 0; z < Z; z++) {
      let s = 0;
      for (let c = 0; c < CLASS_COUNT; c++) s += this.S[z * CLASS_COUNT + c] as number;
      this.zoneSus[z] = s;
      this.susLeft += s;
    }
    this.scan = new Float64Array(Z);
    this.cohort = new Float64Array(this.T.lifeBuckets > 0 ? Z * this.T.lifeBuckets : 0);
    this.active = new Int32Array(Z);
    this.isActive = new Uint8Array(Z);
    this.orgScan = new Float64Array(O * 2);
    this.orgTouched = new Int32Array(O);
    this.isolateAt = new Int32Array(O).fill(NEVER);
    const hours = Math.ceil(steps / this.T.sph);
    this.r = {
      infected: new Float64Array(hours + 1),
      unavailable: new Float64Array(hours + 1),
      infectedOrgs: new Int32Array((hours + 1) * ORG_KINDS.length),
      orgFirstStep: new Int32Array(O).fill(-1),
      orgEntry: new Uint8Array(O),
      orgEntryZone: new Int32Array(O).fill(-1),
      orgEntryFrom: new Int32Array(O).fill(-1),
      orgInfected: new Float64Array(O),
      orgCrashed: new Float64Array(O),
      zoneInfected: new Float64Array(Z),
      safetyHit: new Float64Array(SAFETY_LEVELS.length),
    };
    this.infectedAtStep = new Float64Array(steps + 1);
    this.inet = livePool(this.T.inetZones);
    this.wan = livePool(this.T.wanZones);
  }

  /** Drops exposed zones with nothing left to infect, so sweep events are not spent on them. */
  private refreshPools(): void {
    for (const pool of [this.inet, this.wan]) {
      let n = 0;
      let sum = 0;
      for (let i = 0; i < pool.count; i++) {
        const z = pool.zones[i] as number;
        if ((this.zoneSus[z] as number) <= 0) continue;
        pool.zones[n] = z;
        sum += this.fed.zoneListeners[z] as number;
        pool.cum[n++] = sum;
      }
      pool.count = n;
    }
  }

  execute(): RunResult {
    const { steps, sph } = this.T;
    this.seed();
    let nextPatch = 0;
    const patches = this.T.patches;
    for (let t = 0; t < steps; t++) {
      this.t = t;
      if (t % sph === 0) this.hourBoundary(t / sph);
      if (this.settled(t)) {
        this.infectedAtStep.fill(this.totalInfected, t);
        for (let h = Math.ceil(t / sph); h * sph < steps; h++) this.record(h, h * sph);
        break;
      }
      while (nextPatch < patches.length && (patches[nextPatch] as PatchEvent).step <= t)
        this.applyPatch(patches[nextPatch++] as PatchEvent);
      if (t % sph === 0) this.refreshPools();
      this.infectedAtStep[t] = this.totalInfected;
      this.step(t);
    }
    this.t = steps;
    this.infectedAtStep[steps] = this.totalInfected;
    this.record(Math.ceil(steps / sph), steps);
    return {
      hours: Math.ceil(steps / sph),
      ...this.r,
      lastInfectionHour: this.lastStep < 0 ? -1 : this.lastStep / sph,
      neutralised: this.neutralised,
      priorInfected: this.priorInfected,
    };
  }

  private seed(): void {
    for (const s of this.sc.seeds) {
      if (s.kind === 'zone') this.introduce(s.zone, s.hosts);
      else if (s.kind === 'org') {
        const z = seedZone(this.fed, this.sc.profile, s.org);
        if (z >= 0) this.introduce(z, 1);
      }
    }
  }

  /** Nothing can change any more: no susceptible host is left, or nobody scans and nothing comes in. */
  private settled(t: number): boolean {
    if (this.susLeft <= 0) return true;
    return this.activeCount === 0 && t >= this.T.quietFrom;
  }

  /** Infected hosts brought in from outside (a seed): they scan but were not drawn from S. */
  private introduce(z: number, hosts: number): void {
    this.addScanning(z, hosts);
    this.countInfection(z, hosts, E_SEED, -1);
  }

  private hourBoundary(h: number): void {
    this.hour = h;
    const B = this.T.lifeBuckets;
    if (B > 0 && h >= B) {
      const b = h % B;
      let w = 0;
      for (let i = 0; i < this.activeCount; i++) {
        const z = this.active[i] as number;
        const k = z * B + b;
        const expiring = this.cohort[k] as number;
        if (expiring > 0) {
          this.scan[z] = Math.max(0, (this.scan[z] as number) - expiring);
          this.cohort[k] = 0;
        }
        if ((this.scan[z] as number) > 0) this.active[w++] = z;
        else this.isActive[z] = 0;
      }
      this.activeCount = w;
    }
    this.record(h, h * this.T.sph);
  }

  private record(h: number, step: number): void {
    if (h >= this.r.infected.length) return;
    this.r.infected[h] = this.totalInfected;
    const lag = Math.max(0, step - this.T.encSteps);
    this.r.unavailable[h] = this.totalCrashed + (this.infectedAtStep[lag] as number);
    this.r.infectedOrgs.set(this.byKind, h * ORG_KINDS.length);
  }

  private applyPatch(p: PatchEvent): void {
    // Its own stream, so the same lever draws the same devices whatever else the scenario changes.
    const rng = new Prng(deriveSeed(this.runSeed, 1000 + p.stream));
    const { Z } = this.T;
    for (let z = 0; z < Z; z++) {
      if ((this.zoneSus[z] as number) === 0) continue;
      if (p.orgKind >= 0 && this.fed.orgKind[this.fed.zoneOrg[z] as number] !== p.orgKind) continue;
      for (let c = 0; c < CLASS_COUNT; c++) {
        const i = z * CLASS_COUNT + c;
        const s = this.S[i] as number;
        if (s === 0 || !(p.osMask & (1 << Math.floor(c / SAFETY_LEVELS.length)))) continue;
        const n = rng.binomial(s, p.share);
        this.S[i] = s - n;
        this.zoneSus[z] = (this.zoneSus[z] as number) - n;
        this.susLeft -= n;
      }
    }
  }

  private step(t: number): void {
    const T = this.T;
    const fed = this.fed;
    // 1. Pool the scanning hosts by the classes they may reach.
    let inetI = T.global[t] as number;
    let wanI = 0;
    for (let i = 0; i < this.orgTouchedCount; i++) {
      const o = this.orgTouched[i] as number;
      this.orgScan[o * 2] = 0;
      this.orgScan[o * 2 + 1] = 0;
    }
    this.orgTouchedCount = 0;
    const activeNow = this.activeCount;
    for (let i = 0; i < activeNow; i++) {
      const z = this.active[i] as number;
      const I = this.scan[z] as number;
      if (I <= 0) continue;
      const o = fed.zoneOrg[z] as number;
      const f = fed.zoneFlags[z] as number;
      const k = o * 2 + (f & ZONE.CLINICAL ? 1 : 0);
      if ((this.orgScan[o * 2] as number) === 0 && (this.orgScan[o * 2 + 1] as number) === 0)
        this.orgTouched[this.orgTouchedCount++] = o;
      this.orgScan[k] = (this.orgScan[k] as number) + I;
      if (t >= (this.isolateAt[o] as number)) continue;
      if (f & ZONE.INTERNET_OUT && t < (T.inetBlock[o] as number)) inetI += I;
      if (f & ZONE.WAN_OUT && t < (T.wanBlock[o] as number)) wanI += I;
    }
    // 2. Sweep events over the internet and the WAN (thinned where a boundary is closed).
    this.classEvents(inetI, this.inet, T.inetBlock, E_INTERNET);
    this.classEvents(wanI, this.wan, T.wanBlock, E_WAN);
    // 3. Within each organisation that has scanners.
    const touched = this.orgTouchedCount;
    for (let i = 0; i < touched; i++) {
      const o = this.orgTouched[i] as number;
      const open = t < (T.segBlock[o] as number);
      for (let seg = 0; seg < 2; seg++) {
        const I =
          (this.orgScan[o * 2 + seg] as number) + (open ? (this.orgScan[o * 2 + 1 - seg] as number) : 0);
        const L = T.orgSegListeners[o * 2 + seg] as number;
        if (I <= 0 || L <= 0) continue;
        const mean = I * T.rate * L;
        const first = fed.orgZoneStart[o] as number;
        const end = fed.orgZoneStart[o + 1] as number;
        if (mean > end - first) {
          for (let z = first; z < end; z++) {
            const f = fed.zoneFlags[z] as number;
            if (!(f & ZONE.ORG_IN) || (f & ZONE.CLINICAL ? 1 : 0) !== seg || (this.zoneSus[z] as number) <= 0)
              continue;
            const k = this.rng.poisson(I * T.rate * (fed.zoneListeners[z] as number));
            if (k > 0) this.hits(z, k, E_ORG, -1);
          }
          continue;
        }
        const k = this.rng.poisson(mean);
        for (let e = 0; e < k; e++) {
          const z = this.pickInOrg(o, seg, this.rng.next() * L);
          if (z >= 0) this.hit(z, E_ORG, -1);
        }
      }
    }
    // 4. Explicit edges and the local sweep, from the zones scanning at the start of the step.
    const lan = this.sc.profile.lanSweepMinutes;
    for (let i = 0; i < activeNow; i++) {
      const z = this.active[i] as number;
      const I = this.scan[z] as number;
      if (I <= 0) continue;
      const from = fed.zoneOrg[z] as number;
      for (let e = T.edgeStart[z] as number; e < (T.edgeStart[z + 1] as number); e++) {
        const to = T.edgeTo[e] as number;
        const toOrg = fed.zoneOrg[to] as number;
        if (
          toOrg !== from &&
          (t >= (this.isolateAt[from] as number) || t >= (this.isolateAt[toOrg] as number))
        )
          continue;
        const k = this.rng.poisson(I * T.rate * (fed.zoneListeners[to] as number));
        if (k > 0) this.hits(to, k, E_EDGE, z);
      }
      if (lan !== null && (this.zoneSus[z] as number) > 0) this.lanSweep(z, (I * this.sc.stepMinutes) / lan);
    }
  }

  /**
   * Sweep events from a pooled class. When more events are expected than zones remain, each zone's
   * own Poisson count is drawn instead of placing events one by one: the same distribution, bounded work.
   */
  private classEvents(I: number, pool: LivePool, block: Int32Array, entry: number): void {
    if (I <= 0 || pool.count === 0) return;
    const fed = this.fed;
    const total = pool.cum[pool.count - 1] as number;
    const perListener = I * this.T.rate;
    const open = (z: number) => {
      const o = fed.zoneOrg[z] as number;
      return this.t < (block[o] as number) && this.t < (this.isolateAt[o] as number);
    };
    if (perListener * total > pool.count) {
      for (let i = 0; i < pool.count; i++) {
        const z = pool.zones[i] as number;
        if ((this.zoneSus[z] as number) <= 0 || !open(z)) continue;
        const k = this.rng.poisson(perListener * (fed.zoneListeners[z] as number));
        if (k > 0) this.hits(z, k, entry, -1);
      }
      return;
    }
    const k = this.rng.poisson(perListener * total);
    for (let e = 0; e < k; e++) {
      const z = pool.zones[pick(pool.cum, this.rng.next() * total, pool.count)] as number;
      if (open(z)) this.hit(z, entry, -1);
    }
  }

  private pickInOrg(o: number, seg: number, u: number): number {
    const fed = this.fed;
    let acc = 0;
    for (let z = fed.orgZoneStart[o] as number; z < (fed.orgZoneStart[o + 1] as number); z++) {
      const f = fed.zoneFlags[z] as number;
      if (!(f & ZONE.ORG_IN) || (f & ZONE.CLINICAL ? 1 : 0) !== seg) continue;
      acc += fed.zoneListeners[z] as number;
      if (u < acc) return z;
    }
    return -1;
  }

  /** `attempts` expected exploit attempts per susceptible host of zone z this step. */
  private lanSweep(z: number, attempts: number): void {
    const { pInfect, pCrash } = this.T;
    for (let c = 0; c < CLASS_COUNT; c++) {
      const s = this.S[z * CLASS_COUNT + c] as number;
      const pc = (pInfect[c] as number) + (pCrash[c] as number);
      if (s === 0 || pc === 0) continue;
      this.attempt(z, c, s, 1 - Math.exp(-attempts * pc), E_ORG, -1);
    }
  }

  /** k random probes found listeners in zone z within one step. */
  private hits(z: number, k: number, entry: number, from: number): void {
    if (!this.sc.profile.sweepOnHit || k === 1) {
      for (let j = 0; j < k && (this.zoneSus[z] as number) > 0; j++) this.hit(z, entry, from);
      return;
    }
    const { pInfect, pCrash } = this.T;
    for (let c = 0; c < CLASS_COUNT; c++) {
      const s = this.S[z * CLASS_COUNT + c] as number;
      const pc = (pInfect[c] as number) + (pCrash[c] as number);
      if (s > 0 && pc > 0) this.attempt(z, c, s, 1 - (1 - pc) ** k, entry, from);
    }
  }

  /** A random probe found a listener in zone z. */
  private hit(z: number, entry: number, from: number): void {
    if ((this.zoneSus[z] as number) === 0) return;
    const { pInfect, pCrash } = this.T;
    if (this.sc.profile.sweepOnHit) {
      for (let c = 0; c < CLASS_COUNT; c++) {
        const s = this.S[z * CLASS_COUNT + c] as number;
        const pc = (pInfect[c] as number) + (pCrash[c] as number);
        if (s > 0 && pc > 0) this.attempt(z, c, s, pc, entry, from);
      }
      return;
    }
    let u = this.rng.next() * (this.fed.zoneListeners[z] as number);
    for (let c = 0; c < CLASS_COUNT; c++) {
      const s = this.S[z * CLASS_COUNT + c] as number;
      if (u < s) {
        const r = this.rng.next();
        if (r < (pInfect[c] as number)) this.change(z, c, 1, 0, entry, from);
        else if (r < (pInfect[c] as number) + (pCrash[c] as number)) this.change(z, c, 0, 1, entry, from);
        return;
      }
      u -= s;
    }
  }

  /** Each of `s` hosts of class c changes state with probability p (infected or crashed, in proportion). */
  private attempt(z: number, c: number, s: number, p: number, entry: number, from: number): void {
    const n = this.rng.binomial(s, p);
    if (n === 0) return;
    const pi = this.T.pInfect[c] as number;
    const pc = this.T.pCrash[c] as number;
    const ni = pc === 0 ? n : pi === 0 ? 0 : this.rng.binomial(n, pi / (pi + pc));
    this.change(z, c, ni, n - ni, entry, from);
  }

  private change(z: number, c: number, infected: number, crashed: number, entry: number, from: number): void {
    const i = z * CLASS_COUNT + c;
    this.S[i] = (this.S[i] as number) - infected - crashed;
    this.zoneSus[z] = (this.zoneSus[z] as number) - infected - crashed;
    this.susLeft -= infected + crashed;
    const o = this.fed.zoneOrg[z] as number;
    const safety = this.T.classSafety[c] as number;
    if (crashed > 0) {
      this.totalCrashed += crashed;
      this.r.orgCrashed[o] = (this.r.orgCrashed[o] as number) + crashed;
      this.r.safetyHit[safety] = (this.r.safetyHit[safety] as number) + crashed;
    }
    if (infected === 0) return;
    if (this.t >= this.T.ksStep && (this.fed.zoneFlags[z] as number) & ZONE.DIRECT_EGRESS) {
      this.neutralised += infected;
      return;
    }
    this.r.safetyHit[safety] = (this.r.safetyHit[safety] as number) + infected;
    this.addScanning(z, infected);
    this.countInfection(z, infected, entry, from);
  }

  private addScanning(z: number, n: number): void {
    this.scan[z] = (this.scan[z] as number) + n;
    const B = this.T.lifeBuckets;
    if (B > 0) this.cohort[z * B + (this.hour % B)] = (this.cohort[z * B + (this.hour % B)] as number) + n;
    if (!this.isActive[z]) {
      this.isActive[z] = 1;
      this.active[this.activeCount++] = z;
    }
  }

  private countInfection(z: number, n: number, entry: number, from: number): void {
    const o = this.fed.zoneOrg[z] as number;
    this.totalInfected += n;
    this.lastStep = this.t;
    this.r.zoneInfected[z] = (this.r.zoneInfected[z] as number) + n;
    this.r.orgInfected[o] = (this.r.orgInfected[o] as number) + n;
    if ((this.fed.zoneFlags[z] as number) & ZONE.PRIOR) this.priorInfected += n;
    if ((this.r.orgFirstStep[o] as number) >= 0) return;
    this.r.orgFirstStep[o] = this.t;
    this.r.orgEntry[o] = entry;
    this.r.orgEntryZone[o] = z;
    this.r.orgEntryFrom[o] = from;
    const kind = this.fed.orgKind[o] as number;
    this.byKind[kind] = (this.byKind[kind] as number) + 1;
    if (this.T.isolateDelay >= 0) this.isolateAt[o] = this.t + this.T.isolateDelay;
  }
}
