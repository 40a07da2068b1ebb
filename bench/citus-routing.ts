/**
 * The share of router queries behind the HTTP API on a Citus cluster: a trust's user asking about
 * one of its sites and a practice's user about the practice (worklist, summary, assets, and the
 * trust's user answering an alert for the site), and a national analyst's roll-up, each route called a few times through the API (app.inject), Citus's
 * own statistics read before and after each (src/db/citus/routing.ts). Prints one JSON line with
 * `router_share` overall and per route, and the statements over tenant tables that were not router
 * queries. A route that fails on Citus is reported as `{"error": …}`.
 */
import { sql } from 'kysely';
import { type RoutingReport, routingSince, routingSnapshot } from '../src/db/citus/routing.js';
import type { Database } from '../src/db/connect.js';
import { cliActor } from '../src/domain/access/actor.js';
import { buildApp } from '../src/http/app.js';
import { createToken } from '../src/services/access/session.service.js';
import { addUser } from '../src/services/access/user.service.js';
import { issueWidestAlert } from './bench-federation.js';
import { type BenchEngine, report } from './harness.js';

interface Route {
  name: string;
  path: string;
  token: string;
  payload?: Record<string, unknown>;
}

type RouteResult =
  | ({ calls: number; router_share: number | null } & Omit<RoutingReport, 'routerShare' | 'notRouted'>)
  | { error: string };

/**
 * The organisation of `kind` with the most findings (a realistic worst case for its own view) and
 * its parent; among `kinds` in order, the first that has findings.
 */
async function busiest(
  database: Database,
  kinds: string[],
): Promise<{ code: string; parent: string } | null> {
  for (const kind of kinds) {
    const rows = await sql<{ code: string; parent: string }>`
      SELECT o.code, p.code AS parent FROM organisations o JOIN organisations p ON p.id = o.parent_id
      JOIN findings f ON f.org_id = o.id
      WHERE o.kind = ${kind} GROUP BY o.code, p.code ORDER BY count(*) DESC, o.code LIMIT 1`.execute(
      database.db,
    );
    if (rows.rows[0]) return rows.rows[0];
  }
  return null;
}

async function tokenFor(database: Database, username: string, org: string, role: string): Promise<string> {
  const admin = cliActor('bench');
  const u = await addUser(database, admin, { username, password: 'bench password 123', org, role });
  return (
    await createToken(database, admin, { id: u.user.id, username }, { name: 'bench', expiresInDays: 1 })
  ).token;
}

const short = (query: string) => (query.length > 400 ? `${query.slice(0, 400)}…` : query);

export async function reportRouting(
  database: Database,
  engine: BenchEngine,
  log: (m: string) => void,
  callsPerRoute = 10,
): Promise<void> {
  // One organisation each: a trust's site (the trust's user asking about it; a trust with its
  // sites spans several shards by design), or a trust when no site has findings, and a practice.
  const site = await busiest(database, ['site']);
  const ownTrust = site ? null : await busiest(database, ['trust']);
  const trustUser = site
    ? { org: site.code, at: site.parent }
    : ownTrust
      ? { org: ownTrust.code, at: ownTrust.code }
      : null;
  const gp = await busiest(database, ['gp_practice']);
  const practiceUser = gp ? { org: gp.code, at: gp.code } : null;
  const trust = trustUser?.org ?? null;
  const root = await sql<{ code: string }>`SELECT code FROM organisations WHERE parent_id IS NULL`.execute(
    database.db,
  );
  const routes: Route[] = [];
  for (const [kind, user] of [
    ['trust', trustUser],
    ['practice', practiceUser],
  ] as const) {
    if (!user) continue;
    const token = await tokenFor(database, `bench-${kind}`, user.at, 'responder');
    routes.push(
      { name: `${kind} worklist`, path: `/api/v1/findings?org=${user.org}&limit=50`, token },
      { name: `${kind} summary`, path: `/api/v1/exposure/summary?org=${user.org}`, token },
      { name: `${kind} assets`, path: `/api/v1/assets?org=${user.org}&limit=50`, token },
    );
  }
  const results: Record<string, RouteResult> = {};
  const alert = await issueWidestAlert(database).catch((error: Error) => ({ error: error.message }));
  const trustToken = routes.find((r) => r.name === 'trust worklist')?.token;
  if (trust && trustToken && alert && 'reference' in alert) {
    routes.push({
      name: 'trust alert response',
      path: `/api/v1/alerts/${alert.reference}/responses`,
      token: trustToken,
      payload: { orgs: [trust], status: 'in_progress', note: 'patching' },
    });
  } else if (trust) {
    results['trust alert response'] = {
      error: `no alert to answer: ${alert && 'error' in alert ? alert.error : 'nothing is exposed'}`,
    };
  }
  const national = await tokenFor(
    database,
    'bench-national',
    root.rows[0]?.code as string,
    'national_analyst',
  );
  routes.push({ name: 'national roll-up', path: '/api/v1/exposure/summary', token: national });

  const app = await buildApp({ database, oidc: null });
  const notRouted = new Map<string, { query: string; calls: number; routes: string[] }>();
  let router = 0;
  let multiShard = 0;
  try {
    for (const route of routes) {
      log(`routing: ${route.name} × ${callsPerRoute}`);
      const before = await routingSnapshot(database.db);
      let failure: string | null = null;
      for (let i = 0; i < callsPerRoute && !failure; i++) {
        const res = await app.inject({
          method: route.payload ? 'POST' : 'GET',
          url: route.path,
          headers: { authorization: `Bearer ${route.token}` },
          ...(route.payload ? { payload: route.payload } : {}),
        });
        if (res.statusCode !== 200) failure = `${res.statusCode} ${res.body.slice(0, 300)}`;
      }
      if (failure) {
        results[route.name] = { error: failure };
        continue;
      }
      const r = await routingSince(database.db, before);
      router += r.router;
      multiShard += r.multiShard;
      const { routerShare, notRouted: missed, ...counts } = r;
      results[route.name] = { calls: callsPerRoute, router_share: routerShare, ...counts };
      for (const s of missed) {
        const seen = notRouted.get(s.query) ?? { query: short(s.query), calls: 0, routes: [] };
        seen.calls += s.calls;
        seen.routes.push(route.name);
        notRouted.set(s.query, seen);
      }
    }
  } finally {
    await app.close();
  }
  report('exposure: router share', engine, router + multiShard, 0, {
    trust_user: trustUser,
    practice_user: practiceUser,
    calls_per_route: callsPerRoute,
    router_share: router + multiShard ? Number((router / (router + multiShard)).toFixed(3)) : null,
    router_statements: router,
    multi_shard_statements: multiShard,
    routes: results,
    not_routed: [...notRouted.values()].sort((a, b) => b.calls - a.calls),
  });
}
