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
});
