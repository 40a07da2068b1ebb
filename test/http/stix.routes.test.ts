/**
 * STIX 2.1 over HTTP: a trust imports a bundle as a JSON body and as gzip files, a bad bundle is
 * refused with a problem document naming each object and nothing written, and the export streams
 * a bundle of what the caller may see.
 */
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TLP_MARKING_ID } from '../../src/domain/sharing/tlp.js';
import { buildApp } from '../../src/http/app.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI, createTestUsers } from '../factories/identity.factory.js';
import { multipart } from '../factories/multipart.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const indicator = (n: number, extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--5a0c2b8e-7c1d-4e2f-9a3b-${String(n).padStart(12, '0')}`,
  created: '2026-11-01T00:00:00.000Z',
  modified: '2026-11-01T00:00:00.000Z',
  pattern: `[domain-name:value = 'http-${n}.evil.example']`,
  pattern_type: 'stix',
  valid_from: '2026-11-01T00:00:00Z',
  object_marking_refs: [TLP_MARKING_ID.GREEN],
  ...extra,
});
const bundle = (objects: unknown[]) => ({
  type: 'bundle',
  id: 'bundle--1b9f3c1e-2d4a-4b5c-8d6e-7f8091a2b3c4',
  objects,
});

describeEachEngine('STIX routes', (db) => {
  let app: FastifyInstance;
  let trust: Record<string, string>;
  let practice: Record<string, string>;
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    const users = await createTestUsers(db());
    trust = { authorization: `Bearer ${users.rj7_responder.token}` };
    practice = { authorization: `Bearer ${users.a84_viewer.token}` };
    app = await buildApp({ database: db(), oidc: null });
  });
  afterAll(async () => app.close());

  it('imports a JSON bundle for the caller’s own organisation and gzip files as uploads', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/stix/import?source=partner',
      headers: trust,
      payload: bundle([indicator(1), indicator(2, { object_marking_refs: [TLP_MARKING_ID.AMBER] })]),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().imports).toEqual([
      {
        file: 'request',
        source: 'partner',
        producer: 'RJ7',
        objects: 2,
        indicators: { created: 2, updated: 0 },
        skipped: [],
      },
    ]);
    const form = multipart({}, [
      { name: 'feed.json.gz', content: gzipSync(JSON.stringify(bundle([indicator(3)]))) },
    ]);
    const up = await app.inject({
      method: 'POST',
      url: '/api/v1/stix/import?org=RJ7',
      headers: { ...trust, ...form.headers },
      payload: form.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().imports[0]).toMatchObject({
      file: 'feed.json.gz',
      source: 'stix:feed.json.gz',
      indicators: { created: 1 },
    });
  });

  it('refuses a bad bundle naming each object, and writes nothing', async () => {
    const before = await snapshotTables(db(), ['indicators', 'marked_people', 'audit_log']);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/stix/import',
      headers: trust,
      payload: bundle([
        indicator(4, { spec_version: '2.0' }),
        indicator(5, { pattern: "[domain-name:value = 'x.example'] AND" }),
        indicator(6, { object_marking_refs: ['marking-definition--0f3e5d1c-1111-4222-8333-444455556666'] }),
      ]),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const reasons = (res.json().problems as { reason: string }[]).map((p) => p.reason);
    expect(reasons).toEqual([
      'indicator--5a0c2b8e-7c1d-4e2f-9a3b-000000000004: "spec_version" is "2.0": Ward reads STIX 2.1 only',
      'indicator--5a0c2b8e-7c1d-4e2f-9a3b-000000000005: the pattern does not parse: expected "[" or "(" opening an observation at the end (character 38)',
      'indicator--5a0c2b8e-7c1d-4e2f-9a3b-000000000006: marking "marking-definition--0f3e5d1c-1111-4222-8333-444455556666" is unknown (not a TLP marking, nor defined in the bundle)',
    ]);
    const notJson = await app.inject({
      method: 'POST',
      url: '/api/v1/stix/import',
      headers: { ...trust, 'content-type': 'application/json' },
      payload: '{"type": "bundle",',
    });
    expect(notJson.statusCode).toBe(400);
    expect(await snapshotTables(db(), ['indicators', 'marked_people', 'audit_log'])).toEqual(before);
  });

  it('streams the caller’s bundle: GREEN to everyone, AMBER to its producer only', async () => {
    const names = async (headers: Record<string, string>, query = '') => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/stix/bundle${query}`, headers });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('application/stix+json');
      return (res.json().objects as { type: string; name?: string }[])
        .filter((o) => o.type === 'indicator')
        .map((o) => o.name)
        .sort();
    };
    expect(await names(trust)).toEqual(['http-1.evil.example', 'http-2.evil.example', 'http-3.evil.example']);
    expect(await names(practice)).toEqual(['http-1.evil.example', 'http-3.evil.example']);
    expect(await names(trust, '?tlp=amber')).toEqual(['http-2.evil.example']);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/stix/bundle?tlp=purple', headers: trust });
    expect(bad.statusCode).toBe(400);
  });
});
