/**
 * Levers ranked against the baseline: each lever is run alone on top of the scenario with the same
 * seeds (runs coupled), and scored by the fall in infected organisations and in clinical devices
 * down. Boundary rules per organisation are ranked from the baseline's entry paths (a first-order
 * estimate: the devices an organisation loses when the worm enters it that way).
 */
import { ENTRY_KINDS } from './engine.js';
import { type Accumulator, clinicalHit, infectedOrgsAtEnd } from './ensemble.js';
import { type Federation, orgCount } from './federation.js';
import type { Lever, Scenario } from './scenario.js';

export interface LeverScore {
  readonly lever: Lever;
  readonly meanInfectedOrgs: number;
  readonly meanClinicalDown: number;
  /** Baseline minus with-lever: positive is better. */
  readonly infectedOrgsAvoided: number;
  readonly clinicalDownAvoided: number;
}

export interface RuleScore {
  readonly org: number;
  readonly code: string;
  readonly boundary: 'internet' | 'wan';
  /** Expected devices infected or crashed in that organisation after an entry across that boundary. */
  readonly devicesProtected: number;
  /** Running share of the baseline's expected devices hit covered by this rule and those above it. */
  readonly cumulativeShare: number;
}

export interface LeverRanking {
  readonly baseline: { readonly meanInfectedOrgs: number; readonly meanClinicalDown: number };
  readonly levers: readonly LeverScore[];
  readonly rules: readonly RuleScore[];
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

function outcome(acc: Accumulator) {
  return {
    meanInfectedOrgs: mean(acc.runs.map((r) => infectedOrgsAtEnd(acc, r))),
    meanClinicalDown: mean(acc.runs.map((r) => clinicalHit(r))),
  };
}

export async function rankLevers(
  fed: Federation,
  base: Scenario,
  candidates: readonly Lever[],
  runEnsemble: (sc: Scenario) => Promise<Accumulator>,
  maxRules = 20,
): Promise<LeverRanking> {
  const baseAcc = await runEnsemble(base);
  const baseline = outcome(baseAcc);
  const levers: LeverScore[] = [];
  for (const lever of candidates) {
    const o = outcome(await runEnsemble({ ...base, levers: [...base.levers, lever] }));
    levers.push({
      lever,
      ...o,
      infectedOrgsAvoided: baseline.meanInfectedOrgs - o.meanInfectedOrgs,
      clinicalDownAvoided: baseline.meanClinicalDown - o.meanClinicalDown,
    });
  }
  levers.sort(
    (a, b) => b.infectedOrgsAvoided - a.infectedOrgsAvoided || b.clinicalDownAvoided - a.clinicalDownAvoided,
  );
  return { baseline, levers, rules: rankRules(fed, baseAcc, maxRules) };
}

/** The boundary rules ("deny 445 from the internet into X") that buy the most, from the baseline alone. */
export function rankRules(fed: Federation, acc: Accumulator, max: number): RuleScore[] {
  const O = orgCount(fed);
  const runs = acc.runs.length;
  const E = ENTRY_KINDS.length;
  const rules: Omit<RuleScore, 'cumulativeShare'>[] = [];
  let total = 0;
  for (let o = 0; o < O; o++) {
    const ever = acc.everInfected[o] as number;
    const devices = (acc.devicesSum[o] as number) / runs;
    total += devices;
    if (ever === 0) continue;
    for (const boundary of ['internet', 'wan'] as const) {
      const n = acc.entryCounts[o * E + ENTRY_KINDS.indexOf(boundary)] as number;
      if (n > 0)
        rules.push({
          org: o,
          code: fed.orgCodes[o] as string,
          boundary,
          devicesProtected: (devices * n) / ever,
        });
    }
  }
  rules.sort((a, b) => b.devicesProtected - a.devicesProtected || a.org - b.org);
  let running = 0;
  return rules.slice(0, max).map((r) => {
    running += r.devicesProtected;
    return { ...r, cumulativeShare: total === 0 ? 0 : running / total };
  });
}
