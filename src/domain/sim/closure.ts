/**
 * The deterministic worst case: every zone the worm could reach from the seeds through allowed 445
 * edges to hosts it can infect (MulVAL's least fixed point over `hacl`, as a breadth-first search
 * with the internet and the WAN as hub nodes), and each organisation's entry path. It is what the
 * stochastic engine gives with certain infection, no kill switch and an unlimited horizon.
 */
import {
  CLASS_COUNT,
  DEVICE_CLASSES,
  type Federation,
  ORG_KINDS,
  orgCount,
  ZONE,
  zoneCount,
} from './federation.js';
import type { WormProfile } from './profile.js';
import type { Lever, Seed } from './scenario.js';
import { seedZone } from './seed-zone.js';

export type PathNode = number | 'internet' | 'wan' | 'seed';
export type PathVia = 'seed' | 'internet' | 'wan' | 'organisation' | 'edge';

/** One hop: from a zone (or the internet / the WAN / a seed) to a zone or a hub. */
export interface PathStep {
  readonly from: PathNode;
  readonly to: PathNode;
  readonly via: PathVia;
}

export interface Closure {
  /** 1 where the zone would be infected. */
  readonly zoneInfected: Uint8Array;
  /** 1 where the zone is reached at all (infected or only probed). */
  readonly zoneReached: Uint8Array;
  /** First zone of each organisation the search reached, -1 if none. */
  readonly orgEntryZone: Int32Array;
  readonly infectedOrgs: number;
  readonly infectedZones: number;
  /** Susceptible devices in infected zones (those the profile can infect or crash). */
  readonly devicesAtRisk: number;
  /** Organisations not infected whose shared-service provider is: disrupted in the worst case. */
  readonly disruptedOrgs: number;
  /** The chain of hops into an organisation, from the root; empty if it is not reached. */
  path(org: number): PathStep[];
}

const NONE = -2;
const ROOT = -1;

/** Levers in force from the start that close edges or remove susceptible devices for good. */
function startingBlocks(levers: readonly Lever[], orgs: number) {
  const inet = new Uint8Array(orgs);
  const wan = new Uint8Array(orgs);
  const seg = new Uint8Array(orgs);
  for (const l of levers) {
    if (l.kind !== 'block' || l.atHours > 0) continue;
    const t = l.boundary === 'internet' ? inet : l.boundary === 'wan' ? wan : seg;
    for (const o of l.orgs ?? Array.from({ length: orgs }, (_, i) => i)) t[o] = 1;
  }
  return { inet, wan, seg };
}

function immuneClasses(levers: readonly Lever[], org: number, fed: Federation): Uint8Array {
  const immune = new Uint8Array(CLASS_COUNT);
  for (const l of levers) {
    if ((l.kind !== 'patch' && l.kind !== 'disable-smb1') || l.share < 1 || l.atHours > 0) continue;
    if (l.kind === 'patch' && l.orgKind && ORG_KINDS[fed.orgKind[org] as number] !== l.orgKind) continue;
    DEVICE_CLASSES.forEach((c, i) => {
      if (l.kind === 'disable-smb1' || !l.os || l.os === c.os) immune[i] = 1;
    });
  }
  return immune;
}

