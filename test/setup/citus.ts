/**
 * A throwaway Citus cluster for tests and benchmarks: one coordinator and two workers, each its own
 * throwaway PostgreSQL cluster (postgres-cluster.ts) with Citus preloaded. Citus is the vendor's
 * source release, read from the shared vendor folder (never copied into Ward), built once against
 * Debian's PostgreSQL 15 in the user's cache directory, outside the source tree (keyed by the
 * tarball's checksum and the server's version, so clones and worktrees share one build), and
 * installed into Debian's PostgreSQL tree; an existing install is used as it is. Absent tarball: the caller
 * skips with `citusVendorMissing()`'s message.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { installDebianPackage } from './apt.js';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';

const VERSION = '13.2.2';
export const CITUS_TARBALL = fileURLToPath(
  new URL(`../../../shared/vendor/citus-${VERSION}.tar.gz`, import.meta.url),
);
/** Debian's PostgreSQL that Citus is built against and runs in. */
const PG_MAJOR = '15';
const PG_LIB = `/usr/lib/postgresql/${PG_MAJOR}/lib`;
const PG_EXTENSIONS = `/usr/share/postgresql/${PG_MAJOR}/extension`;
/** The build dependencies the vendor README lists. */
const BUILD_DEPENDENCIES = [
  `postgresql-server-dev-${PG_MAJOR}`,
  'libcurl4-openssl-dev',
  'liblz4-dev',
  'libzstd-dev',
  'libkrb5-dev',
  'libselinux1-dev',
  'libxslt1-dev',
  'libpam0g-dev',
  'libreadline-dev',
];
/** Shards per distributed table in the test cluster: Citus's 32 make every suite's DDL slow. */
const TEST_SHARD_COUNT = 4;

/** Why Citus is unavailable to the tests, or null when its source release is there. */
export function citusVendorMissing(): string | null {
  return existsSync(CITUS_TARBALL) ? null : `the Citus ${VERSION} source release is not at ${CITUS_TARBALL}`;
}

function citusInstalled(): boolean {
  return existsSync(join(PG_LIB, 'citus.so')) && existsSync(join(PG_EXTENSIONS, 'citus.control'));
}

function missingPackages(): string[] {
  return BUILD_DEPENDENCIES.filter((name) => {
    try {
      // dpkg-query's own format field, not a template.
      const format = ['-f=$', '{Status}'].join('');
      const status = execFileSync('dpkg-query', ['-W', format, name], { encoding: 'utf8' });
      return !status.includes('install ok installed');
    } catch {
      return true;
    }
  });
}

