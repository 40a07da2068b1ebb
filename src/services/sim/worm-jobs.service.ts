/**
 * Worm simulations as jobs: starting one checks the request and answers with an id at once; the
 * run goes on in the background (its ensemble on worker threads) and the job tells its progress,
 * then the stored run's id. Jobs live in this process only — the runs they store are permanent.
 * A job is visible to whoever started it and to national scope; its results are shown through
 * `showWormRun`, scoped to the caller like any stored run.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/connect.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { parseLever } from '../../domain/sim/lever-text.js';
import { PROFILES } from '../../domain/sim/profile.js';
import type { Lever } from '../../domain/sim/scenario.js';
import {
  type InputProblem,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  WardError,
} from '../../errors.js';
import { requireOrgAccess } from '../access/access.service.js';
import {
  requireNationalIfRanking,
  runsTotal,
  showWormRun,
  simulateWorm,
  type WormProgress,
  type WormReport,
  type WormRequest,
} from './worm-simulation.service.js';

export const WORM_JOB_STATES = ['running', 'done', 'failed'] as const;
export type WormJobState = (typeof WORM_JOB_STATES)[number];

export interface WormJob {
  readonly id: string;
  readonly startedBy: string;
  readonly startedAt: string;
  state: WormJobState;
  progress: WormProgress;
  finishedAt: string | null;
  /** The stored run, once done. */
  runId: string | null;
  /** Why it failed, in words. */
  error: string | null;
}

/** Finished jobs kept for polling; the oldest finished ones are forgotten beyond this. */
const KEEP = 200;
/** Simulations share the server's cores: at most this many run at once, and this many per caller. */
export const MAX_RUNNING = 4;
export const MAX_RUNNING_EACH = 2;
const jobs = new Map<string, WormJob>();

function forgetOld(): void {
  const finished = [...jobs.values()].filter((j) => j.state !== 'running');
  for (const j of finished.slice(0, Math.max(0, finished.length - KEEP))) jobs.delete(j.id);
}

/** A request with its levers as text (`patch=0.9@2`), as people write them. */
export type WormJobRequest = Omit<WormRequest, 'levers'> & { readonly levers: readonly string[] };

/**
 * Checks what can be checked at once — access first (seed organisations in the caller's scope,
 * ranking national only), then the input — and gives the request the engine runs.
 */
async function check(database: Database, actor: Actor, req: WormJobRequest): Promise<WormRequest> {
  requireNationalIfRanking(actor, req);
  for (const code of req.seedOrgs) await requireOrgAccess(database, actor, 'read', code);
  const problems: InputProblem[] = [];
  if (!PROFILES[req.profile])
    problems.push({
      file: 'profile',
      line: 0,
      reason: `no worm profile ${req.profile} (known: ${Object.keys(PROFILES).join(', ')})`,
    });
  const levers: Lever[] = [];
  req.levers.forEach((text, i) => {
    const parsed = parseLever(text);
    if (parsed.ok) levers.push(parsed.lever);
    else problems.push({ file: 'levers', line: i + 1, reason: parsed.reason });
  });
  if (problems.length > 0) throw new InvalidInputError('the scenario cannot run', problems);
  return { ...req, levers };
}

/** Starts a run in the background; `done` is told when it ends (for callers that wait, such as start-up). */
export async function startWormJob(
  database: Database,
  actor: Actor,
  request: WormJobRequest,
  done: (job: WormJob) => void = () => {},
): Promise<WormJob> {
  // The place is taken before the checks are awaited, so callers starting at once cannot all slip under the limits.
  const running = [...jobs.values()].filter((j) => j.state === 'running');
  if (running.filter((j) => j.startedBy === actor.label).length >= MAX_RUNNING_EACH)
    throw new RateLimitedError(`${actor.label} already has ${MAX_RUNNING_EACH} simulations running`, 10);
  if (running.length >= MAX_RUNNING)
    throw new RateLimitedError(`${MAX_RUNNING} simulations are already running`, 10);
  const job: WormJob = {
    id: randomUUID(),
    startedBy: actor.label,
    startedAt: new Date().toISOString(),
    state: 'running',
    progress: { phase: 'queued', runsDone: 0, runsTotal: runsTotal(request) },
    finishedAt: null,
    runId: null,
    error: null,
  };
  jobs.set(job.id, job);
  let req: WormRequest;
  try {
    req = await check(database, actor, request);
  } catch (e) {
    jobs.delete(job.id);
    throw e;
  }
  forgetOld();
  const finish = (patch: Partial<WormJob>) => {
    Object.assign(job, patch, { finishedAt: new Date().toISOString() });
    done(job);
  };
  simulateWorm(database, actor, req, (p) => {
    job.progress = p;
  }).then(
    (report: WormReport) =>
      finish({
        state: 'done',
        runId: report.id,
        progress: { phase: 'done', runsDone: job.progress.runsTotal, runsTotal: job.progress.runsTotal },
      }),
    (e: unknown) => {
      const problems = e instanceof InvalidInputError ? e.problems.map((p) => p.reason) : [];
      const message = e instanceof WardError ? e.message : 'the simulation stopped on an internal error';
      finish({ state: 'failed', error: [message, ...problems].join(': ') });
    },
  );
  return job;
}

/** A job as this caller may see it: its starter's, or any with national scope. */
export function showWormJob(actor: Actor, id: string): WormJob {
  const job = jobs.get(id);
  if (!job || (job.startedBy !== actor.label && !scopeFor(actor, 'read').all))
    throw new NotFoundError(`no simulation job ${id}`);
  return job;
}

/** A job and, once done, its run as this caller may see it. */
export async function showWormJobWithRun(
  database: Database,
  actor: Actor,
  id: string,
): Promise<{ job: WormJob; run: WormReport | null }> {
  const job = showWormJob(actor, id);
  return { job, run: job.runId ? await showWormRun(database, actor, job.runId) : null };
}
