/**
 * Ward's TAXII 2.1 server through HTTP (inject): discovery, API root, collections per caller,
 * objects with every filter and `next` pages, one object, versions, manifest, and TAXII's errors
 * (401, 403, 404, 406, 415, 400 on a bad filter or a cursor of another query).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { valuesOfPattern } from '../../src/domain/sharing/stix-pattern.js';
import { buildApp } from '../../src/http/app.js';
import { FEDERATION_COLLECTION } from '../../src/services/sharing/taxii.service.js';
import type { TestUser } from '../factories/identity.factory.js';
import { buildTaxiiWorld, expectedValues, type TaxiiWorld } from '../factories/taxii.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const TAXII = 'application/taxii+json;version=2.1';
const ROOT = '/taxii2/ward';

describeEachEngine('TAXII 2.1 server', (db) => {
  let app: FastifyInstance;
  let world: TaxiiWorld;
  beforeAll(async () => {
    world = await buildTaxiiWorld(db());
    app = await buildApp({ database: db(), oidc: null, web: false });
  });
  afterAll(async () => app?.close());

  const get = (user: TestUser, url: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${world.users[user].token}`, accept: TAXII, ...headers },
    });
  const patternValue = (o: { pattern: string }) => valuesOfPattern(o.pattern)?.[0]?.value;
  /** Every object of a collection, walking `next` pages of `limit`. */
  async function walk(user: TestUser, collection: string, query = '', limit = 2) {
    const objects: { id: string; pattern: string; modified: string }[] = [];
    let next: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const params = new URLSearchParams(query);
      params.set('limit', String(limit));
      if (next) params.set('next', next);
      const res = await get(user, `${ROOT}/collections/${collection}/objects/?${params}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe(TAXII);
      const body = res.json();
      expect((body.objects ?? []).length).toBeLessThanOrEqual(limit);
      objects.push(...(body.objects ?? []));
      if (!body.more) return objects;
      expect(body.next).toEqual(expect.any(String));
      next = body.next;
    }
    throw new Error('too many pages');
  }
  const collectionsOf = async (user: TestUser) => {
    const res = await get(user, `${ROOT}/collections/`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().collections as { id: string; title: string; can_read: boolean; can_write: boolean }[];
  };

  it('answers discovery and the API root in TAXII 2.1 JSON', async () => {
    const discovery = await get('rj7_viewer', '/taxii2/');
    expect(discovery.statusCode).toBe(200);
    expect(discovery.headers['content-type']).toBe(TAXII);
    expect(discovery.json()).toMatchObject({
      title: expect.any(String),
      default: 'http://localhost:80/taxii2/ward/',
      api_roots: ['http://localhost:80/taxii2/ward/'],
    });
    const root = await get('rj7_viewer', `${ROOT}/`);
    expect(root.json()).toMatchObject({ versions: [TAXII], max_content_length: expect.any(Number) });
  });

  it('lists one collection per sharing scope the caller reads, writable where it may add indicators', async () => {
    const rj7 = await collectionsOf('rj7_responder');
    expect(rj7.map((c) => c.title)).toEqual([
      'Federation: TLP:CLEAR and TLP:GREEN',
      'RJ7: own indicators',
      'RJ7: shared with us',
      'Sharing group: london-trusts',
    ]);
    expect(rj7.map((c) => c.can_write)).toEqual([false, true, false, false]);
    expect((await collectionsOf('rj7_viewer')).map((c) => c.can_write)).toEqual([false, false, false, false]);
    expect((await collectionsOf('a84_viewer')).map((c) => c.title)).toEqual([
      'Federation: TLP:CLEAR and TLP:GREEN',
      'A84001: own indicators',
      'A84001: shared with us',
    ]);
    expect((await collectionsOf('nat_analyst')).map((c) => c.title)).toEqual([
      'Federation: TLP:CLEAR and TLP:GREEN',
      'X26: own indicators',
      'X26: shared with us',
    ]);
    const one = await get('rj7_viewer', `${ROOT}/collections/${rj7[1]?.id}/`);
    expect(one.json()).toMatchObject({ id: rj7[1]?.id, can_read: true, media_types: [expect.any(String)] });
  });

  it('gives each caller, over all its collections, exactly what the TLP rule lets it see', async () => {
    for (const user of [
      'rj7_responder',
      'rj7_viewer',
      'ral_responder',
      'a84_viewer',
      'nat_analyst',
      'qwe_admin',
    ] as const) {
      const seen: string[] = [];
      for (const c of await collectionsOf(user))
        seen.push(...(await walk(user, c.id)).map((o) => patternValue(o) as string));
      expect([...new Set(seen)].sort(), user).toEqual(expectedValues(user));
    }
  });

  it('keeps a collection to its scope: the federation CLEAR and GREEN, a group its AMBER', async () => {
    const fed = (await walk('a84_viewer', FEDERATION_COLLECTION)).map(patternValue).sort();
    expect(fed).toEqual(['clear-rj7.example', 'green-ral.example', 'green-rj7.example']);
    const group = (await collectionsOf('ral_responder')).find((c) => c.title.startsWith('Sharing group'));
    expect((await walk('ral_responder', group?.id as string)).map(patternValue)).toEqual([
      'amber-group.example',
    ]);
    // The group's collection does not exist for a non-member, nor a trust's own for another trust.
    expect((await get('a84_viewer', `${ROOT}/collections/${group?.id}/objects/`)).statusCode).toBe(404);
    const rj7Own = (await collectionsOf('rj7_viewer'))[1]?.id as string;
    const res = await get('ral_responder', `${ROOT}/collections/${rj7Own}/objects/`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe(TAXII);
    expect(res.json()).toMatchObject({ http_status: '404', title: expect.any(String) });
  });

  it('filters by added_after, match[type], match[id], match[version] and match[spec_version]', async () => {
    const all = await walk('rj7_responder', FEDERATION_COLLECTION, '', 100);
    expect(all.length).toBe(3);
    const first = await get('rj7_responder', `${ROOT}/collections/${FEDERATION_COLLECTION}/objects/?limit=1`);
    const added = first.headers['x-taxii-date-added-last'] as string;
    expect(added).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(first.headers['x-taxii-date-added-first']).toBe(added);
    const after = await walk('rj7_responder', FEDERATION_COLLECTION, `added_after=${added}`, 100);
    expect(after.map((o) => o.id)).toEqual(all.slice(1).map((o) => o.id));
    expect(await walk('rj7_responder', FEDERATION_COLLECTION, 'match[type]=malware,report')).toEqual([]);
    expect((await walk('rj7_responder', FEDERATION_COLLECTION, 'match[type]=indicator')).length).toBe(3);
    const id = world.stixIds.get('green-ral.example') as string;
    const byId = await walk('rj7_responder', FEDERATION_COLLECTION, `match[id]=${id}`);
    expect(byId.map((o) => o.id)).toEqual([id]);
    const v = byId[0]?.modified as string;
    expect(
      await walk('rj7_responder', FEDERATION_COLLECTION, `match[id]=${id}&match[version]=${v}`),
    ).toHaveLength(1);
    expect(
      await walk(
        'rj7_responder',
        FEDERATION_COLLECTION,
        `match[id]=${id}&match[version]=2001-01-01T00:00:00.000Z`,
      ),
    ).toEqual([]);
    expect(await walk('rj7_responder', FEDERATION_COLLECTION, 'match[version]=all')).toHaveLength(3);
    expect(await walk('rj7_responder', FEDERATION_COLLECTION, 'match[spec_version]=2.0')).toEqual([]);
    expect(await walk('rj7_responder', FEDERATION_COLLECTION, 'match[spec_version]=2.1')).toHaveLength(3);
    const bad = await get(
      'rj7_responder',
      `${ROOT}/collections/${FEDERATION_COLLECTION}/objects/?added_after=yesterday`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().description).toMatch(/added_after/);
  });

  it('serves one object, its versions and the manifest, and hides what the caller may not see', async () => {
    const own = (await collectionsOf('rj7_responder'))[1]?.id as string;
    const strict = world.stixIds.get('strict-rj7.example') as string;
    const one = await get('rj7_responder', `${ROOT}/collections/${own}/objects/${strict}/`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().objects.map(patternValue)).toEqual(['strict-rj7.example']);
    const versions = await get('rj7_responder', `${ROOT}/collections/${own}/objects/${strict}/versions/`);
    expect(versions.json()).toEqual({ more: false, versions: [one.json().objects[0].modified] });
    // RED that names someone else in the same trust: not there for the viewer.
    const red = world.stixIds.get('red-rj7.example') as string;
    expect((await get('rj7_viewer', `${ROOT}/collections/${own}/objects/${red}/`)).statusCode).toBe(404);
    expect((await get('rj7_responder', `${ROOT}/collections/${own}/objects/${red}/`)).statusCode).toBe(200);
    const manifest = await get('rj7_responder', `${ROOT}/collections/${own}/manifest/?limit=2`);
    expect(manifest.json()).toMatchObject({ more: true, next: expect.any(String) });
    for (const m of manifest.json().objects)
      expect(m).toEqual({
        id: expect.stringMatching(/^indicator--/),
        date_added: expect.any(String),
        version: expect.any(String),
        media_type: 'application/stix+json;version=2.1',
      });
  });

  it('rejects a next of another query or caller', async () => {
    const page = (
      await get('rj7_responder', `${ROOT}/collections/${FEDERATION_COLLECTION}/objects/?limit=1`)
    ).json();
    const next = encodeURIComponent(page.next);
    for (const [user, url] of [
      ['ral_responder', `objects/?limit=1&next=${next}`],
      ['rj7_responder', `objects/?limit=1&match[type]=indicator&next=${next}`],
      ['rj7_responder', `manifest/?limit=1&next=${next}`],
    ] as const) {
      const res = await get(user, `${ROOT}/collections/${FEDERATION_COLLECTION}/${url}`);
      expect(res.statusCode, `${user} ${url}`).toBe(400);
      expect(res.json().description).toMatch(/cursor/);
    }
  });

  it('answers TAXII errors: 401 without or with a bad token, 406, 404 for unknown paths', async () => {
    const none = await app.inject({ method: 'GET', url: '/taxii2/', headers: { accept: TAXII } });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/Basic/);
    expect(none.json()).toMatchObject({ http_status: '401' });
    const bad = await app.inject({
      method: 'GET',
      url: '/taxii2/',
      headers: { authorization: 'Bearer ward_nope' },
    });
    expect(bad.statusCode).toBe(401);
    const basic = (user: string, token: string) =>
      `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
    const token = world.users.rj7_viewer.token;
    expect(
      (await get('rj7_viewer', '/taxii2/', { authorization: basic('rj7_viewer', token) })).statusCode,
    ).toBe(200);
    expect(
      (await get('rj7_viewer', '/taxii2/', { authorization: basic('ral_admin', token) })).statusCode,
    ).toBe(401);
    const xml = await get('rj7_viewer', `${ROOT}/collections/`, { accept: 'application/xml' });
    expect(xml.statusCode).toBe(406);
    expect(
      (await get('rj7_viewer', `${ROOT}/collections/`, { accept: 'application/taxii+json;version=2.0' }))
        .statusCode,
    ).toBe(406);
    expect(
      (await get('rj7_viewer', `${ROOT}/collections/`, { accept: 'application/taxii+json' })).statusCode,
    ).toBe(200);
    const unknown = await get('rj7_viewer', `${ROOT}/nowhere/`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toBe(TAXII);
    expect((await app.inject({ method: 'GET', url: `${ROOT}/nowhere/` })).statusCode).toBe(401);
  });

  const post = (user: TestUser, collection: string, body: unknown, contentType = TAXII) =>
    app.inject({
      method: 'POST',
      url: `${ROOT}/collections/${collection}/objects/`,
      headers: {
        authorization: `Bearer ${world.users[user].token}`,
        accept: TAXII,
        'content-type': contentType,
      },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const indicator = (id: string, value: string, marking: string) => ({
    type: 'indicator',
    spec_version: '2.1',
    id,
    created: '2026-03-01T10:00:00.000Z',
    modified: '2026-03-01T10:00:00.000Z',
    pattern: `[ipv4-addr:value = '${value}']`,
    pattern_type: 'stix',
    valid_from: '2026-03-01T10:00:00.000Z',
    object_marking_refs: [marking],
  });
  const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
  const AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';

  it("adds a POSTed envelope to the caller's own collection, markings kept, and keeps its status for the poster", async () => {
    const own = (await collectionsOf('rj7_responder'))[1]?.id as string;
    const a = 'indicator--0c1b6a0e-5f5e-4b8e-9d53-2f1b3e4d5a61';
    const b = 'indicator--7d2c7b1f-6a6f-4c9f-8e64-3a2c4f5e6b72';
    const res = await post('rj7_responder', own, {
      objects: [indicator(a, '192.0.2.10', GREEN), indicator(b, '192.0.2.11', AMBER)],
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.headers['content-type']).toBe(TAXII);
    const status = res.json();
    expect(status).toMatchObject({
      status: 'complete',
      total_count: 2,
      success_count: 2,
      failure_count: 0,
      pending_count: 0,
    });
    expect(status.successes.map((x: { id: string }) => x.id)).toEqual([a, b]);
    const again = await get('rj7_responder', `${ROOT}/status/${status.id}/`);
    expect(again.json()).toEqual(status);
    // Another caller does not see the status; the GREEN one reaches everyone, the AMBER one stays home.
    expect((await get('ral_responder', `${ROOT}/status/${status.id}/`)).statusCode).toBe(404);
    const fed = (await walk('a84_viewer', FEDERATION_COLLECTION, '', 100)).map((o) => o.id);
    expect(fed).toContain(a);
    expect(fed).not.toContain(b);
    const row = await db()
      .db.selectFrom('indicators')
      .select(['tlp', 'source', 'value'])
      .where('stix_id', '=', b)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ tlp: 'AMBER', source: 'taxii:token:rj7_responder/tests', value: '192.0.2.11' });
  });

  it('refuses a bad envelope whole: every object fails, the refused one with its reason, nothing added', async () => {
    const own = (await collectionsOf('rj7_responder'))[1]?.id as string;
    const good = 'indicator--8e3d8c20-7b70-4da0-9f75-4b3d5a6f7c83';
    const bad = { ...indicator('indicator--9f4e9d31-8c81-4eb1-8a86-5c4e6b7a8d94', '192.0.2.12', GREEN) };
    bad.pattern = "[ipv4-addr:value = '192.0.2.12'";
    const before = await db()
      .db.selectFrom('indicators')
      .select(db().db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const res = await post('rj7_responder', own, { objects: [indicator(good, '192.0.2.13', GREEN), bad] });
    expect(res.statusCode).toBe(202);
    const status = res.json();
    expect(status).toMatchObject({ total_count: 2, success_count: 0, failure_count: 2 });
    expect(status.failures[0].message).toMatch(/another object/);
    expect(status.failures[1]).toMatchObject({ id: bad.id, message: expect.stringMatching(/pattern/) });
    const after = await db()
      .db.selectFrom('indicators')
      .select(db().db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });

  it('answers 403 for a collection the caller may read but not write, 415 and 422 for what is not an envelope', async () => {
    const own = (await collectionsOf('rj7_viewer'))[1]?.id as string;
    const envelope = {
      objects: [indicator('indicator--1a5f0e42-9d92-4fc2-8b97-6d5f7c8b9ea5', '192.0.2.14', GREEN)],
    };
    const viewer = await post('rj7_viewer', own, envelope);
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json()).toMatchObject({ http_status: '403' });
    expect((await post('rj7_responder', FEDERATION_COLLECTION, envelope)).statusCode).toBe(403);
    expect((await post('rj7_responder', own, envelope, 'application/json')).statusCode).toBe(415);
    expect((await post('rj7_responder', own, envelope, 'text/plain')).statusCode).toBe(415);
    expect((await post('rj7_responder', own, { type: 'bundle' })).statusCode).toBe(422);
    const notJson = await post('rj7_responder', own, '{"objects": [');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().description).toMatch(/not JSON/);
  });
});
