/**
 * The network the worm runs on, compiled into typed arrays: organisations, their zones (subnets) with
 * device counts per class, and 445 reachability at zone granularity, pooled into classes (the
 * internet, the national health WAN, the same organisation) plus explicit zone-to-zone edges.
 * Reachability rules are evaluated into these flags before the engine sees them.
 */
import { OS_CLASSES, type OsClass } from './profile.js';

export const ORG_KINDS = ['trust', 'gp-practice', 'other'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const SAFETY_LEVELS = ['none', 'diagnostic', 'critical'] as const;
export type SafetyLevel = (typeof SAFETY_LEVELS)[number];

/** A device class: OS class × clinical safety level. Zones hold counts per class. */
export interface DeviceClass {
  readonly os: OsClass;
  readonly safety: SafetyLevel;
}

/** Every (OS, safety) pair, in a fixed order: the class index is `os * SAFETY_LEVELS.length + safety`. */
export const DEVICE_CLASSES: readonly DeviceClass[] = OS_CLASSES.flatMap((os) =>
  SAFETY_LEVELS.map((safety) => ({ os, safety })),
);
export const CLASS_COUNT = DEVICE_CLASSES.length;

export function classIndex(os: OsClass, safety: SafetyLevel): number {
  return OS_CLASSES.indexOf(os) * SAFETY_LEVELS.length + SAFETY_LEVELS.indexOf(safety);
}

/** Zone flag bits. */
export const ZONE = {
  /** Reachable on 445 from the internet. */
  INTERNET_IN: 1,
  /** Reachable on 445 from the national health WAN. */
  WAN_IN: 2,
  /** Reachable on 445 from the organisation's other zones. */
  ORG_IN: 4,
  /** May send 445 to the internet. */
  INTERNET_OUT: 8,
  /** May send 445 across the WAN. */
  WAN_OUT: 16,
  /** Reaches the internet directly (not through a proxy): the kill switch works here. */
  DIRECT_EGRESS: 32,
  /** A clinical zone (as opposed to office); blocking between the two is a lever. */
  CLINICAL: 64,
  /** Its reachability or devices rest on priors, not on data the organisation supplied. */
  PRIOR: 128,
} as const;

export interface Federation {
  readonly orgCodes: readonly string[];
  /** Index into ORG_KINDS, per organisation. */
  readonly orgKind: Uint8Array;
  /** First zone of each organisation (zones are grouped by organisation); length orgs + 1. */
  readonly orgZoneStart: Int32Array;
  readonly zoneOrg: Int32Array;
  readonly zoneFlags: Uint8Array;
  /** Live hosts listening on 445, patched ones included (they still draw a sweep). */
  readonly zoneListeners: Float64Array;
  /** Susceptible hosts per zone and class (zones × CLASS_COUNT): vulnerable and reachable on 445. */
  readonly susceptible: Float64Array;
  /** Explicit allow edges on 445 between zones (a VPN, a shared-service link). */
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  /** Shared services: `serviceConsumer[i]` cannot work when `serviceProvider[i]` is infected. */
  readonly serviceConsumer: Int32Array;
  readonly serviceProvider: Int32Array;
  /** The name of each shared service link (a PAS, a pathology system, a regional network). */
  readonly serviceName: readonly string[];
}

export interface ZoneInput {
  readonly name?: string;
  /** Bits of `ZONE`. */
  readonly flags: number;
  readonly listeners: number;
  /** Susceptible hosts by class. */
  readonly susceptible?: ReadonlyArray<{ os: OsClass; safety?: SafetyLevel; count: number }>;
}

export interface OrgInput {
  readonly code: string;
  readonly kind: OrgKind;
  readonly zones: readonly ZoneInput[];
}

export interface FederationInput {
  readonly orgs: readonly OrgInput[];
  /** Zone references as `ORGCODE/zoneIndex`. */
  readonly edges?: ReadonlyArray<{ from: string; to: string }>;
  readonly services?: ReadonlyArray<{ consumer: string; provider: string; name?: string }>;
}

export function zoneCount(f: Federation): number {
  return f.zoneOrg.length;
}

export function orgCount(f: Federation): number {
  return f.orgCodes.length;
}

/** Compiles a readable federation (tests, generators, the network service) into typed arrays. */
export function buildFederation(input: FederationInput): Federation {
  const orgs = input.orgs;
  const zones = orgs.reduce((n, o) => n + o.zones.length, 0);
  const orgKind = new Uint8Array(orgs.length);
  const orgZoneStart = new Int32Array(orgs.length + 1);
  const zoneOrg = new Int32Array(zones);
  const zoneFlags = new Uint8Array(zones);
  const zoneListeners = new Float64Array(zones);
  const susceptible = new Float64Array(zones * CLASS_COUNT);
  const orgIndex = new Map<string, number>();
  let z = 0;
  orgs.forEach((org, o) => {
    if (orgIndex.has(org.code)) throw new Error(`organisation ${org.code} appears twice`);
    orgIndex.set(org.code, o);
    orgKind[o] = ORG_KINDS.indexOf(org.kind);
    orgZoneStart[o] = z;
    for (const zone of org.zones) {
      zoneOrg[z] = o;
      zoneFlags[z] = zone.flags;
      let sus = 0;
      for (const s of zone.susceptible ?? []) {
        const k = z * CLASS_COUNT + classIndex(s.os, s.safety ?? 'none');
        susceptible[k] = (susceptible[k] as number) + s.count;
        sus += s.count;
      }
      zoneListeners[z] = Math.max(zone.listeners, sus);
      z++;
    }
  });
  orgZoneStart[orgs.length] = z;
  const zoneRef = (ref: string): number => {
    const [code, idx] = ref.split('/') as [string, string | undefined];
    const o = orgIndex.get(code);
    const i = Number(idx ?? 0);
    if (o === undefined) throw new Error(`unknown organisation ${code}`);
    const zi = (orgZoneStart[o] as number) + i;
    if (!Number.isInteger(i) || i < 0 || zi >= (orgZoneStart[o + 1] as number))
      throw new Error(`unknown zone ${ref}`);
    return zi;
  };
  const orgRef = (code: string): number => {
    const o = orgIndex.get(code);
    if (o === undefined) throw new Error(`unknown organisation ${code}`);
    return o;
  };
  const edges = input.edges ?? [];
  const services = input.services ?? [];
  return {
    orgCodes: orgs.map((o) => o.code),
    orgKind,
    orgZoneStart,
    zoneOrg,
    zoneFlags,
    zoneListeners,
    susceptible,
    edgeFrom: Int32Array.from(edges, (e) => zoneRef(e.from)),
    edgeTo: Int32Array.from(edges, (e) => zoneRef(e.to)),
    serviceConsumer: Int32Array.from(services, (s) => orgRef(s.consumer)),
    serviceProvider: Int32Array.from(services, (s) => orgRef(s.provider)),
    serviceName: services.map((s) => s.name ?? 'shared service'),
  };
}
