/**
 * `ward intel taxii pull` through its service, against real TAXII servers on 127.0.0.1: Ward's own
 * (another database's federation), and a minimal stand-in serving fixed pages with `more`/`next`, a
 * page cut short, and a 401. Pulled indicators keep their marking and the feed as their source; a
 * pull resumes from the stored `X-TAXII-Date-Added-Last`; a failed page writes nothing of itself.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { buildApp } from '../../src/http/app.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { FEDERATION_COLLECTION } from '../../src/services/sharing/taxii.service.js';
import { pullTaxii } from '../../src/services/sharing/taxii-pull.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { buildTaxiiWorld, type TaxiiWorld } from '../factories/taxii.factory.js';
import { AMBER, GREEN, indicator, standIn, TAXII } from '../factories/taxii-stand-in.factory.js';
import { describeEachEngine, openTestDatabase } from '../setup/engines.js';

const TABLES = ['indicators', 'marked_orgs', 'marked_groups', 'marked_people', 'taxii_pull_cursors'];

describeEachEngine('TAXII pull', (db, engine) => {
  let source: Database;
  let world: TaxiiWorld;
  let app: FastifyInstance;
  let wardUrl: string;
  beforeAll(async () => {
    // Ward's own server, on another database: the feed.
    source = await openTestDatabase(engine);
    world = await buildTaxiiWorld(source);
    app = await buildApp({ database: source, oidc: null, web: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    wardUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/taxii2/`;
    // The pulling side: the same federation, no indicators.
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
  });
  afterAll(async () => {
    await app?.close();
    await source?.close();
  });

  const held = async (sourceLike: string) =>
    db()
      .db.selectFrom('indicators as i')
      .innerJoin('organisations as o', 'o.id', 'i.producer_org_id')
      .select(['i.value', 'i.tlp', 'i.source', 'o.code'])
      .where('i.source', 'like', sourceLike)
      .orderBy('i.value')
      .execute();

  it("pulls Ward's own federation collection page by page, then resumes with nothing new", async () => {
    const pages: number[] = [];
    const summary = await pullTaxii(db(), ADMIN_CLI, {
      url: wardUrl,
      collection: FEDERATION_COLLECTION,
      token: world.users.a84_viewer.token,
      org: 'A84001',
      limit: 2,
      onPage: (p) => pages.push(p.objects),
    });
    expect(pages).toEqual([2, 1]);
    const collectionUrl = `${wardUrl}ward/collections/${FEDERATION_COLLECTION}/`;
    expect(summary).toMatchObject({
      apiRoot: `${wardUrl}ward/`,
      source: `taxii:${collectionUrl}`,
      from: null,
      pages: 2,
      objects: 3,
      indicators: { created: 3, updated: 0 },
    });
    expect(await held('taxii:%')).toEqual([
      { value: 'clear-rj7.example', tlp: 'CLEAR', source: `taxii:${collectionUrl}`, code: 'A84001' },
      { value: 'green-ral.example', tlp: 'GREEN', source: `taxii:${collectionUrl}`, code: 'A84001' },
      { value: 'green-rj7.example', tlp: 'GREEN', source: `taxii:${collectionUrl}`, code: 'A84001' },
    ]);
    const again = await pullTaxii(db(), ADMIN_CLI, {
      url: wardUrl,
      collection: FEDERATION_COLLECTION,
      token: world.users.a84_viewer.token,
      org: 'A84001',
    });
    expect(again).toMatchObject({
      from: summary.addedLast,
      objects: 0,
      indicators: { created: 0, updated: 0 },
    });
    const since = await pullTaxii(db(), ADMIN_CLI, {
      url: wardUrl,
      collection: FEDERATION_COLLECTION,
      token: world.users.a84_viewer.token,
      org: 'A84001',
      since: '2000-01-01T00:00:00Z',
    });
    expect(since).toMatchObject({
      from: '2000-01-01T00:00:00Z',
      objects: 3,
      indicators: { created: 0, updated: 3 },
    });
  });

  it('keeps AMBER as AMBER, and reads only what the token may see', async () => {
    const group = (
      await app.inject({
        method: 'GET',
        url: '/taxii2/ward/collections/',
        headers: { authorization: `Bearer ${world.users.ral_responder.token}` },
      })
    )
      .json()
      .collections.find((c: { title: string }) => c.title.startsWith('Sharing group')).id as string;
    const summary = await pullTaxii(db(), ADMIN_CLI, {
      url: `${wardUrl}ward/`,
      collection: group,
      user: 'ral_responder',
      password: world.users.ral_responder.token,
      org: 'RAL',
    });
    expect(summary.objects).toBe(1);
    expect((await held(`taxii:%${group}/`)).map((r) => [r.value, r.tlp, r.code])).toEqual([
      ['amber-group.example', 'AMBER', 'RAL'],
    ]);
    // The same collection does not exist for a practice's token.
    const before = await snapshotTables(db(), TABLES);
    await expect(
      pullTaxii(db(), ADMIN_CLI, {
        url: wardUrl,
        collection: group,
        token: world.users.a84_viewer.token,
        org: 'A84001',
      }),
    ).rejects.toThrow(/answered 404/);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it('follows more/next on a stand-in, sends its credentials and added_after, and resumes after a page cut short', async () => {
    let cut = true;
    const stand = await standIn((q) => {
      if (!q.get('next'))
        return {
          body: JSON.stringify({
            more: true,
            next: 'page-2',
            objects: [indicator(1, GREEN), indicator(2, AMBER)],
          }),
          last: '2026-02-01T00:00:01.000001Z',
        };
      if (cut) return { body: '{"more": false, "objects": [{"type": "indic' };
      return {
        body: JSON.stringify({ more: false, objects: [indicator(3, GREEN)] }),
        last: '2026-02-01T00:00:03Z',
      };
    });
    try {
      await expect(
        pullTaxii(db(), ADMIN_CLI, {
          url: stand.url,
          collection: 'c1',
          user: 'partner',
          password: 's3cret',
          org: 'RJ7',
        }),
      ).rejects.toThrow(/cut short.*resumes after 2026-02-01T00:00:01.000001Z/);
      expect(stand.requests[0]).toMatchObject({
        url: '/taxii2/',
        accept: TAXII,
        authorization: `Basic ${Buffer.from('partner:s3cret').toString('base64')}`,
      });
      const feed = `taxii:http://127.0.0.1:${new URL(stand.url).port}/feeds/collections/c1/`;
      // The first page is kept, its marking with it; the cut page wrote nothing.
      expect((await held(`${feed}`)).map((r) => [r.value, r.tlp])).toEqual([
        ['198.51.100.1', 'GREEN'],
        ['198.51.100.2', 'AMBER'],
      ]);
      cut = false;
      stand.requests.length = 0;
      const resumed = await pullTaxii(db(), ADMIN_CLI, {
        url: stand.url,
        collection: 'c1',
        user: 'partner',
        password: 's3cret',
        org: 'RJ7',
      });
      expect(resumed).toMatchObject({
        from: '2026-02-01T00:00:01.000001Z',
        addedLast: '2026-02-01T00:00:03Z',
      });
      const objectRequests = stand.requests.filter((r) => r.url.includes('/objects/')).map((r) => r.url);
      expect(objectRequests[0]).toBe(
        '/feeds/collections/c1/objects/?added_after=2026-02-01T00%3A00%3A01.000001Z',
      );
      expect(objectRequests[1]).toMatch(/next=page-2/);
      expect((await held(feed)).map((r) => r.value)).toEqual([
        '198.51.100.1',
        '198.51.100.2',
        '198.51.100.3',
      ]);
    } finally {
      await stand.close();
    }
  });

  it('stops on a 401 with what the server said, writing nothing', async () => {
    const stand = await standIn(() => ({
      status: 401,
      body: JSON.stringify({ title: 'Unauthorized', description: 'token expired', http_status: '401' }),
    }));
    try {
      const before = await snapshotTables(db(), TABLES);
      await expect(
        pullTaxii(db(), ADMIN_CLI, { url: stand.url, collection: 'c1', token: 'old', org: 'RJ7' }),
      ).rejects.toThrow(/answered 401: token expired \(check --token/);
      expect(await snapshotTables(db(), TABLES)).toEqual(before);
      await expect(
        pullTaxii(db(), ADMIN_CLI, { url: 'ftp://x', collection: 'c1', since: 'yesterday', org: 'RJ7' }),
      ).rejects.toThrow(/url: give an http\(s\) URL; since: give a timestamp/);
    } finally {
      await stand.close();
    }
  });
});
