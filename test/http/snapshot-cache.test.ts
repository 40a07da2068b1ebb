/**
 * Answers kept between writes (src/http/plugins/snapshot-cache.ts): a repeated call is answered
 * from the server's cache, but never after a commit that could change it (an inventory import, a
 * revoked token), never to another caller, and never across the clock's grain.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/domain/alerts/clock.js';
import { buildApp } from '../../src/http/app.js';
import {
  CLOCK_GRAIN_MS,
  clockGrain,
  currentSnapshot,
  olderSnapshot,
  SnapshotCache,
} from '../../src/http/plugins/snapshot-cache.js';
import { runNotificationPass } from '../../src/jobs/scheduler.js';
import { revokeToken } from '../../src/services/access/session.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import {
  ADMIN_CLI,
  createTestUsers,
  type TestIdentity,
  type TestUser,
} from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

describe('SnapshotCache', () => {
  it('keeps entries for one snapshot, dropping the oldest beyond its bounds', () => {
    const cache = new SnapshotCache<string>(2, 10);
    cache.set('s1', 'a', 'A', 4);
    cache.set('s1', 'b', 'B', 4);
    expect([cache.get('s1', 'a'), cache.get('s1', 'b'), cache.get('s2', 'a')]).toEqual(['A', 'B', undefined]);
    cache.set('s1', 'c', 'C', 4);
    expect([cache.get('s1', 'a'), cache.get('s1', 'b'), cache.get('s1', 'c')]).toEqual([undefined, 'B', 'C']);
    cache.set('s1', 'd', 'D', 9);
    expect([cache.get('s1', 'c'), cache.get('s1', 'd'), cache.size]).toEqual([undefined, 'D', 1]);
    cache.set('s2', 'e', 'E', 1);
    expect([cache.get('s1', 'd'), cache.get('s2', 'd'), cache.get('s2', 'e'), cache.size]).toEqual([
      undefined,
      undefined,
      'E',
      1,
    ]);
  });

  it('keeps newer entries when a value made under an older snapshot arrives late', () => {
    expect(olderSnapshot('100:105:100,102', '100:106:')).toBe(true);
    expect(olderSnapshot('100:105:100,102', '102:105:102')).toBe(true);
    expect(olderSnapshot('102:105:102', '100:105:100,102')).toBe(false);
    expect(olderSnapshot('100:106:', '100:105:100,102')).toBe(false);
    const cache = new SnapshotCache<string>();
    cache.set('100:106:', 'new', 'N');
    cache.set('100:105:100,102', 'late', 'L');
    expect([cache.get('100:106:', 'new'), cache.get('100:105:100,102', 'late')]).toEqual(['N', undefined]);
    cache.set('107:107:', 'newer', 'M');
    expect([cache.get('100:106:', 'new'), cache.get('107:107:', 'newer')]).toEqual([undefined, 'M']);
  });
});

describeEachEngine('answers kept between writes', (db) => {
  let app: FastifyInstance;
  let users: Record<TestUser, TestIdentity>;
  const pc = (id: string) => ({ id, components: [WIN7_SP1, SMB1] });

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    await importCsv(db(), 'RJ7', inventoryCsv([pc('RJ7-PC-1')]));
    users = await createTestUsers(db());
    app = await buildApp({ database: db(), oidc: null });
  });
  afterAll(async () => app.close());
  afterEach(() => vi.useRealTimers());

  const get = (user: TestUser, url: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${users[user].token}` } });

  /**
   * Runs `calls` again (up to five times, each attempt with its own number for its URLs, so none
   * finds an answer an earlier one left) until they ran within one database snapshot and one clock
   * grain, when the cache had no reason to drop an answer between them: in a full test run another
   * file's commits in the same PostgreSQL cluster move the snapshot at any moment.
   */
  async function withinOneSnapshot<T>(calls: (attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const before = `${await currentSnapshot(db().db)} ${clockGrain()}`;
      const result = await calls(attempt);
      if (`${await currentSnapshot(db().db)} ${clockGrain()}` === before || attempt === 5) return result;
    }
  }

  it('answers a repeated call from the cache, and shows an import on the next call', async () => {
    const url = '/api/v1/exposure/summary?org=RJ7';
    const first = await get('rj7_viewer', url);
    expect(first.statusCode).toBe(200);
    const again = await get('rj7_viewer', url);
    expect([first.headers['x-ward-cache'], again.headers['x-ward-cache']]).toEqual(['miss', 'hit']);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.json()).toEqual(first.json());
    expect(first.json().totals.devicesExposed).toBe(1);

    await importCsv(db(), 'RJ7', inventoryCsv([pc('RJ7-PC-1'), pc('RJ7-PC-2'), pc('RJ7-PC-3')]));
    const after = await get('rj7_viewer', url);
    expect(after.headers['x-ward-cache']).toBe('miss');
    expect(after.json().totals.devicesExposed).toBe(3);
    expect((await get('rj7_viewer', url)).headers['x-ward-cache']).toBe('hit');
  });

  it('makes an answer once for callers asking at the same time, the others waiting for it', async () => {
    const url = '/api/v1/findings?org=RJ7';
    expect((await get('rj7_responder', url)).statusCode).toBe(200);
    await importCsv(db(), 'RJ7', inventoryCsv([pc('RJ7-PC-1'), pc('RJ7-PC-2')]));
    const calls = await Promise.all(Array.from({ length: 6 }, () => get('rj7_responder', url)));
    expect(calls.map((c) => c.headers['x-ward-cache']).sort()).toEqual([
      'hit',
      'hit',
      'hit',
      'hit',
      'hit',
      'miss',
    ]);
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
    expect(calls[0]?.json().items.length).toBeGreaterThan(0);
  });

  it("never gives one caller's answer to another asking the same URL", async () => {
    const [national, practice, trust, again] = await withinOneSnapshot(async (attempt) => {
      const url = `/api/v1/findings?limit=${20 + attempt}`;
      return [
        await get('nat_analyst', url),
        await get('a84_viewer', url),
        await get('rj7_viewer', url),
        await get('a84_viewer', url),
      ];
    });
    expect(national.json().items.length).toBeGreaterThan(0);
    expect(practice.json().items).toEqual([]);
    expect(new Set(trust.json().items.map((f: { org: string }) => f.org))).toEqual(new Set(['RJ7']));
    expect([practice.headers['x-ward-cache'], again.headers['x-ward-cache']]).toEqual(['miss', 'hit']);
    expect(again.json().items).toEqual([]);
  });

  it('refuses a revoked token on its very next call', async () => {
    const url = '/api/v1/exposure/summary?org=RAL';
    expect((await get('ral_responder', url)).statusCode).toBe(200);
    expect((await get('ral_responder', url)).headers['x-ward-cache']).toBe('hit');
    await revokeToken(db(), ADMIN_CLI, users.ral_responder.tokenId);
    const refused = await get('ral_responder', url);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toMatch(/revoked/);
  });

  it('asks again once the clock has moved past its grain', async () => {
    const url = '/api/v1/alerts';
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T09:00:00Z'));
    expect((await get('qwe_admin', url)).headers['x-ward-cache']).toBe('miss');
    vi.setSystemTime(new Date(Date.parse('2026-12-01T09:00:00Z') + CLOCK_GRAIN_MS / 2));
    expect((await get('qwe_admin', url)).headers['x-ward-cache']).toBe('hit');
    vi.setSystemTime(new Date(Date.parse('2026-12-01T09:00:00Z') + CLOCK_GRAIN_MS));
    expect((await get('qwe_admin', url)).headers['x-ward-cache']).toBe('miss');
  });

  // `ward serve` runs a notification pass every minute: with nothing due it must not commit, or
  // every pass would empty the cache.
  it('is not emptied by a notification pass with nothing to do', async () => {
    await runNotificationPass(db(), [], systemClock);
    const before = await currentSnapshot(db().db);
    const result = await runNotificationPass(db(), [], systemClock);
    expect(result.delivery.delivered).toBe(0);
    expect(await currentSnapshot(db().db)).toBe(before);
  });

  it('keeps no answer of a route not marked for it', async () => {
    const tokens = await get('qwe_admin', '/api/v1/tokens');
    expect(tokens.statusCode).toBe(200);
    expect(tokens.headers['x-ward-cache']).toBeUndefined();
  });
});
