/**
 * Worker-thread entry: runs one slice of a scenario's Monte Carlo runs and posts the accumulator
 * back (typed arrays travel by structured clone).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runSlice } from '../../domain/sim/ensemble.js';
import type { Federation } from '../../domain/sim/federation.js';
import type { Scenario } from '../../domain/sim/scenario.js';

const { fed, sc, from, to } = workerData as { fed: Federation; sc: Scenario; from: number; to: number };
parentPort?.postMessage(runSlice(fed, sc, from, to));
