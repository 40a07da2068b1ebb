/**
 * The HTTP API under load: a federation built with `loadFederation` and the shipped intel, the
 * server listening on 127.0.0.1, autocannon driving one endpoint at a time with API tokens:
 * a trust's exposure summary (a trust user's scope), the national roll-up (a national analyst),
 * a findings page and an alert's national status (as fast as it goes, then held at --rate requests/s,
 * default 200, with part of the federation answered so the counts span every state). Prints one
 * JSON line per endpoint with req/s and p50/p99 latency.
 * Flags: --orgs, --devices, --components (per device, default 30: the endpoints' cost follows the
 * findings, not the components, and 30 keeps the national load to minutes), --duration (s per
 * endpoint, default 20), --connections (default 50), --commits (writes a second elsewhere in the
 * second pass, default 10). Each endpoint is measured three times: answers kept between commits
 * (as Ward serves) with no write, the same with --commits writes a second (each empties the
 * server's cache), and every call queried (the cache off). Defaults: national scale on PostgreSQL.
 */
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { Database } from '../src/db/connect.js';
import { cliActor } from '../src/domain/access/actor.js';
import { buildApp } from '../src/http/app.js';
import { createToken } from '../src/services/access/session.service.js';
import { addUser } from '../src/services/access/user.service.js';
import { answerPartOfAlert, issueWidestAlert, loadBenchFederation } from './bench-federation.js';
import { type BenchArgs, benchDatabase, numberArg, progressLog, report } from './harness.js';

const log = progressLog('api');

/** autocannon with its connections in a worker thread: the load generator must not share the server's event loop. */
async function load(options: autocannon.Options) {
  const r = await autocannon({ ...options, workers: 1 });
  return {
    total: r.requests.total,
    average: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/**
 * Commits a small write every `everyMs` until stopped (a row in a table of its own: a commit the
 * API's readers do not read, as an import elsewhere would be); returns how many it made.
 */
function commitEvery(database: Database, everyMs: number) {
  let made = 0;
  let running = true;
  const done = (async () => {
    await sql`CREATE TABLE IF NOT EXISTS bench_commits (at timestamptz)`.execute(database.db);
    while (running) {
      await sql`INSERT INTO bench_commits VALUES (now())`.execute(database.db);
      made++;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return made;
    },
  };
}

export async function run(args: BenchArgs): Promise<void> {
  const postgres = args.engine === 'postgres';
  const orgs = numberArg(args, 'orgs', postgres ? 21_000 : 500);
  const devices = numberArg(args, 'devices', postgres ? 2_000_000 : 20_000);
  const componentsPerDevice = numberArg(args, 'components', 30);
  const duration = numberArg(args, 'duration', 20);
  const connections = numberArg(args, 'connections', 50);
  const rate = numberArg(args, 'rate', 200);
  const commits = numberArg(args, 'commits', 10);
  const database = await benchDatabase(args.engine);
  try {
    log(`loading intel and a federation of ${orgs} organisations, ${devices} devices (${args.engine}) …`);
    const { root, findings } = await loadBenchFederation(
      database,
      { orgs, devices, componentsPerDevice },
      log,
    );
    // The trust with the most open findings: a realistic worst case for a trust's own view.
    const trust = await sql<{ code: string }>`
      SELECT o.code FROM organisations o JOIN findings f ON f.org_id = o.id
      WHERE o.kind = 'trust' GROUP BY o.code ORDER BY count(*) DESC LIMIT 1`.execute(database.db);
    const trustCode = trust.rows[0]?.code;
    if (!trustCode) throw new Error('no trust with findings: load more devices');
    const admin = cliActor('bench');
    const tokenFor = async (username: string, org: string, role: string) => {
      const u = await addUser(database, admin, { username, password: 'bench password 123', org, role });
      return (
        await createToken(database, admin, { id: u.user.id, username }, { name: 'bench', expiresInDays: 1 })
      ).token;
    };
    const trustToken = await tokenFor('bench-trust', trustCode, 'viewer');
    const nationalToken = await tokenFor('bench-national', root, 'national_analyst');
    // An alert on the most widespread CVE, so its status can be measured too.
    const alert = await issueWidestAlert(database);
    if (alert) await answerPartOfAlert(database, alert.reference, log);
    // The same server twice: answers kept between commits (as Ward serves), and every call queried.
    const cached = await buildApp({ database, oidc: null });
    const queried = await buildApp({ database, oidc: null, cache: false });
    const servers = {
      kept: await cached.listen({ host: '127.0.0.1', port: 0 }),
      queried: await queried.listen({ host: '127.0.0.1', port: 0 }),
    };
    const endpoints = [
      {
        name: 'trust exposure summary',
        path: `/api/v1/exposure/summary?org=${trustCode}`,
        token: trustToken,
      },
      { name: 'national roll-up', path: '/api/v1/exposure/summary', token: nationalToken },
      { name: 'findings page', path: `/api/v1/findings?org=${trustCode}&limit=50`, token: trustToken },
      ...(alert
        ? [
            { name: 'alert status', path: `/api/v1/alerts/${alert.reference}/status`, token: nationalToken },
            {
              name: `alert status at ${rate} req/s`,
              path: `/api/v1/alerts/${alert.reference}/status`,
              token: nationalToken,
              rate,
            },
          ]
        : []),
    ] as { name: string; path: string; token: string; rate?: number }[];
    // Kept answers with no write, with `--commits` writes a second elsewhere (each empties the
    // cache, as an import or an acknowledgement would), and with no cache at all.
    const modes = [
      { answers: 'kept', server: servers.kept, commitsPerS: 0 },
      { answers: 'kept', server: servers.kept, commitsPerS: commits },
      { answers: 'queried', server: servers.queried, commitsPerS: 0 },
    ];
    for (const e of endpoints) {
      for (const mode of modes) {
        const url = mode.server;
        const check = await fetch(`${url}${e.path}`, { headers: { authorization: `Bearer ${e.token}` } });
        if (check.status !== 200) throw new Error(`${e.name}: ${check.status} ${await check.text()}`);
        log(
          `${e.name} (answers ${mode.answers}, ${mode.commitsPerS} commits/s): ${connections} connections for ${duration} s …`,
        );
        const writer = mode.commitsPerS > 0 ? commitEvery(database, 1000 / mode.commitsPerS) : null;
        const result = await load({
          url: `${url}${e.path}`,
          connections,
          duration,
          headers: { authorization: `Bearer ${e.token}` },
          ...(e.rate ? { overallRate: e.rate } : {}),
        });
        const committed = (await writer?.stop()) ?? 0;
        report(`api: ${e.name}`, args.engine, result.total, duration, {
          endpoint: e.path,
          answers: mode.answers,
          commits_per_s: Number((committed / duration).toFixed(1)),
          orgs,
          devices,
          components_per_device: componentsPerDevice,
          findings,
          connections,
          ...(e.rate ? { target_rps: e.rate } : {}),
          rps: Math.round(result.average),
          p50_ms: result.p50,
          p99_ms: result.p99,
          non2xx: result.non2xx,
          errors: result.errors,
        });
      }
    }
    await cached.close();
    await queried.close();
  } finally {
    await database.close();
  }
}