function run(command: string, args: string[], cwd: string): void {
  try {
    execFileSync(command, args, { cwd, stdio: 'pipe', maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    const tail = `${e.stdout ?? ''}${e.stderr ?? ''}`.split('\n').slice(-30).join('\n');
    throw new Error(
      `building Citus: \`${command} ${args.join(' ')}\` failed in ${cwd}:\n${tail || e.message}`,
    );
  }
}

/**
 * Builds and installs Citus when Debian's PostgreSQL does not have it yet; returns the seconds
 * spent (0 when it was already installed).
 */
export function ensureCitus(): number {
  if (citusInstalled()) return 0;
  const started = Date.now();
  const missing = missingPackages();
  if (missing.length) installDebianPackage(missing, 'Citus needs its build dependencies');
  const digest = createHash('sha256').update(readFileSync(CITUS_TARBALL)).digest('hex').slice(0, 16);
  const server = execFileSync(`/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config`, ['--version'], {
    encoding: 'utf8',
  })
    .trim()
    .replace(/[^0-9.]/g, '');
  const cache = join(
    process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
    'ward',
    'citus',
    `${digest}-pg${server}`,
    '/',
  );
  const source = `${cache}citus-${VERSION}/`;
  const built = `${cache}built`;
  if (!existsSync(built)) {
    console.log(`[test setup] building Citus ${VERSION} against PostgreSQL ${PG_MAJOR} (about 2 minutes) …`);
    mkdirSync(cache, { recursive: true });
    run('tar', ['-xzf', CITUS_TARBALL, '-C', cache], cache);
    run('./configure', [`PG_CONFIG=/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config`], source);
    run('make', ['-j2'], source);
    writeFileSync(built, `${new Date().toISOString()}\n`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`Citus is built in ${source} but not installed: run \`make install\` there as root`);
  }
  run('make', ['install'], source);
  if (!citusInstalled())
    throw new Error(`\`make install\` in ${source} did not install citus.so into ${PG_LIB}`);
  return (Date.now() - started) / 1000;
}

export interface CitusCluster {
  /** Connection strings of the coordinator's and each worker's `postgres` database. */
  coordinator: string;
  workers: string[];
  stop(): void;
}

export interface CitusClusterOptions {
  /** Workers beside the coordinator (2). */
  workers?: number;
  /** Shards per distributed table (the tests' 4; Citus's own default is 32). */
  shardCount?: number;
}

/**
 * Starts a coordinator and workers with Citus preloaded, each on a free port. pg_stat_statements
 * is preloaded too and Citus tracks every statement (`citus_stat_statements`), so a run can tell
 * router queries from multi-shard ones (src/db/citus/routing.ts).
 */
export async function startCitusCluster(options: CitusClusterOptions = {}): Promise<CitusCluster> {
  const workerCount = options.workers ?? 2;
  const settings = [
    'shared_preload_libraries=citus,pg_stat_statements',
    `citus.shard_count=${options.shardCount ?? TEST_SHARD_COUNT}`,
    'citus.stat_statements_track=all',
    // Room for every statement a whole run makes: when the table is full, PostgreSQL drops the
    // least-used entries, and a statement dropped and counted again would restart from one call.
    'pg_stat_statements.max=50000',
    'citus.enable_stat_counters=on',
    // The nodes talk over 127.0.0.1 without TLS (libpq would look for client certificates in the
    // home directory of whoever started the run).
    'citus.node_conninfo=sslmode=disable',
  ];
  const nodes: PostgresCluster[] = [];
  try {
    for (let i = 0; i <= workerCount; i++) {
      nodes.push(
        await startPostgresCluster({ settings, name: i === 0 ? 'ward-citus-coord' : 'ward-citus-worker' }),
      );
    }
  } catch (error) {
    for (const node of nodes) node.stop();
    throw error;
  }
  const [coordinator, ...workers] = nodes;
  if (!coordinator) throw new Error('no coordinator started');
  return {
    coordinator: coordinator.url,
    workers: workers.map((w) => w.url),
    stop() {
      for (const node of nodes) node.stop();
    },
  };
}

async function onNode(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  return url.replace(/\/postgres$/, `/${name}`);
}

/**
 * Makes database `name` on every node of the cluster with the Citus extension, the coordinator
 * knowing itself and its workers; returns the coordinator's connection string for it and a drop.
 */
export async function createCitusDatabase(
  cluster: Pick<CitusCluster, 'coordinator' | 'workers'>,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const nodes = [cluster.coordinator, ...cluster.workers];
  for (const node of nodes) {
    await onNode(node, [`CREATE DATABASE ${name}`]);
    await onNode(withDatabase(node, name), ['CREATE EXTENSION citus']);
  }
  const port = (url: string) => Number(new URL(url).port);
  await onNode(withDatabase(cluster.coordinator, name), [
    `SELECT citus_set_coordinator_host('127.0.0.1', ${port(cluster.coordinator)})`,
    ...cluster.workers.map((w) => `SELECT citus_add_node('127.0.0.1', ${port(w)})`),
  ]);
  return {
    url: withDatabase(cluster.coordinator, name),
    drop: async () => {
      // The coordinator's statement statistics are kept per database and outlive it: a run makes
      // hundreds of databases, and once the table is full PostgreSQL evicts the least-used entries,
      // a statement counted a moment ago among them (the routing suite would see no call at all).
      await onNode(cluster.coordinator, [
        'CREATE EXTENSION IF NOT EXISTS pg_stat_statements',
        `SELECT pg_stat_statements_reset(0, oid, 0) FROM pg_database WHERE datname = '${name}'`,
      ]);
      for (const node of nodes) await onNode(node, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    },
  };
}
