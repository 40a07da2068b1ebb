import { describe, expect, it } from 'vitest';
import { runSlice } from './ensemble.js';
import { rankLevers } from './lever-ranking.js';
import { WANNACRY_2017 } from './profile.js';
import { scenario } from './scenario.js';
import { NHS_2017, syntheticFederation } from './synthetic.js';

describe('lever ranking', () => {
  const fed = syntheticFederation({
    ...NHS_2017,
    trusts: 10,
    practices: 300,
    others: 0,
    exposedOrgShare: 0.3,
  });
  const base = scenario(WANNACRY_2017, { runs: 4, seed: 9 });
  const run = async (sc: typeof base) => runSlice(fed, sc, 0, sc.runs);

  it('ranks levers by infected organisations avoided against a coupled baseline', async () => {
    const ranking = await rankLevers(
      fed,
      base,
      [
        { kind: 'kill-switch', atHours: 100 }, // after the horizon: changes nothing
        { kind: 'patch', share: 1, atHours: 0, os: 'windows-7' },
        { kind: 'block', boundary: 'internet', atHours: 0 }, // every infection here comes in from the internet
      ],
      run,
    );
    expect(ranking.baseline.meanInfectedOrgs).toBeGreaterThan(10);
    expect(ranking.levers.map((l) => l.lever.kind)).toEqual(['block', 'patch', 'kill-switch']);
    expect(ranking.levers[0]?.infectedOrgsAvoided).toBe(ranking.baseline.meanInfectedOrgs);
    const noop = ranking.levers.find((l) => l.lever.kind === 'kill-switch');
    expect(noop?.infectedOrgsAvoided).toBe(0); // same seeds, nothing changed: exactly the baseline
    for (let i = 1; i < ranking.levers.length; i++)
      expect(ranking.levers[i - 1]?.infectedOrgsAvoided).toBeGreaterThanOrEqual(
        ranking.levers[i]?.infectedOrgsAvoided ?? 0,
      );
  });

  it('ranks boundary rules by the devices they protect, with a running share of the blast radius', async () => {
    const ranking = await rankLevers(fed, base, [], run, 10);
    expect(ranking.rules.length).toBeGreaterThan(0);
    const shares = ranking.rules.map((r) => r.cumulativeShare);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(shares.at(-1)).toBeLessThanOrEqual(1);
    const devices = ranking.rules.map((r) => r.devicesProtected);
    expect(devices).toEqual([...devices].sort((a, b) => b - a));
  });
});
