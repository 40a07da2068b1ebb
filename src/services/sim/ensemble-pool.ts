/**
 * Runs a scenario's Monte Carlo ensemble on worker threads (node:worker_threads), one contiguous
 * slice of run indices per worker. Each run's random stream depends only on the scenario seed and
 * its index, so the merged result is the same whatever the number of threads.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type Accumulator, mergeAccumulators, runSlice } from '../../domain/sim/ensemble.js';
import type { Federation } from '../../domain/sim/federation.js';
import type { Scenario } from '../../domain/sim/scenario.js';

const WORKER_URL = new URL(
  `./ensemble.worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
  import.meta.url,
);

/** In a source checkout the worker is TypeScript: load it through tsx, as the `ward` entry point does. */
function startWorker(workerData: unknown): Worker {
  if (WORKER_URL.pathname.endsWith('.js')) return new Worker(WORKER_URL, { workerData });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${tsx}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

export interface EnsembleOptions {
  /** Worker threads; 0 or 1 runs in this thread. Defaults to the machine's parallelism. */
  readonly threads?: number;
  /** Told the number of runs finished so far, as each slice completes. */
  readonly onRunsDone?: (runs: number) => void;
}

export async function runEnsemble(
  fed: Federation,
  sc: Scenario,
  opts: EnsembleOptions = {},
): Promise<Accumulator> {
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), sc.runs));
  if (threads === 1) {
    const acc = runSlice(fed, sc, 0, sc.runs);
    opts.onRunsDone?.(sc.runs);
    return acc;
  }
  let done = 0;
  const per = Math.ceil(sc.runs / threads);
  const slices = Array.from(
    { length: threads },
    (_, i) => [i * per, Math.min(sc.runs, (i + 1) * per)] as const,
  ).filter(([a, b]) => b > a);
  const parts = await Promise.all(
    slices.map(
      ([from, to]) =>
        new Promise<Accumulator>((resolve, reject) => {
          const w = startWorker({ fed, sc, from, to });
          w.once('message', (acc: Accumulator) => {
            done += to - from;
            opts.onRunsDone?.(done);
            resolve(acc);
            void w.terminate();
          });
          w.once('error', reject);
          w.once('exit', (code) => {
            if (code !== 0) reject(new Error(`simulation worker stopped with code ${code}`));
          });
        }),
    ),
  );
  return mergeAccumulators(parts);
}
