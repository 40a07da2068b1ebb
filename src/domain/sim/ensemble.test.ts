import { describe, expect, it } from 'vitest';
import { mergeAccumulators, runSlice, summarise } from './ensemble.js';
import { WANNACRY_2017 } from './profile.js';
import { scenario } from './scenario.js';
import { NHS_2017, syntheticFederation } from './synthetic.js';

const small = syntheticFederation({
  ...NHS_2017,
  trusts: 12,
  practices: 300,
  others: 10,
  exposedOrgShare: 0.3,
});

describe('worm ensembles', () => {
  it('gives identical output for the same inputs and seed, and different output for another seed', () => {
    const sc = scenario(WANNACRY_2017, { runs: 4, seed: 7 });
    const a = summarise(runSlice(small, sc, 0, 4), small);
    const b = summarise(runSlice(small, sc, 0, 4), small);
    expect(b).toEqual(a);
    expect(a.infectedOrgsTotal.median).toBeGreaterThan(0);
    const c = summarise(runSlice(small, { ...sc, seed: 8 }, 0, 4), small);
    expect(c.hourly).not.toEqual(a.hourly);
  });

  it('does not depend on how the runs are split between threads', () => {
    const sc = scenario(WANNACRY_2017, { runs: 6, seed: 3 });
    const whole = summarise(runSlice(small, sc, 0, 6), small);
    const parts = summarise(mergeAccumulators([runSlice(small, sc, 4, 6), runSlice(small, sc, 0, 4)]), small);
    expect(parts).toEqual(whole);
  });

  it('reports per organisation probabilities that agree with the time course', () => {
    const sc = scenario(WANNACRY_2017, { runs: 5, seed: 11 });
    const s = summarise(runSlice(small, sc, 0, 5), small);
    const at72 = s.checkpoints.find((c) => c.hour === 72);
    const expectedOrgs = s.orgs.reduce((n, o) => n + (o.pInfectedBy[72] ?? 0), 0);
    const meanOrgs =
      (at72?.infectedOrgs.trust.mean ?? 0) +
      (at72?.infectedOrgs['gp-practice'].mean ?? 0) +
      (at72?.infectedOrgs.other.mean ?? 0);
    expect(expectedOrgs).toBeCloseTo(meanOrgs, 6);
    for (const o of s.orgs) {
      expect(o.pInfectedBy[6] ?? 0).toBeLessThanOrEqual(o.pInfectedBy[24] ?? 0);
      expect(o.pInfectedBy[24] ?? 0).toBeLessThanOrEqual(o.pInfectedBy[72] ?? 0);
    }
  });
});

describe('the NAO firewall counterfactual on a 2017-shaped federation', () => {
  // "Whether organisations had patched their systems or not, taking action to manage their firewalls
  // facing the internet would have guarded the organisations against infection." (NAO, 2017)
  const fed = syntheticFederation(NHS_2017);
  for (const patched of [0, 0.5, 0.9]) {
    it(`denying 445 from the internet and the WAN gives a median of 0 infected organisations with ${patched * 100} % patched`, () => {
      const levers = [
        { kind: 'patch' as const, share: patched, atHours: 0 },
        { kind: 'block' as const, boundary: 'internet' as const, atHours: 0 },
        { kind: 'block' as const, boundary: 'wan' as const, atHours: 0 },
      ];
      const open = summarise(
        runSlice(fed, scenario(WANNACRY_2017, { runs: 3, levers: levers.slice(0, 1) }), 0, 3),
        fed,
      );
      expect(open.infectedOrgsTotal.median).toBeGreaterThan(0);
      const closed = summarise(runSlice(fed, scenario(WANNACRY_2017, { runs: 10, levers }), 0, 10), fed);
      expect(closed.infectedOrgsTotal.median).toBe(0);
    });
  }
});
