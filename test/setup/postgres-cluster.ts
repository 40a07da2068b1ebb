/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: finds Debian's server binaries
 * (installing the `postgresql` package when missing and we are root), initdb's a cluster in a
 * temporary directory, starts it on a free port on 127.0.0.1, and removes it all on stop.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installDebianPackage } from './apt.js';

export interface PostgresCluster {
  /** Connection string of the cluster's `postgres` database, superuser `ward`. */
  url: string;
  port: number;
  stop(): void;
}

function findBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** initdb refuses to run as root: run the server as the `postgres` system user then. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const out = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (out.status !== 0)
    throw new Error('running as root but there is no `postgres` user to run the test cluster as');
  return { uid: Number(out.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export interface ClusterOptions {
  /** Extra server settings (`name=value`), e.g. a preloaded extension. */
  settings?: readonly string[];
  /** Prefix of the temporary directory, to tell the clusters of a run apart. */
  name?: string;
}

export async function startPostgresCluster(options: ClusterOptions = {}): Promise<PostgresCluster> {
  let bin = findBinDir();
  if (!bin) {
    installDebianPackage('postgresql', 'PostgreSQL server binaries not found');
    bin = findBinDir();
    if (!bin)
      throw new Error('the postgresql package installed no server binaries under /usr/lib/postgresql');
  }
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), `${options.name ?? 'ward-pg'}-`));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const opts = { ...user, stdio: 'pipe' as const, encoding: 'utf8' as const };
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'ward', '--auth=trust', '-E', 'UTF8', '--locale=C'],
    opts,
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error}`);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
    ...(options.settings ?? []).map((setting) => `-c ${setting}`),
  ].join(' ');
  const start = spawnSync(
    join(bin, 'pg_ctl'),
    ['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', 'start'],
    opts,
  );
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr || start.stdout}`);
  return {
    url: `postgres://ward@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], opts);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
