/**
 * Isolation over every TAXII route, as the API's isolation matrix does for /api/v1 (which probes
 * with session cookies and organisation codes; TAXII takes API tokens and answers in collections,
 * so it has this matrix of its own). For each test user (roles on the national root, a region, an
 * ICB, two sibling trusts and a practice in another region): the collections listed are exactly
 * the scopes the reference model gives it; every collection of anyone else, every object in it and
 * every write to it answer 404; what it reads is within what `maySee` allows and, over its
 * collections, all of it; writes need write on the entity (else 403); a status is its poster's
 * alone. The last test checks that the matrix covers every TAXII route.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { valuesOfPattern } from '../../src/domain/sharing/stix-pattern.js';
import { entityOf } from '../../src/domain/sharing/tlp-audience.js';
import { buildApp } from '../../src/http/app.js';
import { collectionUuid, FEDERATION_COLLECTION } from '../../src/services/sharing/taxii.service.js';
import { TEST_USERS, type TestUser } from '../factories/identity.factory.js';
import { SMALL_FEDERATION } from '../factories/org-csv.factory.js';
import {
  buildTaxiiWorld,
  expectedValues,
  GROUP,
  GROUP_MEMBERS,
  type TaxiiWorld,
} from '../factories/taxii.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const TAXII = 'application/taxii+json;version=2.1';
const ROOT = '/taxii2/ward';
const USERS = Object.keys(TEST_USERS) as TestUser[];
const KIND = new Map(SMALL_FEDERATION.map((l) => [l[0], l[2]]));
const PARENT = new Map(SMALL_FEDERATION.map((l) => [l[0], l[3] || null]));
const WRITERS = new Set(['responder', 'org_admin', 'national_analyst', 'national_admin']);
const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';

/** The routes this matrix covers, as Fastify lists them. */
const ROUTES = [
  'GET /taxii2',
  'GET /taxii2/ward/',
  'GET /taxii2/ward/collections/',
  'GET /taxii2/ward/collections/:id/',
  'GET /taxii2/ward/collections/:id/objects/',
  'POST /taxii2/ward/collections/:id/objects/',
  'GET /taxii2/ward/collections/:id/objects/:objectId/',
  'GET /taxii2/ward/collections/:id/objects/:objectId/versions/',
  'GET /taxii2/ward/collections/:id/manifest/',
  'GET /taxii2/ward/status/:statusId/',
  'GET /taxii2/ward/status/:statusId',
];

describeEachEngine('TAXII isolation over every route', (db) => {
  let app: FastifyInstance;
  let world: TaxiiWorld;
  const ids = new Map<string, string>();
  let groupId: string;
  beforeAll(async () => {
    world = await buildTaxiiWorld(db());
    app = await buildApp({ database: db(), oidc: null, web: false });
    for (const o of await db().db.selectFrom('organisations').select(['code', 'id']).execute())
      ids.set(o.code, o.id);
    groupId = (
      await db()
        .db.selectFrom('sharing_groups')
        .select('id')
        .where('name', '=', GROUP)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => app?.close());

  const call = (user: TestUser, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${world.users[user].token}`,
        accept: TAXII,
        ...(payload ? { 'content-type': TAXII } : {}),
      },
      payload: payload ? JSON.stringify(payload) : undefined,
    });
  const entity = (user: TestUser) =>
    entityOf(
      TEST_USERS[user][0],
      (c) => KIND.get(c),
      (c) => PARENT.get(c),
    );
  /** The reference model: the user's collections (id → writable). */
  const expected = (user: TestUser) => {
    const e = entity(user);
    const out = new Map<string, boolean>([
      [FEDERATION_COLLECTION, false],
      [ids.get(e) as string, WRITERS.has(TEST_USERS[user][1])],
      [collectionUuid(`shared:${ids.get(e)}`), false],
    ]);
    if (GROUP_MEMBERS.includes(e)) out.set(groupId, false);
    return out;
  };
  const everyCollection = () => new Set(USERS.flatMap((u) => [...expected(u).keys()]));
  const patternValue = (o: { pattern: string }) => valuesOfPattern(o.pattern)?.[0]?.value as string;

  for (const user of USERS) {
    it(`as ${user} (${TEST_USERS[user].join(' on ')})`, async () => {
      for (const url of ['/taxii2/', `${ROOT}/`])
        expect((await call(user, 'GET', url)).statusCode, url).toBe(200);
      const mine = expected(user);
      const listed = (await call(user, 'GET', `${ROOT}/collections/`)).json().collections as {
        id: string;
        can_write: boolean;
      }[];
      expect(new Map(listed.map((c) => [c.id, c.can_write]))).toEqual(mine);
      const allowed = new Set(expectedValues(user));
      const seen = new Set<string>();
      const stixOfValue = new Map([...world.stixIds].map(([v, id]) => [id, v]));
      for (const id of everyCollection()) {
        const base = `${ROOT}/collections/${id}/`;
        const ours = mine.has(id);
        const want = ours ? 200 : 404;
        expect((await call(user, 'GET', base)).statusCode, base).toBe(want);
        const objects = await call(user, 'GET', `${base}objects/`);
        expect(objects.statusCode, `${base}objects/`).toBe(want);
        expect((await call(user, 'GET', `${base}manifest/`)).statusCode).toBe(want);
        const here = new Set<string>((objects.json().objects ?? []).map(patternValue));
        for (const v of here) expect(allowed.has(v), `${user} sees ${v} in ${id}`).toBe(true);
        for (const v of here) seen.add(v);
        // Every indicator of the world, guessed by id in this collection: only what is here answers.
        for (const [stixId, value] of stixOfValue) {
          const one = await call(user, 'GET', `${base}objects/${stixId}/`);
          expect(one.statusCode, `${user} ${value} in ${id}`).toBe(ours && here.has(value) ? 200 : 404);
          const versions = await call(user, 'GET', `${base}objects/${stixId}/versions/`);
          expect(versions.statusCode).toBe(one.statusCode);
        }
        const post = await call(user, 'POST', `${base}objects/`, { objects: [] });
        expect(post.statusCode, `POST ${base}objects/`).toBe(!ours ? 404 : mine.get(id) ? 202 : 403);
      }
      expect([...seen].sort()).toEqual([...allowed].sort());
    });
  }

  it("keeps a status to its poster: other users' tokens get 404", async () => {
    const own = ids.get('RJ7') as string;
    const posted = await call('rj7_responder', 'POST', `${ROOT}/collections/${own}/objects/`, {
      objects: [
        {
          type: 'indicator',
          spec_version: '2.1',
          id: 'indicator--2b6a1f53-0ea3-4fd3-9ca8-7e6f8d9cafb6',
          created: '2026-03-02T00:00:00.000Z',
          modified: '2026-03-02T00:00:00.000Z',
          pattern: "[domain-name:value = 'isolation.example']",
          pattern_type: 'stix',
          valid_from: '2026-03-02T00:00:00.000Z',
          object_marking_refs: [GREEN],
        },
      ],
    });
    expect(posted.statusCode).toBe(202);
    const id = posted.json().id as string;
    for (const user of USERS)
      for (const url of [`${ROOT}/status/${id}/`, `${ROOT}/status/${id}`])
        expect((await call(user, 'GET', url)).statusCode, `${user} ${url}`).toBe(
          user === 'rj7_responder' ? 200 : 404,
        );
  });

  it('covers every TAXII route of the app', () => {
    const taxii = app.routeTable
      .filter((r) => r.url.startsWith('/taxii2'))
      .map((r) => `${r.method} ${r.url}`);
    expect(taxii.sort()).toEqual([...ROUTES].sort());
  });
});
