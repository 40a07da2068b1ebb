import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { cliActor, userActor } from '../../src/domain/access/actor.js';
import { ForbiddenError } from '../../src/errors.js';
import {
  SyncFailedError,
  syncCsaf,
  syncEpss,
  syncKev,
  syncNvd,
} from '../../src/services/intel/intel-sync.service.js';
import { type LocalServer, send, startLocalServer } from '../fixtures/feeds/local-http-server.js';
import { describeEachEngine } from '../setup/engines.js';

const INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));
const page = JSON.parse(readFileSync(`${INTEL}nvd-demo.json`, 'utf8'));
const noWait = { sleep: async () => {}, maxAttempts: 3, baseDelayMs: 1 };
const limiter = { acquire: async () => {} };
const OPERATOR = cliActor('ops');

/** A fake NVD API: two records per page, a 429 with Retry-After first, a dropped connection on page 2. */
function nvdHandler(failFrom: number | null) {
  let calls = 0;
  return (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    calls++;
    const url = new URL(req.url ?? '/', 'http://x');
    const start = Number(url.searchParams.get('startIndex') ?? 0);
    if (calls === 1) return send(res, 429, 'slow down', { 'retry-after': '0' });
    if (failFrom !== null && start >= failFrom) return send(res, 500, 'boom');
    if (calls === 3) {
      res.writeHead(200, { 'content-length': '100000' });
      res.write('{"resultsPerPage":2,');
      res.destroy();
      return;
    }
    const slice = page.vulnerabilities.slice(start, start + 2);
    send(
      res,
      200,
      JSON.stringify({
        ...page,
        resultsPerPage: 2,
        startIndex: start,
        totalResults: page.vulnerabilities.length,
        vulnerabilities: slice,
      }),
    );
  };
}

describeEachEngine('intel sync from local stand-ins', (db) => {
  let server: LocalServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });
  const now = () => new Date('2026-11-24T00:00:00Z');

  it('gives up on a service that keeps failing, keeps the pages it committed, and resumes there', async () => {
    server = await startLocalServer(nvdHandler(2));
    const error = await syncNvd(db(), OPERATOR, { baseUrl: server.origin, http: noWait, limiter, now }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SyncFailedError);
    expect(error.message).toMatch(/resumes from .* at index 2/);
    // The facts, for each edge to word: no command of the CLI in the service's message.
    expect(error.source).toBe('nvd');
    expect(error.resumeAt).toEqual({ windowStart: expect.any(String), startIndex: 2 });
    expect(error.message).not.toMatch(/ward |--nvd/);
    const held = await sql<{ n: number }>`SELECT count(*)::int AS n FROM vulnerabilities`.execute(db().db);
    expect(held.rows[0]?.n).toBe(2);
    const state = await db()
      .db.selectFrom('intel_sources')
      .selectAll()
      .where('source', '=', 'nvd')
      .executeTakeFirstOrThrow();
    expect(state.cursor).toMatchObject({ startIndex: 2 });
    expect(state.last_error).toContain('500');
    await server.close();
    server = await startLocalServer(nvdHandler(null));
    const resumed = await syncNvd(db(), OPERATOR, { baseUrl: server.origin, http: noWait, limiter, now });
    expect(server.requests.some((r) => r.url.includes('startIndex=2'))).toBe(true);
    expect(server.requests.some((r) => r.url.includes('startIndex=0'))).toBe(false);
    expect(resumed.records).toBe(page.vulnerabilities.length - 2);
    const all = await sql<{ n: number }>`SELECT count(*)::int AS n FROM vulnerabilities`.execute(db().db);
    expect(all.rows[0]?.n).toBe(page.vulnerabilities.length);
    const after = await db()
      .db.selectFrom('intel_sources')
      .selectAll()
      .where('source', '=', 'nvd')
      .executeTakeFirstOrThrow();
    expect(after.cursor).toBeNull();
    expect(after.last_success).not.toBeNull();
  });

  it('syncs KEV and EPSS from their URLs', async () => {
    server = await startLocalServer((req, res) => {
      if (req.url?.includes('known_exploited')) send(res, 200, readFileSync(`${INTEL}kev-demo.json`));
      else if (req.url?.includes('epss')) send(res, 200, readFileSync(`${INTEL}epss-demo.csv`));
      else send(res, 404, 'no');
    });
    const kev = await syncKev(db(), OPERATOR, { baseUrl: server.origin, http: noWait });
    const epss = await syncEpss(db(), OPERATOR, { baseUrl: server.origin, http: noWait });
    expect([kev.records, epss.records]).toEqual([6, 6]);
    const again = await syncKev(db(), OPERATOR, { baseUrl: server.origin, http: noWait });
    expect(again.changed).toBe(0);
    const audited = await db()
      .db.selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('action', 'in', ['intel.kev', 'intel.epss'])
      .orderBy('seq')
      .execute();
    expect(audited).toEqual([
      { actor: 'cli:ops', action: 'intel.kev' },
      { actor: 'cli:ops', action: 'intel.epss' },
    ]);
  });

  it('refuses a sync to anyone without the national permission, before fetching anything', async () => {
    const audits = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(db().db)).rows[0]?.n;
    const before = await audits();
    server = await startLocalServer((_req, res) => send(res, 200, readFileSync(`${INTEL}kev-demo.json`)));
    const orgAdmin = userActor('u1', 'alice', [{ orgId: 'RJ7', role: 'org_admin' }]);
    const http = { http: noWait, baseUrl: server.origin };
    await expect(syncKev(db(), orgAdmin, http)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(syncEpss(db(), orgAdmin, http)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(syncNvd(db(), orgAdmin, { ...http, limiter, now })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(syncCsaf(db(), orgAdmin, `${server.origin}/advisory.json`, http)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(server.requests).toEqual([]);
    expect(await audits()).toBe(before);
  });
});
