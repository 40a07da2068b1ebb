import { describe, expect, it } from 'vitest';
import { runSlice } from './ensemble.js';
import { buildFederation, ZONE } from './federation.js';
import { scenario } from './scenario.js';
import { certainWorm } from './test-profiles.test-helper.js';

/**
 * Random constant spread (Staniford, Paxson & Weaver 2002): one homogeneous population under random
 * scanning follows i(t) = i0·e^{Kt} / (1 − i0 + i0·e^{Kt}) with K = η·N/Ω.
 */
describe('one homogeneous zone under random scanning', () => {
  it('follows the random-constant-spread logistic within 2 % of the population at every hour', () => {
    const N = 5000;
    const I0 = 50;
    const K = 1.8; // per hour, Code Red's fitted value
    const profile = certainWorm({
      sweepOnHit: false, // each probe that finds a listener attacks that host only
      lanSweepMinutes: null,
      addressSpace: 2 ** 32,
      scanRatePerSecond: (K * 2 ** 32) / (3600 * (N + I0)),
    });
    const fed = buildFederation({
      orgs: [
        {
          code: 'T1',
          kind: 'trust',
          zones: [{ flags: ZONE.ORG_IN, listeners: N + I0, susceptible: [{ os: 'windows-7', count: N }] }],
        },
      ],
    });
    const runs = 200;
    const sc = scenario(profile, {
      seeds: [{ kind: 'zone', zone: 0, hosts: I0 }],
      horizonHours: 6,
      stepMinutes: 0.5,
      runs,
      seed: 14,
    });
    const acc = runSlice(fed, sc, 0, runs);
    const i0 = I0 / (N + I0);
    for (let h = 0; h <= 6; h++) {
      const mean = acc.runs.reduce((s, r) => s + (r.infected[h] as number), 0) / runs / (N + I0);
      const e = Math.exp(K * h);
      const logistic = (i0 * e) / (1 - i0 + i0 * e);
      expect(Math.abs(mean - logistic), `hour ${h}: simulated ${mean}, logistic ${logistic}`).toBeLessThan(
        0.02,
      );
    }
  });
});
