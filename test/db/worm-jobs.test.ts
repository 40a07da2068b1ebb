import { expect, it } from 'vitest';
import { listAllOrganisations } from '../../src/db/repositories/organisation.repository.js';
import type { Actor } from '../../src/domain/access/actor.js';
import { ForbiddenError, InvalidInputError, NotFoundError, RateLimitedError } from '../../src/errors.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import {
  showWormJob,
  showWormJobWithRun,
  startWormJob,
  type WormJob,
} from '../../src/services/sim/worm-jobs.service.js';
import { listWormRuns } from '../../src/services/sim/worm-simulation.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const request = {
  profile: 'wannacry-2017',
  seedOrgs: ['RJ7'],
  runs: 6,
  seed: 5,
  horizonHours: 24,
  levers: [] as string[],
  threads: 1,
};

/** Starts a job and resolves with it once it has ended. */
function finished(
  actor: Actor,
  req: typeof request & { rankLevers?: boolean },
  db: Parameters<typeof startWormJob>[0],
) {
  return new Promise<{ job: WormJob }>((resolve, reject) => {
    startWormJob(db, actor, req, (job) => resolve({ job })).catch(reject);
  });
}

describeEachEngine('worm simulations as jobs', (db) => {
  it('runs a job to a stored run, fails it with the reason, and refuses bad requests before starting', async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    await importCsv(
      db(),
      'RJ7',
      inventoryCsv([
        { id: 'RJ7-1', components: [WIN7_SP1, SMB1] },
        { id: 'RJ7-2', components: [WIN7_SP1, SMB1] },
      ]),
    );
    const before = (await listWormRuns(db())).length;

    const { job } = await finished(ADMIN_CLI, { ...request, rankLevers: true }, db());
    expect(job).toMatchObject({
      state: 'done',
      error: null,
      progress: { phase: 'done', runsDone: 48, runsTotal: 48 },
    });
    const { run } = await showWormJobWithRun(db(), ADMIN_CLI, job.id);
    expect(run?.id).toBe(job.runId);
    expect(run?.orgs.map((o) => o.code)).toContain('RJ7');
    expect(run?.national?.levers).toHaveLength(7);
    expect((await listWormRuns(db())).length).toBe(before + 1);

    // A seed with no devices is only found once the snapshot is taken: the job fails and says why.
    const failed = await finished(ADMIN_CLI, { ...request, seedOrgs: ['RAL'] }, db());
    expect(failed.job.state).toBe('failed');
    expect(failed.job.error).toMatch(/RAL has no devices in the inventory/);
    expect(failed.job.runId).toBeNull();
    expect((await listWormRuns(db())).length).toBe(before + 1);

    // Refused at once, nothing started: bad levers (each with its place), unknown profile, hidden seed, ranking without national scope.
    const bad = startWormJob(db(), ADMIN_CLI, {
      ...request,
      profile: 'nope',
      levers: ['patch=0.5', 'wat', 'block=moon'],
    });
    await expect(bad).rejects.toBeInstanceOf(InvalidInputError);
    const problems = await bad.catch((e: InvalidInputError) => e.problems.map((p) => `${p.file}:${p.line}`));
    expect(problems).toEqual(['profile:0', 'levers:2', 'levers:3']);
    const orgs = await listAllOrganisations(db().db);
    const ral = orgs.find((o) => o.code === 'RAL')?.id as string;
    const ralViewer: Actor = {
      kind: 'user',
      userId: null,
      label: 'user:ral',
      grants: [{ orgId: ral, role: 'viewer' }],
      full: false,
    };
    await expect(startWormJob(db(), ralViewer, request)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      startWormJob(db(), ralViewer, { ...request, seedOrgs: [], rankLevers: true }),
    ).rejects.toBeInstanceOf(ForbiddenError);

    // A caller runs at most two at once; the third is refused until one ends.
    const ends: Promise<WormJob>[] = [];
    const start = () =>
      startWormJob(db(), ADMIN_CLI, request, () => {}).then((job) => {
        ends.push(
          new Promise((resolve) => {
            const poll = setInterval(() => {
              if (job.state === 'running') return;
              clearInterval(poll);
              resolve(job);
            }, 5);
          }),
        );
        return job;
      });
    const pair = [start(), start()];
    await expect(startWormJob(db(), ADMIN_CLI, request)).rejects.toBeInstanceOf(RateLimitedError);
    await Promise.all(pair);
    for (const j of await Promise.all(ends)) expect(j.state).toBe('done');
    expect(await start().then((j) => j.state)).toBe('running');
    await Promise.all(ends);

    // A job is its starter's (and national scope's) to follow.
    expect(() => showWormJob(ralViewer, job.id)).toThrow(NotFoundError);
    const own = await finished(ralViewer, { ...request, seedOrgs: [] }, db());
    expect(showWormJob(ralViewer, own.job.id).state).toBe('done');
    expect(showWormJob(ADMIN_CLI, own.job.id).state).toBe('done');
    const ownRun = (await showWormJobWithRun(db(), ralViewer, own.job.id)).run;
    expect(ownRun?.national).toBeNull();
    expect(ownRun?.orgs.every((o) => o.code === 'RAL')).toBe(true);
  });
});
