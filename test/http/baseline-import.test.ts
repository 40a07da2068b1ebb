/**
 * Framework and profile import over the API (national admins): a bad file is refused whole with
 * every problem by line and nothing written; a good one is imported and audited; anyone else is
 * refused before anything is read into the database.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { loadShippedBaseline } from '../factories/baseline.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI, createTestUsers, type TestUser } from '../factories/identity.factory.js';
import { multipart } from '../factories/multipart.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const SHIPPED = fileURLToPath(new URL('../../fixtures/baseline/', import.meta.url));
const TABLES = ['baseline_frameworks', 'baseline_outcomes', 'baseline_profiles', 'audit_log'];

describeEachEngine('baseline framework and profile import over the API', (db) => {
  let app: FastifyInstance;
  const auth: Partial<Record<TestUser, Record<string, string>>> = {};
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedBaseline(db());
    const users = await createTestUsers(db());
    for (const [name, u] of Object.entries(users))
      auth[name as TestUser] = { authorization: `Bearer ${u.token}` };
    app = await buildApp({ database: db(), oidc: null, uploadLimitBytes: 1024 * 1024 });
  });
  afterAll(async () => app.close());

  const post = (user: TestUser, what: 'frameworks' | 'profiles', name: string, content: string) => {
    const body = multipart({}, [{ name, content }]);
    return app.inject({
      method: 'POST',
      url: `/api/v1/baseline/${what}`,
      payload: body.payload,
      headers: { ...auth[user], ...body.headers },
    });
  };

  it('refuses a bad framework whole, every problem with its line, and writes nothing', async () => {
    const bad = JSON.parse(readFileSync(`${SHIPPED}caf-3.2-e.json`, 'utf8'));
    bad.id = 'broken';
    bad.objectives[0].principles[0].outcomes[1].id = 'A1.a';
    bad.objectives[1].principles[0].outcomes[0].levels = ['Not achieved', 'Mostly achieved'];
    const before = await snapshotTables(db(), TABLES);
    const res = await post('nat_admin', 'frameworks', 'broken.json', JSON.stringify(bad, null, 2));
    expect(res.statusCode).toBe(400);
    const problems = res.json().problems as { file: string; line: number; reason: string }[];
    expect(problems.map((p) => p.reason)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^duplicate outcome id A1\.a /),
        'outcome B1.a must allow "Not achieved" and "Achieved"',
        expect.stringContaining('unknown level "Mostly achieved"'),
      ]),
    );
    for (const p of problems) expect(p).toMatchObject({ file: 'broken.json', line: expect.any(Number) });
    expect(problems.every((p) => p.line > 0)).toBe(true);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it('imports a good framework as a national admin, audited; refuses other callers', async () => {
    const good = JSON.parse(readFileSync(`${SHIPPED}caf-3.2-e.json`, 'utf8'));
    good.id = 'caf-3.2-e-local';
    const text = JSON.stringify(good, null, 2);
    for (const user of ['nat_analyst', 'london_admin', 'rj7_responder'] as const)
      expect((await post(user, 'frameworks', 'local.json', text)).statusCode, user).toBe(403);
    const res = await post('nat_admin', 'frameworks', 'local.json', text);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ file: 'local.json', framework: 'caf-3.2-e-local', outcomes: 47 });
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/baseline/frameworks',
      headers: auth.rj7_viewer,
    });
    expect(list.json().items.map((f: { id: string }) => f.id)).toContain('caf-3.2-e-local');
  });

  it('imports profiles, and refuses a bad CSV with its lines and nothing written', async () => {
    const before = await snapshotTables(db(), TABLES);
    const bad = [
      'framework,year,kind,outcome,expected_level',
      'caf-3.2-e-local,2027,trust,A1.a,Achieved',
      'caf-3.2-e-local,2027,trust,Z9.z,Achieved',
      'caf-3.2-e-local,2027,trust,A1.b,Mostly',
    ].join('\n');
    const refused = await post('nat_admin', 'profiles', 'local.csv', bad);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().problems.map((p: { line: number }) => p.line)).toEqual([3, 4]);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);

    const good = 'framework,year,kind,outcome,expected_level\ncaf-3.2-e-local,2027,trust,A1.a,Achieved\n';
    expect((await post('qwe_admin', 'profiles', 'local.csv', good)).statusCode).toBe(403);
    const ok = await post('nat_admin', 'profiles', 'local.csv', good);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toEqual({ file: 'local.csv', rows: 1, profiles: 1, source: 'local.csv' });
    const shown = await app.inject({
      method: 'GET',
      url: '/api/v1/baseline/profiles?year=2027&kind=trust',
      headers: auth.rj7_viewer,
    });
    expect(shown.json().items).toEqual([
      expect.objectContaining({ outcome: 'A1.a', expectedLevel: 'Achieved', source: 'local.csv' }),
    ]);
  });
});
