/**
 * Runs a worm scenario on the federation as Ward knows it: takes the snapshot, computes the
 * deterministic closure, runs the Monte Carlo ensemble on worker threads, and returns what the
 * caller may see — per-organisation outcomes only for organisations in the caller's scope, and the
 * federation-wide time course only to callers with national scope.
 */
import type { Database } from '../../db/connect.js';
import { listAllOrganisations } from '../../db/repositories/organisation.repository.js';
import {
  findSimulationRun,
  insertSimulationRun,
  listSimulationOrgResults,
  listSimulationRuns,
} from '../../db/repositories/simulation-run.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { computeClosure, type PathStep } from '../../domain/sim/closure.js';
import { type EnsembleSummary, type OrgOutcome, summarise } from '../../domain/sim/ensemble.js';
import { ORG_KINDS, type OrgKind } from '../../domain/sim/federation.js';
import { type LeverRanking, rankLevers } from '../../domain/sim/lever-ranking.js';
import { DEFAULT_PRIORS, type Priors } from '../../domain/sim/priors.js';
import { PROFILES } from '../../domain/sim/profile.js';
import { type Lever, type Seed, scenario, scenarioProblems } from '../../domain/sim/scenario.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { permittedOrgIds, requireNational } from '../access/access.service.js';
import { runEnsemble } from './ensemble-pool.js';
import { type InternetExposureSource, takeSnapshot } from './federation-snapshot.service.js';

export interface WormRequest {
  readonly profile: string;
  /** Organisation codes the worm starts in; none: the internet seeds it. */
  readonly seedOrgs: readonly string[];
  readonly runs: number;
  readonly seed: number;
  readonly horizonHours: number;
  readonly levers: readonly Lever[];
  readonly priors?: Priors;
  readonly threads?: number;
  /** Also rank the default levers against this scenario (national scope; stored with the run). */
  readonly rankLevers?: boolean;
}

export const WORM_PHASES = ['queued', 'snapshot', 'simulating', 'storing', 'done'] as const;
export type WormPhase = (typeof WORM_PHASES)[number];

/** How far a run has got: its phase and the Monte Carlo runs finished (lever runs included). */
export interface WormProgress {
  readonly phase: WormPhase;
  readonly runsDone: number;
  readonly runsTotal: number;
}

/** One lever's effect, federation-wide, as stored with a run. */
export type RankedLever = LeverRanking['levers'][number];

export interface OrgBlastRadius extends Omit<OrgOutcome, 'org' | 'entryZone'> {
  /** In the deterministic worst case, can the worm reach it at all? */
  readonly reachable: boolean;
  /** Its entry path in the worst case, hop by hop (zones named ORG/zone). */
  readonly worstCasePath: readonly string[];
  /** Where its internet reachability on SMB came from (absent from runs stored before outside scans were read). */
  readonly internetExposure?: InternetExposureSource;
}

/** Which organisations' internet reachability on SMB rested on outside scans, network files, priors. */
export interface InternetExposureSummary {
  /** ODS codes of the organisations an outside scan saw with port 445 open. */
  readonly observedOpen: readonly string[];
  /** ODS codes of those a recent scan covered and saw no port 445 open on. */
  readonly observedClosed: readonly string[];
  /** Organisations whose network file decided it. */
  readonly declared: number;
  /** Organisations whose kind's priors decided it. */
  readonly assumed: number;
}

export interface WormReport {
  readonly id: string;
  readonly createdAt: string;
  readonly provenance: {
    readonly profile: string;
    readonly profileVersion: string;
    readonly snapshot: string;
    readonly seed: number;
    readonly runs: number;
    readonly horizonHours: number;
    readonly levers: readonly Lever[];
    readonly seeds: readonly string[];
  };
  readonly federation: { readonly orgs: number; readonly zones: number; readonly devices: number };
  /** Share of infected devices in zones whose data rests on priors. */
  readonly priorShare: number;
  /** Federation-wide results: national scope only (null otherwise). */
  readonly national: {
    readonly worstCase: {
      readonly orgs: number;
      readonly zones: number;
      readonly devicesAtRisk: number;
      /** Absent from runs stored before shared services were read from data. */
      readonly disruptedOrgs?: number;
    };
    readonly summary: Omit<EnsembleSummary, 'orgs'>;
    /** The default levers ranked against this scenario, when asked for (best first). */
    readonly levers?: readonly RankedLever[];
    /** Absent from runs stored before outside scans were read. */
    readonly internetExposure?: InternetExposureSummary;
  } | null;
  readonly orgs: readonly OrgBlastRadius[];
}

function describePath(steps: readonly PathStep[], zoneNames: readonly string[]): string[] {
  return steps.map((s) => {
    const name = (n: PathStep['to']) => (typeof n === 'number' ? (zoneNames[n] ?? String(n)) : n);
    return `${name(s.from)} → ${name(s.to)} (${s.via})`;
  });
}

