/**
 * The TAXII measure of the sharing benchmark (bench/sharing.bench.ts): the p95 of one TAXII
 * `objects` page of 1,000 for a trust's caller, through HTTP (token authentication, the
 * collection's scope and the TLP rule in SQL, STIX serialisation), walking each of the trust's
 * collections with `next`. The issue's target: p95 < 200 ms over 500,000 indicators and 20,000
 * sharing-group memberships on PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Database } from '../src/db/connect.js';
import { SYSTEM_ACTOR } from '../src/domain/access/actor.js';
import { buildApp } from '../src/http/app.js';
import { createTokenForUser } from '../src/services/access/session.service.js';
import { addUser } from '../src/services/access/user.service.js';
import { percentile } from './harness.js';

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
