/**
 * TAXII objects page benchmark (`npm run bench -- sharing-taxii [--engine postgres] [--orgs N]
 * [--indicators N] [--memberships N] [--pages N]`): the p95 of one TAXII `objects` page of 1,000
 * for a trust's caller, through HTTP (token authentication, the collection's scope and the TLP rule
 * in SQL, STIX serialisation), walking each of the trust's collections with `next`. The issue's
 * target: p95 < 200 ms over 500,000 indicators and 20,000 sharing-group memberships on PostgreSQL.
 *
 * `measureTaxiiObjectsPage` runs on any database holding indicators (the `sharing` benchmark calls
 * it on its own data); `run` generates a federation and indicators to run it on.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Database } from '../src/db/connect.js';
import { SYSTEM_ACTOR } from '../src/domain/access/actor.js';
import { generateOrganisations, organisationsCsvChunks } from '../src/generate/index.js';
import { buildApp } from '../src/http/app.js';
import { createTokenForUser } from '../src/services/access/session.service.js';
import { addUser } from '../src/services/access/user.service.js';
import { importOrganisations } from '../src/services/federation/organisation.service.js';
import { type BenchArgs, benchDatabase, numberArg, percentile, report, timed } from './harness.js';

const TAXII = 'application/taxii+json;version=2.1';

export interface TaxiiPageFigures {
  collection: string;
  pages: number;
  objects: number;
  p50_ms: number;
  p95_ms: number;
}

/** The trust holding the most indicators others shared with it, for a caller with much to read. */
async function busiestTrust(database: Database): Promise<string> {
  const row = await sql<{ code: string }>`
    SELECT o.code FROM organisations o
    WHERE o.kind = 'trust'
    ORDER BY (SELECT count(*) FROM marked_orgs mo WHERE mo.org_id = o.id) DESC, o.code
    LIMIT 1`.execute(database.db);
  const code = row.rows[0]?.code;
  if (!code) throw new Error('the federation has no trust');
  return code;
}

/**
 * Walks up to `pages` pages of 1,000 of each collection a responder of the trust reads, timing
 * each page over HTTP; one line of figures per collection, and the last over all of them.
 */
export async function measureTaxiiObjectsPage(
  database: Database,
  options: { trust?: string; pages?: number } = {},
): Promise<TaxiiPageFigures[]> {
  const trust = options.trust ?? (await busiestTrust(database));
  const maxPages = options.pages ?? 30;
  const username = `bench-taxii-${trust.toLowerCase()}`;
  await addUser(database, SYSTEM_ACTOR, {
    username,
    password: 'bench-taxii-password',
    org: trust,
    role: 'responder',
  });
  const { token } = await createTokenForUser(database, SYSTEM_ACTOR, username, {
    name: 'bench',
    expiresInDays: 1,
  });
  const app = await buildApp({ database, oidc: null, web: false });
  const get = (url: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, accept: TAXII } });
  try {
    const collections = (await get('/taxii2/ward/collections/')).json().collections as {
      id: string;
      title: string;
    }[];
    const out: TaxiiPageFigures[] = [];
    const every: number[] = [];
    let total = 0;
    for (const c of collections) {
      const times: number[] = [];
      let objects = 0;
      let next: string | undefined;
      // One unmeasured page first: connections and plans warm.
      await get(`/taxii2/ward/collections/${c.id}/objects/?limit=1000`);
      for (let page = 0; page < maxPages; page++) {
        const url = `/taxii2/ward/collections/${c.id}/objects/?limit=1000${next ? `&next=${encodeURIComponent(next)}` : ''}`;
        const start = performance.now();
        const res = await get(url);
        times.push(performance.now() - start);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        const body = res.json();
        objects += body.objects?.length ?? 0;
        if (!body.more) break;
        next = body.next;
      }
      times.sort((a, b) => a - b);
      every.push(...times);
      total += objects;
      out.push({
        collection: c.title,
        pages: times.length,
        objects,
        p50_ms: percentile(times, 50),
        p95_ms: percentile(times, 95),
      });
    }
    every.sort((a, b) => a - b);
    out.push({
      collection: 'all collections',
      pages: every.length,
      objects: total,
      p50_ms: percentile(every, 50),
      p95_ms: percentile(every, 95),
    });
    return out;
  } finally {
    await app.close();
  }
}

