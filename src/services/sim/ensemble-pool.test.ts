import { describe, expect, it } from 'vitest';
import { summarise } from '../../domain/sim/ensemble.js';
import { WANNACRY_2017 } from '../../domain/sim/profile.js';
import { scenario } from '../../domain/sim/scenario.js';
import { NHS_2017, syntheticFederation } from '../../domain/sim/synthetic.js';
import { runEnsemble } from './ensemble-pool.js';

describe('the ensemble on worker threads', () => {
  it('gives the same result on two threads as in one', async () => {
    const fed = syntheticFederation({
      ...NHS_2017,
      trusts: 10,
      practices: 200,
      others: 5,
      exposedOrgShare: 0.3,
    });
    const sc = scenario(WANNACRY_2017, { runs: 6, seed: 5 });
    const threaded = summarise(await runEnsemble(fed, sc, { threads: 2 }), fed);
    const single = summarise(await runEnsemble(fed, sc, { threads: 1 }), fed);
    expect(threaded).toEqual(single);
    expect(threaded.runs).toBe(6);
    expect(threaded.infectedOrgsTotal.median).toBeGreaterThan(0);
  });
});
