import { describe, expect, it } from 'vitest';
import { computeClosure } from './closure.js';
import { runSlice, summarise } from './ensemble.js';
import { buildFederation, ZONE } from './federation.js';
import { scenario } from './scenario.js';
import { certainWorm } from './test-profiles.test-helper.js';

const OPEN = ZONE.ORG_IN | ZONE.INTERNET_OUT | ZONE.WAN_OUT;

/**
 * A trust the worm starts in, whose PAS two practices use, and whose pathology system a third
 * uses; one of the PAS users is reachable on 445 from the WAN and falls itself.
 */
const fed = buildFederation({
  orgs: [
    {
      code: 'TRUST',
      kind: 'trust',
      zones: [{ flags: OPEN, listeners: 10, susceptible: [{ os: 'windows-7', count: 10 }] }],
    },
    { code: 'SAFE', kind: 'gp-practice', zones: [{ flags: OPEN, listeners: 5 }] },
    {
      code: 'FALLS',
      kind: 'gp-practice',
      zones: [{ flags: OPEN | ZONE.WAN_IN, listeners: 5, susceptible: [{ os: 'windows-7', count: 5 }] }],
    },
    { code: 'LAB', kind: 'other', zones: [{ flags: OPEN, listeners: 5 }] },
    { code: 'ALONE', kind: 'gp-practice', zones: [{ flags: OPEN, listeners: 5 }] },
  ],
  services: [
    { provider: 'TRUST', consumer: 'SAFE', name: 'PAS' },
    { provider: 'TRUST', consumer: 'FALLS', name: 'PAS' },
    { provider: 'TRUST', consumer: 'LAB', name: 'pathology' },
    { provider: 'ALONE', consumer: 'SAFE', name: 'network' },
  ],
});

describe('disruption through shared services', () => {
  const sc = scenario(certainWorm({ addressSpace: 1000 }), {
    seeds: [{ kind: 'org', org: 0 }],
    runs: 4,
    horizonHours: 24,
  });
  const s = summarise(runSlice(fed, sc, 0, 4), fed);
  const org = (code: string) => s.orgs.find((o) => o.code === code);

  it('names the provider whose fall disrupted each consumer, the service lost and when it fell', () => {
    expect(org('SAFE')?.disruptedBy).toEqual([{ provider: 'TRUST', service: 'PAS', p: 1, expectedHour: 0 }]);
    expect(org('SAFE')?.pDisrupted).toBe(1);
    expect(org('LAB')?.disruptedBy).toEqual([
      { provider: 'TRUST', service: 'pathology', p: 1, expectedHour: 0 },
    ]);
    expect(s.disruptedOrgs.median).toBe(2);
  });

  it('counts an organisation that is infected itself as infected, not disrupted', () => {
    expect(org('FALLS')?.pInfectedBy[24]).toBe(1);
    expect(org('FALLS')?.pDisrupted).toBe(0);
    expect(org('FALLS')?.disruptedBy).toEqual([]);
  });

  it('does not disrupt the users of a provider the worm never reaches', () => {
    expect(org('ALONE')).toBeUndefined();
    expect(org('SAFE')?.disruptedBy.map((d) => d.provider)).not.toContain('ALONE');
  });

  it('counts the same organisations disrupted in the deterministic worst case', () => {
    // SAFE and LAB are disrupted; FALLS is reached itself; ALONE's provider is never reached.
    expect(computeClosure(fed, sc.profile, sc.seeds).disruptedOrgs).toBe(2);
  });
});