/** The snapshot and the checked scenario for a request (seeds must be organisations the caller can see). */
async function prepare(database: Database, actor: Actor, req: WormRequest) {
  const profile = PROFILES[req.profile];
  if (!profile)
    throw new NotFoundError(`no worm profile ${req.profile} (known: ${Object.keys(PROFILES).join(', ')})`);
  const all = await listAllOrganisations(database.db);
  const permitted = await permittedOrgIds(database.db, actor, 'read', new Set(all.map((o) => o.id)));
  const snap = await takeSnapshot(database, profile, req.priors ?? DEFAULT_PRIORS, req.seed);
  const fed = snap.federation;
  const indexOfCode = new Map(fed.orgCodes.map((c, i) => [c, i]));
  const problems: string[] = [];
  const seeds: Seed[] = [];
  for (const code of req.seedOrgs) {
    const org = all.find((o) => o.code === code.toUpperCase());
    const index = org ? indexOfCode.get(org.code) : undefined;
    if (!org || !permitted.has(org.id)) problems.push(`no organisation ${code.toUpperCase()}`);
    else if (index === undefined) problems.push(`${org.code} has no devices in the inventory`);
    else seeds.push({ kind: 'org', org: index });
  }
  if (req.seedOrgs.length === 0) seeds.push({ kind: 'internet' });
  const sc = scenario(profile, {
    seeds,
    runs: req.runs,
    seed: req.seed,
    horizonHours: req.horizonHours,
    levers: req.levers,
  });
  problems.push(...scenarioProblems(sc, fed.orgCodes.length, fed.zoneOrg.length));
  if (problems.length > 0)
    throw new InvalidInputError(
      'the scenario cannot run',
      problems.map((reason) => ({ file: 'scenario', line: 0, reason })),
    );
  return { profile, snap, fed, sc, seeds };
}

/** Ranking levers is a federation-wide question: national scope only. */
export function requireNationalIfRanking(actor: Actor, req: { readonly rankLevers?: boolean }): void {
  if (req.rankLevers) requireNational(actor, 'read', 'rank levers across the federation');
}

/** Runs needed for a request: the scenario, and each default lever again when ranking. */
export const runsTotal = (req: Pick<WormRequest, 'runs' | 'rankLevers'>) =>
  req.runs * (req.rankLevers ? 1 + DEFAULT_CANDIDATES.length : 1);

export async function simulateWorm(
  database: Database,
  actor: Actor,
  req: WormRequest,
  progress: (p: WormProgress) => void = () => {},
): Promise<WormReport> {
  requireNationalIfRanking(actor, req);
  const total = runsTotal(req);
  progress({ phase: 'snapshot', runsDone: 0, runsTotal: total });
  const { profile, snap, fed, sc, seeds } = await prepare(database, actor, req);
  const closure = computeClosure(fed, profile, seeds, req.levers);
  let finished = 0;
  const ensemble = async (s: typeof sc) => {
    const before = finished;
    const acc = await runEnsemble(fed, s, {
      threads: req.threads,
      onRunsDone: (n) => progress({ phase: 'simulating', runsDone: before + n, runsTotal: total }),
    });
    finished = before + s.runs;
    return acc;
  };
  progress({ phase: 'simulating', runsDone: 0, runsTotal: total });
  const baseAcc = await ensemble(sc);
  const summary = summarise(baseAcc, fed);
  const ranking = req.rankLevers
    ? await rankLevers(fed, sc, DEFAULT_CANDIDATES, (s) =>
        s === sc ? Promise.resolve(baseAcc) : ensemble(s),
      )
    : null;
  progress({ phase: 'storing', runsDone: total, runsTotal: total });
  const { orgs, ...totals } = summary;
  const reachableOnly = [...closure.orgEntryZone.keys()].filter(
    (o) => closure.orgEntryZone[o] !== -1 && !orgs.some((x) => x.org === o),
  );
  const allOrgs: Array<{ orgId: string; result: OrgBlastRadius & { rank: number } }> = [
    ...orgs.map(({ org, entryZone: _z, ...o }) => ({
      orgId: snap.orgIds[org] as string,
      result: {
        ...o,
        internetExposure: snap.internetExposure[org] as InternetExposureSource,
        reachable: closure.orgEntryZone[org] !== -1,
        worstCasePath: describePath(closure.path(org), snap.zoneNames),
      },
    })),
    ...reachableOnly.map((o) => ({
      orgId: snap.orgIds[o] as string,
      result: {
        code: fed.orgCodes[o] as string,
        kind: ORG_KINDS[fed.orgKind[o] as number] as OrgKind,
        pInfectedBy: {},
        expectedFirstHour: null,
        expectedDevices: 0,
        likelyEntry: 'none' as const,
        pDisrupted: 0,
        disruptedBy: [],
        reachable: true,
        worstCasePath: describePath(closure.path(o), snap.zoneNames),
        internetExposure: snap.internetExposure[o] as InternetExposureSource,
      },
    })),
  ].map((r, rank) => ({ orgId: r.orgId, result: { ...r.result, rank } }));
  const stored: StoredSummary = {
    provenance: {
      profile: profile.id,
      profileVersion: profile.version,
      snapshot: snap.hash,
      seed: req.seed,
      runs: req.runs,
      horizonHours: req.horizonHours,
      levers: req.levers,
      seeds: req.seedOrgs.length === 0 ? ['internet'] : req.seedOrgs.map((c) => c.toUpperCase()),
    },
    federation: { orgs: fed.orgCodes.length, zones: fed.zoneOrg.length, devices: snap.devices },
    priorShare: summary.priorShare,
    national: {
      worstCase: {
        orgs: closure.infectedOrgs,
        zones: closure.infectedZones,
        devicesAtRisk: closure.devicesAtRisk,
        disruptedOrgs: closure.disruptedOrgs,
      },
      summary: totals,
      ...(ranking ? { levers: ranking.levers } : {}),
      internetExposure: internetExposureSummary(fed.orgCodes, snap.internetExposure),
    },
  };
  const id = await database.db.transaction().execute((trx) =>
    insertSimulationRun(
      trx,
      {
        actor: actor.label,
        profile: profile.id,
        profileVersion: profile.version,
        snapshot: snap.hash,
        seed: req.seed,
        runs: req.runs,
        horizonHours: req.horizonHours,
        scenario: stored.provenance,
        summary: stored,
      },
      allOrgs,
    ),
  );
  return showWormRun(database, actor, id);
}

