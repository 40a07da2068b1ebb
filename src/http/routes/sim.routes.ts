/**
 * Worm simulations: start one as a job (answered at once with its id), follow the job, list the
 * stored runs and read one. The services decide what the caller sees — a trust its own blast
 * radius and the paths into it, the federation-wide figures national scope only.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { showWormJobWithRun, startWormJob } from '../../services/sim/worm-jobs.service.js';
import { listWormRuns, showWormRun } from '../../services/sim/worm-simulation.service.js';
import { actorOf } from '../plugins/auth.js';
import type { RouteContext } from '../route-context.js';
import { ERRORS, Uuid } from '../schemas/common.schemas.js';
import {
  presentWormJob,
  presentWormRun,
  presentWormRunListing,
  WormJob,
  WormRequest,
  WormRun,
  WormRunListing,
} from '../schemas/sim.schemas.js';

export function simRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['simulation'];
    app.post(
      '/sim/worm',
      {
        schema: {
          tags,
          summary: 'Start a worm simulation on the federation (a job: poll it for progress and results)',
          body: WormRequest,
          response: { 202: WormJob, ...ERRORS },
        },
      },
      async (request, reply) => {
        const job = await startWormJob(ctx.database, actorOf(request), request.body);
        return reply.code(202).send(presentWormJob(job, null));
      },
    );
    app.get(
      '/sim/jobs/:id',
      {
        schema: {
          tags,
          summary: "A simulation job's progress, and its results once done",
          params: z.object({ id: Uuid }),
          response: { 200: WormJob, ...ERRORS },
        },
      },
      async (request) => {
        const { job, run } = await showWormJobWithRun(ctx.database, actorOf(request), request.params.id);
        return presentWormJob(job, run);
      },
    );
    app.get(
      '/sim/runs',
      {
        schema: {
          tags,
          summary: 'Stored simulation runs, newest first (their scenarios, not their results)',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(500).default(50).describe('how many (default 50)'),
          }),
          response: { 200: z.object({ items: z.array(WormRunListing) }), ...ERRORS },
        },
      },
      async (request) => ({
        items: (await listWormRuns(ctx.database, request.query.limit)).map(presentWormRunListing),
      }),
    );
    app.get(
      '/sim/runs/:id',
      {
        schema: {
          tags,
          summary:
            'A stored run: your organisations’ blast radius, the federation-wide figures with national scope',
          params: z.object({ id: Uuid }),
          response: { 200: WormRun, ...ERRORS },
        },
      },
      async (request) => presentWormRun(await showWormRun(ctx.database, actorOf(request), request.params.id)),
    );
  };
}