/**
 * `indicators` indicators from the federation's legal entities: a tenth CLEAR, four tenths GREEN,
 * three tenths AMBER (naming two entities, every other one also a sharing group), three twentieths
 * AMBER+STRICT, one twentieth RED; sharing groups with `memberships` members in all.
 */
export async function generateIndicators(
  database: Database,
  size: { indicators: number; memberships: number },
): Promise<void> {
  const db = database.db;
  const groups = Math.max(1, Math.round(size.memberships / 100));
  await sql`CREATE TEMP TABLE bench_entities AS
    SELECT id, (row_number() OVER (ORDER BY code)) - 1 AS n FROM organisations WHERE kind <> 'site'`.execute(
    db,
  );
  await sql`INSERT INTO sharing_groups (name, owner_org_id, created_by)
    SELECT 'bench-group-' || g, (SELECT id FROM organisations WHERE parent_id IS NULL), 'bench'
    FROM generate_series(1, ${groups}) g`.execute(db);
  await sql`INSERT INTO sharing_group_members (group_id, org_id, subtree)
    SELECT DISTINCT ON (gr.id, e.id) gr.id, e.id, false
    FROM generate_series(0, ${size.memberships - 1}) m
    JOIN (SELECT id, (row_number() OVER (ORDER BY name)) - 1 AS n FROM sharing_groups) gr ON gr.n = m % ${groups}
    JOIN bench_entities e ON e.n = (m::bigint * 7907) % (SELECT count(*) FROM bench_entities)
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO indicators (stix_id, producer_org_id, producer_entity_id, type, value, tlp, source,
      created_by, created_at, modified_at)
    SELECT 'indicator--' || gen_random_uuid(), e.id, e.id, 'domain', 'bench-' || g || '.example',
      CASE WHEN g % 20 < 2 THEN 'CLEAR' WHEN g % 20 < 10 THEN 'GREEN' WHEN g % 20 < 16 THEN 'AMBER'
           WHEN g % 20 < 19 THEN 'AMBER+STRICT' ELSE 'RED' END,
      'bench', 'bench', t, t
    FROM generate_series(1, ${size.indicators}) g
    JOIN bench_entities e ON e.n = (g::bigint * 7919) % (SELECT count(*) FROM bench_entities)
    CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01T00:00:00Z' + g * interval '1 second' AS t) ts`.execute(
    db,
  );
  await sql`INSERT INTO marked_orgs (object_id, org_id, subtree)
    SELECT DISTINCT i.id, e.id, false FROM indicators i
    CROSS JOIN generate_series(1, 2) k
    JOIN bench_entities e ON e.n = (abs(hashtext(i.id::text)::bigint) + k * 104729) % (SELECT count(*) FROM bench_entities)
    WHERE i.tlp = 'AMBER' AND e.id <> i.producer_entity_id
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO marked_groups (object_id, group_id)
    SELECT i.id, gr.id FROM indicators i
    JOIN (SELECT id, (row_number() OVER (ORDER BY name)) - 1 AS n FROM sharing_groups) gr
      ON gr.n = abs(hashtext(i.id::text)::bigint) % ${groups}
    WHERE i.tlp = 'AMBER' AND abs(hashtext(i.id::text || 'g')::bigint) % 2 = 0`.execute(db);
  await sql`DROP TABLE bench_entities`.execute(db);
  await sql`ANALYZE`.execute(db);
}

export async function run(args: BenchArgs): Promise<void> {
  const orgs = numberArg(args, 'orgs', 2_000);
  const indicators = numberArg(args, 'indicators', 50_000);
  const memberships = numberArg(args, 'memberships', 2_000);
  const pages = numberArg(args, 'pages', 30);
  const database = await benchDatabase(args.engine);
  try {
    const csv = [...organisationsCsvChunks(generateOrganisations({ orgs, seed: 1 }))].join('');
    await importOrganisations(database, SYSTEM_ACTOR, 'orgs.csv', csv);
    const [, seconds] = await timed(() => generateIndicators(database, { indicators, memberships }));
    process.stderr.write(`generated ${indicators} indicators in ${seconds.toFixed(1)} s\n`);
    const figures = await measureTaxiiObjectsPage(database, { pages });
    for (const f of figures) {
      report('sharing-taxii', args.engine, f.objects, 0, {
        orgs,
        indicators,
        memberships,
        ...f,
        target_p95_ms: 200,
      });
    }
  } finally {
    await database.close();
  }
}
