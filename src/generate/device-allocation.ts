/**
 * Shares the federation's devices out between organisations: GP practices get 5–50, pharmacies
 * 2–8, care homes 1–6, national and regional bodies a few hundred to a few thousand, sites none,
 * and trusts the rest in proportion to their size (thousands each at national scale). When the
 * total is too small for that, the small organisations are scaled down so that trusts keep at least
 * 60% of devices. The counts always add up to exactly the requested total.
 */

import type { OrganisationTraits } from './organisation.generator.js';
import type { Organisation, OrganisationKind } from './organisation.js';
import type { Prng } from './prng.js';

const RANGES: Partial<Record<OrganisationKind, readonly [number, number]>> = {
  national: [400, 900],
  region: [40, 150],
  icb: [150, 600],
  csu: [800, 2500],
  alb: [300, 3000],
  gp_practice: [5, 50],
  pharmacy: [2, 8],
  social_care: [1, 6],
  other: [3, 40],
};

/** Share of devices trusts keep at least, however many small organisations there are. */
const TRUST_FLOOR = 0.6;

function smallCount(rng: Prng, [lo, hi]: readonly [number, number]): number {
  // Triangular: most practices are mid-sized, a few are very small or very large.
  return Math.round(lo + (hi - lo) * ((rng.next() + rng.next()) / 2));
}

/** Device counts by organisation code (organisations without devices are absent). */
export function allocateDevices(
  orgs: readonly Organisation[],
  traits: ReadonlyMap<string, OrganisationTraits>,
  total: number,
  rng: Prng,
): Map<string, number> {
  const counts = new Map<string, number>();
  let small = 0;
  for (const o of orgs) {
    const range = RANGES[o.kind];
    if (!range) continue;
    const n = smallCount(rng, range);
    counts.set(o.code, n);
    small += n;
  }
  const room = Math.floor(total * (1 - TRUST_FLOOR));
  if (small > room) {
    const f = room / small;
    small = 0;
    for (const [code, n] of counts) {
      const scaled = Math.floor(n * f);
      counts.set(code, scaled);
      small += scaled;
    }
  }
  const trusts = orgs.filter((o) => o.kind === 'trust');
  const weights = trusts.map((t) => traits.get(t.code)?.size ?? 1);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const forTrusts = total - small;
  // Largest-remainder apportionment keeps the sum exact.
  const shares = weights.map((w) => (forTrusts * w) / weightSum);
  const floors = shares.map(Math.floor);
  let left = forTrusts - floors.reduce((s, n) => s + n, 0);
  const order = shares
    .map((s, i) => [s - Math.floor(s), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] as number) + 1;
    left--;
  }
  trusts.forEach((t, i) => {
    counts.set(t.code, floors[i] as number);
  });
  for (const [code, n] of counts) if (n === 0) counts.delete(code);
  return counts;
}