type StoredSummary = Omit<WormReport, 'id' | 'createdAt' | 'orgs'>;

function internetExposureSummary(
  codes: readonly string[],
  sources: readonly InternetExposureSource[],
): InternetExposureSummary {
  const of = (source: InternetExposureSource) => codes.filter((_, i) => sources[i] === source);
  return {
    observedOpen: of('observed-open'),
    observedClosed: of('observed-closed'),
    declared: of('declared').length,
    assumed: of('assumed').length,
  };
}

/** A stored run as this caller may see it: its own organisations, the federation only with national scope. */
export async function showWormRun(database: Database, actor: Actor, id: string): Promise<WormReport> {
  const run = /^[0-9a-f-]{36}$/i.test(id) ? await findSimulationRun(database.db, id) : undefined;
  if (!run) throw new NotFoundError(`no simulation run ${id}`);
  const all = await listAllOrganisations(database.db);
  const permitted = await permittedOrgIds(database.db, actor, 'read', new Set(all.map((o) => o.id)));
  const rows = await listSimulationOrgResults(database.db, run.id, [...permitted]);
  const orgs = rows
    .map((r) => r.result as OrgBlastRadius & { rank: number })
    .sort((a, b) => a.rank - b.rank)
    // Runs stored before shared services were read from data carry no disruption sources.
    .map(({ rank: _rank, ...o }) => ({ ...o, disruptedBy: o.disruptedBy ?? [] }));
  const summary = run.summary as StoredSummary;
  return {
    id: run.id,
    createdAt: run.created_at.toISOString(),
    ...summary,
    national: scopeFor(actor, 'read').all ? summary.national : null,
    orgs,
  };
}

export interface WormRunListing {
  readonly id: string;
  readonly createdAt: string;
  readonly actor: string;
  readonly profile: string;
  readonly seed: number;
  readonly runs: number;
  readonly horizonHours: number;
  readonly snapshot: string;
}

/** Recent runs (their scenarios, not their results: anyone who may read may list them). */
export async function listWormRuns(database: Database, limit = 50): Promise<WormRunListing[]> {
  return (await listSimulationRuns(database.db, limit)).map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    actor: r.actor,
    profile: r.profile,
    seed: r.seed,
    runs: r.runs,
    horizonHours: r.horizon_hours,
    snapshot: r.snapshot,
  }));
}

/** The levers tried by default when ranking: each boundary, two patch levels, SMBv1 off, isolation. */
export const DEFAULT_CANDIDATES: readonly Lever[] = [
  { kind: 'block', boundary: 'internet', atHours: 0 },
  { kind: 'block', boundary: 'wan', atHours: 0 },
  { kind: 'block', boundary: 'clinical-office', atHours: 0 },
  { kind: 'patch', share: 0.5, atHours: 0 },
  { kind: 'patch', share: 0.9, atHours: 0 },
  { kind: 'disable-smb1', share: 1, atHours: 0 },
  { kind: 'isolate', afterHours: 1 },
];

/** Levers and boundary rules ranked against the baseline, federation-wide (national scope). */
export async function rankWormLevers(
  database: Database,
  actor: Actor,
  req: WormRequest,
  candidates: readonly Lever[] = DEFAULT_CANDIDATES,
): Promise<LeverRanking & { provenance: { profile: string; snapshot: string; seed: number; runs: number } }> {
  requireNational(actor, 'read', 'rank levers across the federation');
  const { profile, snap, fed, sc } = await prepare(database, actor, req);
  const ranking = await rankLevers(fed, sc, candidates, (s) => runEnsemble(fed, s, { threads: req.threads }));
  return {
    ...ranking,
    provenance: { profile: profile.id, snapshot: snap.hash, seed: req.seed, runs: req.runs },
  };
}