export function computeClosure(
  fed: Federation,
  profile: WormProfile,
  seeds: readonly Seed[],
  levers: readonly Lever[] = [],
): Closure {
  const Z = zoneCount(fed);
  const O = orgCount(fed);
  const INET = Z;
  const WAN = Z + 1;
  const parent = new Int32Array(Z + 2).fill(NONE);
  const via = new Uint8Array(Z + 2);
  const VIA: PathVia[] = ['seed', 'internet', 'wan', 'organisation', 'edge'];
  const blocks = startingBlocks(levers, O);
  const atRisk = new Float64Array(Z);
  const infectable = new Uint8Array(Z);
  const seeded = new Uint8Array(Z);
  for (let o = 0; o < O; o++) {
    const immune = immuneClasses(levers, o, fed);
    for (let z = fed.orgZoneStart[o] as number; z < (fed.orgZoneStart[o + 1] as number); z++) {
      for (let c = 0; c < CLASS_COUNT; c++) {
        const s = fed.susceptible[z * CLASS_COUNT + c] as number;
        if (s === 0 || immune[c]) continue;
        const e = profile.exploit[(DEVICE_CLASSES[c] as (typeof DEVICE_CLASSES)[number]).os];
        if (e.infect > 0) infectable[z] = 1;
        if (e.infect > 0 || e.crash > 0) atRisk[z] = (atRisk[z] as number) + s;
      }
    }
  }
  const queue = new Int32Array(Z + 2);
  let head = 0;
  let tail = 0;
  const reach = (node: number, from: number, how: number) => {
    if (parent[node] !== NONE) return;
    parent[node] = from;
    via[node] = how;
    queue[tail++] = node;
  };
  for (const s of seeds) {
    if (s.kind === 'internet') reach(INET, ROOT, 0);
    else {
      const z = s.kind === 'zone' ? s.zone : seedZone(fed, profile, s.org);
      if (z < 0) continue;
      seeded[z] = 1;
      reach(z, ROOT, 0);
    }
  }
  const edgesFrom = new Map<number, number[]>();
  fed.edgeFrom.forEach((from, e) => {
    const list = edgesFrom.get(from) ?? [];
    list.push(fed.edgeTo[e] as number);
    edgesFrom.set(from, list);
  });
  const orgDone = new Uint8Array(O * 2);
  while (head < tail) {
    const n = queue[head++] as number;
    if (n === INET || n === WAN) {
      const flag = n === INET ? ZONE.INTERNET_IN : ZONE.WAN_IN;
      const blocked = n === INET ? blocks.inet : blocks.wan;
      for (let z = 0; z < Z; z++)
        if ((fed.zoneFlags[z] as number) & flag && !blocked[fed.zoneOrg[z] as number])
          reach(z, n, n === INET ? 1 : 2);
      continue;
    }
    if (!infectable[n] && !seeded[n]) continue;
    const o = fed.zoneOrg[n] as number;
    const f = fed.zoneFlags[n] as number;
    if (f & ZONE.INTERNET_OUT && !blocks.inet[o]) reach(INET, n, 1);
    if (f & ZONE.WAN_OUT && !blocks.wan[o]) reach(WAN, n, 2);
    const seg = f & ZONE.CLINICAL ? 1 : 0;
    if (!orgDone[o * 2 + seg]) {
      orgDone[o * 2 + seg] = 1;
      for (let y = fed.orgZoneStart[o] as number; y < (fed.orgZoneStart[o + 1] as number); y++) {
        const fy = fed.zoneFlags[y] as number;
        if (!(fy & ZONE.ORG_IN)) continue;
        if ((fy & ZONE.CLINICAL ? 1 : 0) !== seg && blocks.seg[o]) continue;
        reach(y, n, 3);
      }
    }
    for (const to of edgesFrom.get(n) ?? []) reach(to, n, 4);
  }
  const zoneReached = new Uint8Array(Z);
  const zoneInfected = new Uint8Array(Z);
  const orgEntryZone = new Int32Array(O).fill(-1);
  let infectedZones = 0;
  let devicesAtRisk = 0;
  // Queue order is breadth-first order: the first zone of an organisation dequeued is its entry.
  for (let i = 0; i < tail; i++) {
    const z = queue[i] as number;
    if (z >= Z) continue;
    zoneReached[z] = 1;
    const o = fed.zoneOrg[z] as number;
    if (infectable[z] || seeded[z]) {
      zoneInfected[z] = 1;
      infectedZones++;
      devicesAtRisk += atRisk[z] as number;
      if (orgEntryZone[o] === -1) orgEntryZone[o] = z;
    }
  }
  let infectedOrgs = 0;
  for (let o = 0; o < O; o++) if (orgEntryZone[o] !== -1) infectedOrgs++;
  const disrupted = new Set<number>();
  fed.serviceConsumer.forEach((c, i) => {
    if (orgEntryZone[c] === -1 && orgEntryZone[fed.serviceProvider[i] as number] !== -1) disrupted.add(c);
  });
  const label = (n: number): PathNode => (n === INET ? 'internet' : n === WAN ? 'wan' : n);
  return {
    zoneInfected,
    zoneReached,
    orgEntryZone,
    infectedOrgs,
    infectedZones,
    devicesAtRisk,
    disruptedOrgs: disrupted.size,
    path(org: number): PathStep[] {
      const steps: PathStep[] = [];
      let n = orgEntryZone[org] as number;
      if (n < 0) return steps;
      while (n !== ROOT) {
        const p = parent[n] as number;
        steps.push({
          from: p === ROOT ? 'seed' : label(p),
          to: label(n),
          via: VIA[via[n] as number] as PathVia,
        });
        n = p;
      }
      return steps.reverse();
    },
  };
}
