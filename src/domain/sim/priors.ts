/**
 * Priors per kind of organisation, for the many organisations that supply no network data: how its
 * devices fall into zones and how exposed those zones are. Declared in the scenario and reported:
 * every output says which share of its answer rests on them.
 */
import type { OrgKind } from './federation.js';
import { deriveSeed, Prng } from './prng.js';
import type { OsClass } from './profile.js';

export interface KindPrior {
  /** Devices per zone (a flat organisation is one zone). */
  readonly devicesPerZone: number;
  /** Share of organisations whose (first) zone is reachable on 445 from the WAN; from the internet. */
  readonly wanExposedShare: number;
  readonly internetExposedShare: number;
  /** Share of zones reaching the web directly rather than through a proxy. */
  readonly directEgressShare: number;
}

export type Priors = Readonly<Record<OrgKind, KindPrior>>;

/** Assumptions, to be replaced by each organisation's own network file. */
export const DEFAULT_PRIORS: Priors = Object.freeze({
  trust: { devicesPerZone: 200, wanExposedShare: 0.1, internetExposedShare: 0.02, directEgressShare: 0.3 },
  'gp-practice': {
    devicesPerZone: Number.POSITIVE_INFINITY,
    wanExposedShare: 0.2,
    internetExposedShare: 0.02,
    directEgressShare: 0.5,
  },
  other: { devicesPerZone: 200, wanExposedShare: 0.1, internetExposedShare: 0.02, directEgressShare: 0.5 },
});

/** A stable draw for an organisation (the same organisation gets the same assumed exposure every run). */
export function priorDraw(code: string, seed: number, stream: number): number {
  let h = 0;
  for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 0x01000193);
  return new Prng(deriveSeed(h ^ seed, stream)).next();
}

/** The OS class of an inventory OS string. */
export function osClassOf(os: string | null): OsClass {
  const v = (os ?? '').toLowerCase();
  if (!v.includes('windows')) return 'other';
  if (/\bxp\b|2003|embedded|\bce\b/.test(v)) return 'windows-xp';
  if (/\b7\b|2008|vista/.test(v)) return 'windows-7';
  return 'windows-10';
}

/** Ward's organisation kinds mapped onto the simulation's three. */
export function simOrgKind(kind: string): OrgKind {
  if (kind === 'trust' || kind === 'site') return 'trust';
  if (kind === 'gp_practice') return 'gp-practice';
  return 'other';
}
