import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { ADMIN_CLI, createTestUsers } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

describeEachEngine('organisation routes', (db, engine) => {
  let app: FastifyInstance;
  let headers: Record<string, string>;
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    const users = await createTestUsers(db());
    headers = { authorization: `Bearer ${users.nat_analyst.token}` };
    app = await buildApp({ database: db(), oidc: null });
  });
  afterAll(async () => app.close());

  it('answers /health', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    // Ward connects to a Citus coordinator as to any PostgreSQL server.
    expect(res.json()).toEqual({ status: 'ok', engine: engine === 'citus' ? 'postgres' : engine });
  });

  it('shows an organisation with its ancestors and descendant counts', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/organisations/qwe', headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.organisation.code).toBe('QWE');
    expect(body.ancestors.map((a: { code: string }) => a.code)).toEqual(['X26', 'Y56']);
    expect(body.descendants).toEqual({ trust: 1, site: 1, gp_practice: 2, pharmacy: 1 });
  });

  it('draws the tree to the requested depth', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/organisations/tree?code=Y56&depth=1',
      headers,
    });
    expect(res.statusCode).toBe(200);
    const tree = res.json();
    expect(tree.children.map((c: { code: string }) => c.code)).toEqual(['QMJ', 'QWE']);
    expect(tree.children[1].hiddenChildren).toBe(4);
  });

  it('asks for credentials without them', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/organisations/QWE' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, title: 'unauthenticated' });
  });

  it('answers an unknown organisation with a problem document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/organisations/NOPE', headers });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, detail: 'no organisation NOPE' });
  });

  it('rejects a bad depth with 400', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/organisations/tree?depth=-1', headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('depth');
  });
});
