import { describe, expect, it } from 'vitest';
import { computeClosure, type PathStep } from './closure.js';
import { WormEngine } from './engine.js';
import { buildFederation, CLASS_COUNT, type Federation, ZONE, zoneCount } from './federation.js';
import { scenario } from './scenario.js';
import { certainWorm } from './test-profiles.test-helper.js';

const { INTERNET_IN, WAN_IN, ORG_IN, INTERNET_OUT, WAN_OUT, CLINICAL } = ZONE;
const w7 = (count: number, safety: 'none' | 'diagnostic' = 'none') => [
  { os: 'windows-7' as const, safety, count },
];

/** Three trusts and five practices with written-out reachability on 445. */
const fed = buildFederation({
  orgs: [
    {
      code: 'T1',
      kind: 'trust',
      zones: [
        { name: 'edge', flags: INTERNET_IN | WAN_OUT | ORG_IN, listeners: 20, susceptible: w7(20) },
        { name: 'office', flags: ORG_IN | WAN_OUT, listeners: 50, susceptible: w7(50) },
        { name: 'imaging', flags: ORG_IN | CLINICAL, listeners: 10, susceptible: w7(10, 'diagnostic') },
        { name: 'patched', flags: ORG_IN, listeners: 30 },
      ],
    },
    {
      code: 'T2',
      kind: 'trust',
      zones: [
        { flags: WAN_IN | ORG_IN, listeners: 5, susceptible: w7(5) },
        { name: 'closed', flags: 0, listeners: 40, susceptible: w7(40) },
      ],
    },
    { code: 'T3', kind: 'trust', zones: [{ flags: ORG_IN, listeners: 10, susceptible: w7(10) }] },
    {
      code: 'P1',
      kind: 'gp-practice',
      zones: [{ flags: WAN_IN | WAN_OUT | ORG_IN, listeners: 3, susceptible: w7(3) }],
    },
    {
      code: 'P2',
      kind: 'gp-practice',
      zones: [{ flags: WAN_OUT | ORG_IN, listeners: 5, susceptible: w7(5) }],
    },
    {
      code: 'P3',
      kind: 'gp-practice',
      zones: [{ flags: WAN_IN | WAN_OUT, listeners: 4, susceptible: [{ os: 'windows-xp', count: 4 }] }],
    },
    {
      code: 'P4',
      kind: 'gp-practice',
      zones: [{ flags: INTERNET_IN | INTERNET_OUT, listeners: 2, susceptible: w7(2) }],
    },
    { code: 'P5', kind: 'gp-practice', zones: [{ flags: WAN_IN, listeners: 6, susceptible: w7(6) }] },
  ],
  edges: [
    { from: 'T2/0', to: 'T2/1' },
    { from: 'P5/0', to: 'T3/0' },
  ],
});

const susceptibleIn = (z: number) =>
  fed.susceptible.slice(z * CLASS_COUNT, (z + 1) * CLASS_COUNT).reduce((a, b) => a + b, 0);

const zoneIndex = (code: string, i: number) => (fed.orgZoneStart[fed.orgCodes.indexOf(code)] as number) + i;

/** Is this hop allowed by the federation's reachability? */
function allowed(f: Federation, step: PathStep): boolean {
  const flags = (n: number) => f.zoneFlags[n] as number;
  if (step.via === 'seed') return step.from === 'seed';
  if (step.to === 'internet') return typeof step.from === 'number' && (flags(step.from) & INTERNET_OUT) !== 0;
  if (step.to === 'wan') return typeof step.from === 'number' && (flags(step.from) & WAN_OUT) !== 0;
  if (typeof step.to !== 'number') return false;
  if (step.via === 'internet') return step.from === 'internet' && (flags(step.to) & INTERNET_IN) !== 0;
  if (step.via === 'wan') return step.from === 'wan' && (flags(step.to) & WAN_IN) !== 0;
  if (typeof step.from !== 'number') return false;
  if (step.via === 'organisation')
    return f.zoneOrg[step.from] === f.zoneOrg[step.to] && (flags(step.to) & ORG_IN) !== 0;
  return [...f.edgeFrom].some((from, e) => from === step.from && f.edgeTo[e] === step.to);
}

describe('the deterministic closure on a hand-written federation', () => {
  const profile = certainWorm({ scanRatePerSecond: 50 });
  const closure = computeClosure(fed, profile, [{ kind: 'internet' }]);

  it('holds exactly the zones reachable through allowed edges that hold infectable hosts', () => {
    const expected = [
      ['T1', 0],
      ['T1', 1],
      ['T1', 2],
      ['T2', 0],
      ['T2', 1],
      ['T3', 0],
      ['P1', 0],
      ['P4', 0],
      ['P5', 0],
    ].map(([c, i]) => zoneIndex(c as string, i as number));
    const got = [...closure.zoneInfected.keys()].filter((z) => closure.zoneInfected[z] === 1);
    expect(got.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    expect(closure.zoneReached[zoneIndex('P3', 0)]).toBe(1); // reached, but XP only crashes
    expect(closure.zoneReached[zoneIndex('P2', 0)]).toBe(0);
    expect(closure.infectedOrgs).toBe(6); // T1, T2, T3, P1, P4, P5
  });

  it('reports for every organisation an entry path that is a chain of allowed edges', () => {
    for (let o = 0; o < fed.orgCodes.length; o++) {
      const path = closure.path(o);
      if (closure.orgEntryZone[o] === -1) {
        expect(path).toEqual([]);
        continue;
      }
      expect(path[0]?.from).toBe('seed');
      expect(path.at(-1)?.to).toBe(closure.orgEntryZone[o]);
      path.forEach((step, i) => {
        expect(allowed(fed, step), `${fed.orgCodes[o]} hop ${i}: ${JSON.stringify(step)}`).toBe(true);
        if (i > 0) expect(step.from).toBe(path[i - 1]?.to);
      });
    }
    expect(closure.path(fed.orgCodes.indexOf('T3')).map((s) => s.via)).toEqual([
      'seed',
      'internet',
      'wan',
      'wan',
      'edge',
    ]);
  });

  it('equals the final infected set of the stochastic engine with certain infection and a long horizon', () => {
    const engine = new WormEngine(fed, scenario(profile, { horizonHours: 24, runs: 5 }));
    for (let run = 0; run < 5; run++) {
      const r = engine.run(run);
      const infected = Array.from({ length: zoneCount(fed) }, (_, z) =>
        (r.zoneInfected[z] as number) > 0 ? 1 : 0,
      );
      expect(infected).toEqual([...closure.zoneInfected]);
      // Every susceptible host of an infected zone fell.
      for (let z = 0; z < zoneCount(fed); z++)
        if (closure.zoneInfected[z]) expect(r.zoneInfected[z]).toBe(susceptibleIn(z));
    }
  });

  it('follows blocked boundaries: denying 445 from the WAN keeps every WAN-only organisation out', () => {
    const blocked = computeClosure(
      fed,
      profile,
      [{ kind: 'internet' }],
      [{ kind: 'block', boundary: 'wan', atHours: 0 }],
    );
    expect(blocked.infectedOrgs).toBe(2); // T1 and P4, straight from the internet
    const engine = new WormEngine(
      fed,
      scenario(profile, { horizonHours: 24, levers: [{ kind: 'block', boundary: 'wan', atHours: 0 }] }),
    );
    const r = engine.run(0);
    expect([...r.orgFirstStep].map((s) => (s >= 0 ? 1 : 0))).toEqual(
      [...blocked.orgEntryZone].map((z) => (z >= 0 ? 1 : 0)),
    );
  });
});
