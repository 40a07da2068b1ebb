/**
 * Generates the organisation tree of a demo federation with exactly `count` organisations:
 * one national root (`X26`), up to 7 regions, up to 42 ICBs, about one trust per 100
 * organisations (each with 1–6 sites), a few CSUs and arm's-length bodies, and GP practices,
 * pharmacies, care homes and other providers under the ICBs. Parents always precede children.
 */

import { ALB_NAMES, CSU_NAMES, ICB_AREAS, REGIONS } from './catalogues/place-name.catalog.js';
import { OdsCodeAllocator } from './ods-code.allocator.js';
import type { Organisation, OrganisationKind, TrustProfile } from './organisation.js';
import {
  careHomeName,
  gpPracticeName,
  otherProviderName,
  pharmacyName,
  siteName,
  trustName,
} from './organisation-name.generator.js';
import { Prng } from './prng.js';

/** Facts about an organisation that shape its estate but are not part of the organisation record. */
export interface OrganisationTraits {
  /** Index into REGIONS of the region the organisation sits in (0 for national bodies). */
  readonly region: number;
  /** Trusts and their sites: the kind of provider. */
  readonly profile: TrustProfile | null;
  /** Relative size: trusts vary (log-normal around 1); 1 for everything else. */
  readonly size: number;
}

export interface OrganisationTree {
  readonly organisations: Organisation[];
  readonly traits: ReadonlyMap<string, OrganisationTraits>;
}

/** The smallest federation: root, one region, one ICB, one trust. */
export const MIN_ORGANISATIONS = 4;

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

const PROFILES: readonly (readonly [TrustProfile, number])[] = [
  ['acute', 0.68],
  ['mental_health', 0.14],
  ['community', 0.12],
  ['ambulance', 0.06],
];
const PROFILE_SIZE: Record<TrustProfile, number> = {
  acute: 1.3,
  mental_health: 0.6,
  community: 0.55,
  ambulance: 0.7,
};

interface Counts {
  regions: number;
  icbs: number;
  trusts: number;
  csus: number;
  albs: number;
}

/** Regions and ICBs to use instead of the ones derived from the size (the demo asks for all 7 and 42). */
export interface TreeShape {
  regions?: number;
  icbs?: number;
}

const MAX_ICBS = 42;

function checkShape(count: number, shape: TreeShape): void {
  const { regions, icbs } = shape;
  if (regions !== undefined && !(Number.isInteger(regions) && regions >= 1 && regions <= REGIONS.length))
    throw new RangeError(`regions must be a whole number from 1 to ${REGIONS.length}, got ${regions}`);
  if (icbs !== undefined && !(Number.isInteger(icbs) && icbs >= (regions ?? 1) && icbs <= MAX_ICBS))
    throw new RangeError(
      `icbs must be a whole number from ${regions ?? 1} (the regions) to ${MAX_ICBS}, got ${icbs}`,
    );
  // The root, the regions, the ICBs and one trust per ICB.
  const least = 1 + (regions ?? 1) + 2 * (icbs ?? 1);
  if (count < least)
    throw new RangeError(
      `${regions ?? 1} regions and ${icbs ?? 1} ICBs need at least ${least} organisations (a trust per ICB), got ${count}`,
    );
}

function fixedCounts(count: number, shape: TreeShape): Counts {
  const regions = shape.regions ?? clamp(Math.round(count / 3000), 1, REGIONS.length);
  const icbs = shape.icbs ?? clamp(Math.round(count / 500), regions, MAX_ICBS);
  return {
    regions,
    icbs,
    trusts: Math.max(1, icbs, Math.round(count / 100)),
    csus: clamp(Math.floor(count / 4000), 0, CSU_NAMES.length),
    albs: clamp(Math.floor(count / 2500), 0, ALB_NAMES.length),
  };
}

/** e^x as (1 + x/8)^8, by squaring: close enough for sizes and exact on every platform. */
function logNormal(x: number): number {
  const b = 1 + x / 8;
  const b2 = b * b;
  const b4 = b2 * b2;
  return b4 * b4;
}

/**
 * Generates the tree; throws a RangeError when `count` is below MIN_ORGANISATIONS or too small for
 * the regions and ICBs asked for.
 */
