import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTRY_KINDS as ENTRY } from './engine.js';
import { type Accumulator, runSlice } from './ensemble.js';
import { buildFederation, type OrgInput } from './federation.js';
import { WANNACRY_2017 } from './profile.js';
import { type Lever, scenario } from './scenario.js';

const RUNS = 24;

/** Random small federations: a few organisations, a few zones each, random exposure and estate. */
const federations = fc
  .array(
    fc.record({
      kind: fc.constantFrom('trust' as const, 'gp-practice' as const),
      zones: fc.array(
        fc.record({
          flags: fc.integer({ min: 0, max: 127 }),
          win7: fc.integer({ min: 0, max: 40 }),
          xp: fc.integer({ min: 0, max: 5 }),
          patched: fc.integer({ min: 0, max: 20 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
    { minLength: 2, maxLength: 8 },
  )
  .map((orgs) =>
    buildFederation({
      orgs: orgs.map(
        (o, i): OrgInput => ({
          code: `O${i}`,
          kind: o.kind,
          zones: o.zones.map((z) => ({
            flags: z.flags,
            listeners: z.win7 + z.xp + z.patched,
            susceptible: [
              { os: 'windows-7', count: z.win7 },
              { os: 'windows-xp', count: z.xp },
            ],
          })),
        }),
      ),
    }),
  );

// A fast worm over a small address space, so small federations see real spread within 12 hours.
const profile = { ...WANNACRY_2017, addressSpace: 2 ** 20, killSwitchHours: 3 };

function meanAndSe(acc: Accumulator, other: Accumulator): { diff: number; se: number } {
  const d = acc.runs.map(
    (r, i) => (r.infected.at(-1) as number) - (other.runs[i]?.infected.at(-1) as number),
  );
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, d.length - 1);
  return { diff: mean, se: Math.sqrt(variance / d.length) };
}

function run(fed: ReturnType<typeof buildFederation>, levers: Lever[], seed: number, killSwitchHours = 3) {
  const sc = scenario(
    { ...profile, killSwitchHours },
    { horizonHours: 12, runs: RUNS, seed, levers, seeds: [{ kind: 'internet' }] },
  );
  return runSlice(fed, sc, 0, RUNS);
}

/** "Never raises expected infections beyond Monte Carlo error": at most 3 standard errors of the paired difference, plus one device. */
function expectNoMore(more: Accumulator, base: Accumulator): void {
  const { diff, se } = meanAndSe(more, base);
  expect(diff).toBeLessThanOrEqual(3 * se + 1);
}

describe('levers never make things worse (runs coupled by seed)', () => {
  it('more patching never raises expected infections', () => {
    fc.assert(
      fc.property(
        federations,
        fc.integer(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (fed, seed, share) => {
          const base = run(fed, [{ kind: 'patch', share: share / 2, atHours: 0 }], seed);
          const more = run(fed, [{ kind: 'patch', share, atHours: 0 }], seed);
          expectNoMore(more, base);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('blocking a boundary never raises expected infections, and a blocked edge carries no infections', () => {
    const boundaries = fc.constantFrom('internet' as const, 'wan' as const, 'clinical-office' as const);
    fc.assert(
      fc.property(federations, fc.integer(), boundaries, (fed, seed, boundary) => {
        const base = run(fed, [], seed);
        const blocked = run(fed, [{ kind: 'block', boundary, atHours: 0 }], seed);
        expectNoMore(blocked, base);
        if (boundary === 'clinical-office') return;
        const entry = boundary === 'internet' ? 'internet' : 'wan';
        const sc = scenario(profile, {
          horizonHours: 12,
          seed,
          levers: [{ kind: 'block', boundary, atHours: 0 }],
        });
        expect(
          runSlice(fed, sc, 0, RUNS).entryCounts.some((n, i) => n > 0 && ENTRY[i % ENTRY.length] === entry),
        ).toBe(false);
      }),
      { numRuns: 15 },
    );
  });

  it('an earlier kill switch never raises expected infections', () => {
    fc.assert(
      fc.property(federations, fc.integer(), (fed, seed) => {
        const late = run(fed, [], seed, 6);
        const early = run(fed, [], seed, 1);
        expectNoMore(early, late);
      }),
      { numRuns: 15 },
    );
  });
});
