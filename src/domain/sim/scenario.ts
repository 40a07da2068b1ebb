/**
 * A scenario: the profile, where the worm starts, how long to look, how many runs, the random seed,
 * and the levers defenders pull, each a timed event.
 */
import type { OrgKind } from './federation.js';
import type { OsClass, WormProfile } from './profile.js';

export type Seed =
  /** The global outbreak reaches the federation through internet-exposed zones. */
  | { readonly kind: 'internet' }
  /** One infected host appears in the organisation's most susceptible zone. */
  | { readonly kind: 'org'; readonly org: number }
  /** `hosts` infected hosts appear in a zone. */
  | { readonly kind: 'zone'; readonly zone: number; readonly hosts: number };

export type Boundary = 'internet' | 'wan' | 'clinical-office';

export type Lever =
  /** Patch a share of the still-susceptible devices (of one OS class, one kind of organisation) at `atHours`. */
  | {
      readonly kind: 'patch';
      readonly share: number;
      readonly atHours: number;
      readonly os?: OsClass;
      readonly orgKind?: OrgKind;
    }
  /** Disable SMBv1 on a share of devices at `atHours` (every OS class). */
  | { readonly kind: 'disable-smb1'; readonly share: number; readonly atHours: number }
  /** Deny 445 at a boundary from `atHours`, for every organisation or the ones listed. */
  | {
      readonly kind: 'block';
      readonly boundary: Boundary;
      readonly atHours: number;
      readonly orgs?: readonly number[];
    }
  /** Each organisation cuts itself off from the internet and the WAN this long after its first infection. */
  | { readonly kind: 'isolate'; readonly afterHours: number }
  /** The kill switch takes effect at this hour (earlier or later than the profile's). */
  | { readonly kind: 'kill-switch'; readonly atHours: number };

export interface Scenario {
  readonly profile: WormProfile;
  readonly seeds: readonly Seed[];
  readonly horizonHours: number;
  /** Minutes per step. */
  readonly stepMinutes: number;
  readonly runs: number;
  readonly seed: number;
  readonly levers: readonly Lever[];
}

export const DEFAULT_HORIZON_HOURS = 72;

export function scenario(profile: WormProfile, over: Partial<Omit<Scenario, 'profile'>> = {}): Scenario {
  return {
    profile,
    seeds: over.seeds ?? [{ kind: 'internet' }],
    horizonHours: over.horizonHours ?? DEFAULT_HORIZON_HOURS,
    stepMinutes: over.stepMinutes ?? 1,
    runs: over.runs ?? 200,
    seed: over.seed ?? 1,
    levers: over.levers ?? [],
  };
}

/** Checks a scenario's numbers; returns the problems found (empty when it is sound). */
export function scenarioProblems(s: Scenario, orgs: number, zones: number): string[] {
  const out: string[] = [];
  if (!(s.horizonHours > 0 && s.horizonHours <= 24 * 30)) out.push('horizon must be between 0 and 720 hours');
  if (!(s.stepMinutes > 0 && s.stepMinutes <= 60)) out.push('step must be between 0 and 60 minutes');
  if (!(Number.isInteger(s.runs) && s.runs >= 1 && s.runs <= 10_000))
    out.push('runs must be a whole number from 1 to 10000');
  for (const seed of s.seeds) {
    if (seed.kind === 'org' && !(seed.org >= 0 && seed.org < orgs))
      out.push(`seed organisation ${seed.org} is unknown`);
    if (seed.kind === 'zone' && !(seed.zone >= 0 && seed.zone < zones))
      out.push(`seed zone ${seed.zone} is unknown`);
  }
  for (const lever of s.levers) {
    if ((lever.kind === 'patch' || lever.kind === 'disable-smb1') && !(lever.share >= 0 && lever.share <= 1))
      out.push(`${lever.kind} share must be between 0 and 1`);
  }
  return out;
}
