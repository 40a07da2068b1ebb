/**
 * Benchmark plumbing: engine selection (in-memory PGlite, a throwaway PostgreSQL cluster, or a
 * throwaway Citus cluster of a coordinator and two workers), timing, percentiles and the JSON line
 * every result is printed as.
 */
import { performance } from 'node:perf_hooks';
import { distributeForCitus } from '../src/db/citus/distribute.js';
import type { Database, Engine } from '../src/db/connect.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import {
  citusVendorMissing,
  createCitusDatabase,
  ensureCitus,
  startCitusCluster,
} from '../test/setup/citus.js';
import { startPostgresCluster } from '../test/setup/postgres-cluster.js';

/** Ward's engines, and PostgreSQL with Citus (which Ward itself sees as PostgreSQL). */
export type BenchEngine = Engine | 'citus';

const ENGINES: readonly BenchEngine[] = ['pglite', 'postgres', 'citus'];

export interface BenchArgs {
  engine: BenchEngine;
  values: Map<string, string>;
}

export function parseArgs(argv: string[]): BenchArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) values.set(name, inline);
    else if (next !== undefined && !next.startsWith('--')) {
      values.set(name, next);
      i++;
    } else values.set(name, 'true');
  }
  const engine = (values.get('engine') ?? 'pglite') as BenchEngine;
  if (!ENGINES.includes(engine)) throw new Error(`--engine must be ${ENGINES.join(', ')}, got ${engine}`);
  return { engine, values };
}

/**
 * A benchmark's progress log on stderr, each line with the seconds since the logger was made, so a
 * run stopped part-way (out of disk, out of patience) still tells how long each stage took.
 */
export function progressLog(bench: string): (message: string) => void {
  const start = performance.now();
  return (message) =>
    process.stderr.write(
      `[${bench} bench +${((performance.now() - start) / 1000).toFixed(1)} s] ${message}\n`,
    );
}

export function numberArg(args: BenchArgs, name: string, fallback: number): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got ${raw}`);
  return n;
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
sampler.unref();

export function peakRssMb(): number {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  return Math.round(peakRss / 1048576);
}

/** Prints one result as a JSON line: `{"bench","engine","n","seconds","rate","rss_mb", …}`. */
export function report(
  bench: string,
  engine: BenchEngine,
  n: number,
  seconds: number,
  extra: Record<string, unknown> = {},
): void {
  const line = {
    bench,
    engine,
    n,
    seconds: Number(seconds.toFixed(3)),
    rate: seconds > 0 ? Number((n / seconds).toFixed(1)) : null,
    rss_mb: peakRssMb(),
    ...extra,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, (performance.now() - start) / 1000];
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const i = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return Number((sortedMs[Math.max(0, i)] as number).toFixed(3));
}

/** Stops a throwaway cluster when the benchmark is interrupted, so it is not left running (and busy). */
function stopOnSignal(stop: () => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  }
}

/** Citus's own default shards per distributed table, which a real cluster runs with. */
export const CITUS_SHARD_COUNT = 32;

/**
 * A Citus coordinator and two workers (test/setup/citus.ts, building Citus first when it is not
 * installed), one database on all three with Ward's migrations applied and its tables placed as
 * `ward db migrate --citus` places them; `url` is that database on the coordinator.
 */
async function citusBenchDatabase(shardCount: number): Promise<Database> {
  const missing = citusVendorMissing();
  if (missing) throw new Error(`--engine citus: ${missing}`);
  ensureCitus();
  const cluster = await startCitusCluster({ shardCount });
  stopOnSignal(() => cluster.stop());
  try {
    const { url } = await createCitusDatabase(cluster, 'ward_bench');
    const database = await openDatabase({ databaseUrl: url });
    await migrateToLatest(database.db, { distribute: false });
    await distributeForCitus(database.db, { required: true });
    return {
      ...database,
      close: async () => {
        await database.close();
        cluster.stop();
      },
    };
  } catch (error) {
    cluster.stop();
    throw error;
  }
}

/**
 * Opens a fresh, migrated database on the engine; `close` also removes a throwaway cluster.
 * `shardCount` applies to Citus only (default Citus's own 32).
 */
export async function benchDatabase(
  engine: BenchEngine,
  options: { shardCount?: number } = {},
): Promise<Database> {
  if (engine === 'pglite') {
    const database = await openDatabase({});
    await migrateToLatest(database.db);
    return database;
  }
  if (engine === 'citus') return citusBenchDatabase(options.shardCount ?? CITUS_SHARD_COUNT);
  const cluster = await startPostgresCluster();
  stopOnSignal(() => cluster.stop());
  const database = await openDatabase({ databaseUrl: cluster.url });
  await migrateToLatest(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      cluster.stop();
    },
  };
}

/** mulberry32: a small seeded generator with a full 2^32 period, numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