export function generateOrganisationTree(
  count: number,
  seed: number,
  shape: TreeShape = {},
): OrganisationTree {
  if (!Number.isInteger(count) || count < MIN_ORGANISATIONS) {
    throw new RangeError(`a federation needs at least ${MIN_ORGANISATIONS} organisations, got ${count}`);
  }
  checkShape(count, shape);
  const rng = Prng.derive(seed, 'organisations');
  const codes = new OdsCodeAllocator(Prng.derive(seed, 'ods-codes'));
  const orgs: Organisation[] = [];
  const traits = new Map<string, OrganisationTraits>();
  const add = (o: Organisation, t: Partial<OrganisationTraits> = {}) => {
    orgs.push(o);
    traits.set(o.code, { region: t.region ?? 0, profile: t.profile ?? null, size: t.size ?? 1 });
  };
  const n = fixedCounts(count, shape);

  const root = codes.reserve('X26');
  add({ code: root, name: 'National Health Service', kind: 'national', parentCode: null });
  for (let r = 0; r < n.regions; r++) {
    const region = REGIONS[r]!;
    add(
      { code: codes.reserve(region.code), name: region.name, kind: 'region', parentCode: root },
      { region: r },
    );
  }

  // ICB areas are taken round-robin over the regions in use, borrowing when a region runs out.
  const unused = ICB_AREAS.map((areas) => areas.slice());
  const icbs: { code: string; region: number; weight: number; gpArea: string }[] = [];
  for (let k = 0; k < n.icbs; k++) {
    const r = k % n.regions;
    const list = unused[r]!.length > 0 ? unused[r]! : unused.find((l) => l.length > 0)!;
    const area = list.shift()!;
    const code = codes.next('icb');
    add(
      { code, name: `NHS ${area} Integrated Care Board`, kind: 'icb', parentCode: REGIONS[r]!.code },
      { region: r },
    );
    icbs.push({ code, region: r, weight: 0.5 + rng.next(), gpArea: codes.gpArea() });
  }
  const icbWeights = icbs.map((icb, i) => [i, icb.weight] as const);

  for (let i = 0; i < n.csus; i++) {
    add({ code: codes.next('csu'), name: CSU_NAMES[i]!, kind: 'csu', parentCode: root });
  }
  for (let i = 0; i < n.albs; i++) {
    const code = i === 0 ? codes.reserve('X24') : codes.next('alb');
    add({ code, name: ALB_NAMES[i]!, kind: 'alb', parentCode: root });
  }

  // Trusts: every ICB gets one before any gets a second.
  const trusts: { icb: number; profile: TrustProfile; size: number; sites: number }[] = [];
  for (let t = 0; t < n.trusts; t++) {
    const icb = t < icbs.length ? t : rng.weighted(icbWeights);
    const profile = rng.weighted(PROFILES);
    const size = logNormal(0.55 * rng.normal()) * PROFILE_SIZE[profile];
    const sites = clamp(Math.round(0.6 + 1.5 * size + 2 * rng.next()), 1, 6);
    trusts.push({ icb, profile, size, sites });
  }
  // Trim sites (largest first) when the federation is too small to hold them all.
  let budget = count - orgs.length - n.trusts;
  let siteTotal = trusts.reduce((s, t) => s + t.sites, 0);
  while (siteTotal > budget) {
    const biggest = trusts.reduce((a, b) => (b.sites > a.sites ? b : a));
    if (biggest.sites === 0) break;
    biggest.sites -= 1;
    siteTotal -= 1;
  }
  const trustNames = new Set<string>();
  for (const t of trusts) {
    const icb = icbs[t.icb]!;
    let name = trustName(rng, icb.region, t.profile);
    for (let attempt = 0; trustNames.has(name); attempt++) {
      name =
        attempt < 30
          ? trustName(rng, icb.region, t.profile)
          : `${name.replace(/ NHS.*$/, '')} Group NHS Trust`;
    }
    trustNames.add(name);
    const code = codes.next('trust');
    add(
      { code, name, kind: 'trust', parentCode: icb.code },
      { region: icb.region, profile: t.profile, size: t.size },
    );
    for (let s = 0; s < t.sites; s++) {
      add(
        {
          code: codes.reserve(`${code}${String(s + 1).padStart(2, '0')}`),
          name: siteName(rng, icb.region, t.profile, s),
          kind: 'site',
          parentCode: code,
        },
        { region: icb.region, profile: t.profile },
      );
    }
  }

  budget = count - orgs.length;
  const gps = Math.round(budget * 0.55);
  const pharmacies = Math.round(budget * 0.24);
  const careHomes = Math.round(budget * 0.19);
  const others = budget - gps - pharmacies - careHomes;
  const small: [OrganisationKind, number][] = [
    ['gp_practice', gps],
    ['pharmacy', pharmacies],
    ['social_care', careHomes],
    ['other', others],
  ];
  for (const [kind, total] of small) {
    for (let i = 0; i < total; i++) {
      const icb = icbs[rng.weighted(icbWeights)]!;
      const parentCode = icb.code;
      const region = icb.region;
      if (kind === 'gp_practice') {
        let code = codes.gpPractice(icb.gpArea);
        while (code === null) {
          icb.gpArea = codes.gpArea();
          code = codes.gpPractice(icb.gpArea);
        }
        add({ code, name: gpPracticeName(rng, region), kind, parentCode }, { region });
      } else if (kind === 'pharmacy') {
        add({ code: codes.next('pharmacy'), name: pharmacyName(rng, region), kind, parentCode }, { region });
      } else if (kind === 'social_care') {
        add({ code: codes.next('social_care'), name: careHomeName(rng), kind, parentCode }, { region });
      } else {
        add(
          { code: codes.next('other'), name: otherProviderName(rng, region), kind, parentCode },
          { region },
        );
      }
    }
  }
  return { organisations: orgs, traits };
}
