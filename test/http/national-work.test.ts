/**
 * The CLI's national work over the API: importing the organisation tree, loading intel files,
 * recomputing exposure and verifying the audit chain. Bad files are refused with the file, line or
 * record and reason, and change nothing; every write is audited as the caller.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI, createTestUsers } from '../factories/identity.factory.js';
import { multipart } from '../factories/multipart.factory.js';
import { orgCsv, SMALL_FEDERATION } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));
const FEEDS = fileURLToPath(new URL('../fixtures/feeds/nvd/', import.meta.url));

describeEachEngine('national work over the API', (db) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let regionAdmin: Record<string, string>;
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    const users = await createTestUsers(db());
    admin = { authorization: `Bearer ${users.nat_admin.token}` };
    regionAdmin = { authorization: `Bearer ${users.london_admin.token}` };
    app = await buildApp({ database: db(), oidc: null, uploadLimitBytes: 64 * 1024 });
  });
  afterAll(async () => app.close());

  const post = (url: string, files: { name: string; content: string | Buffer }[]) => {
    const body = multipart({}, files);
    return app.inject({ method: 'POST', url, payload: body.payload, headers: { ...admin, ...body.headers } });
  };

  it('imports the organisation tree, and refuses a bad file whole with its lines', async () => {
    const grown = orgCsv([...SMALL_FEDERATION, ['H85003', 'Furzedown Surgery', 'gp_practice', 'QWE']]);
    const ok = await post('/api/v1/organisations/imports', [{ name: 'orgs.csv', content: grown }]);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual({ file: 'orgs.csv', rows: 15, created: 1, updated: 0, unchanged: 14 });

    const before = await snapshotTables(db(), ['organisations', 'org_closure']);
    const bad = orgCsv([
      ...SMALL_FEDERATION,
      ['H85004', 'Nowhere Surgery', 'gp_practice', 'ZZZ'],
      ['H85005', 'Odd Place', 'castle', 'QWE'],
    ]);
    const refused = await post('/api/v1/organisations/imports', [{ name: 'bad-orgs.csv', content: bad }]);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const problems = refused.json().problems as { file: string; line: number; reason: string }[];
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['bad-orgs.csv', 16],
      ['bad-orgs.csv', 17],
    ]);
    expect(problems[0]?.reason).toMatch(/ZZZ/);
    expect(await snapshotTables(db(), ['organisations', 'org_closure'])).toEqual(before);
  });

  it('refuses national uploads to a caller below national level before reading the upload', async () => {
    // A broken form would be a 400 once read: a 403 shows the service decided before reading it.
    const broken = {
      'content-type': 'multipart/form-data; boundary=x',
    };
    for (const url of [
      '/api/v1/organisations/imports',
      '/api/v1/baseline/frameworks',
      '/api/v1/baseline/profiles',
      '/api/v1/intel/imports',
    ]) {
      const res = await app.inject({
        method: 'POST',
        url,
        payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncut sho',
        headers: { ...regionAdmin, ...broken },
      });
      expect([url, res.statusCode]).toEqual([url, 403]);
      const read = await app.inject({
        method: 'POST',
        url,
        payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncut sho',
        headers: { ...admin, ...broken },
      });
      expect([url, read.statusCode]).toEqual([url, 400]);
    }
  });

  it('loads intel files by their detected format and reports each rejected record', async () => {
    const res = await post('/api/v1/intel/imports', [
      { name: 'nvd-demo.json', content: readFileSync(`${INTEL}nvd-demo.json`) },
      { name: 'kev-demo.json', content: readFileSync(`${INTEL}kev-demo.json`) },
      { name: 'schema-failing.json', content: readFileSync(`${FEEDS}schema-failing.json`) },
    ]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ok).toBe(false);
    expect(body.files.map((f: { file: string; format: string }) => [f.file, f.format])).toEqual([
      ['nvd-demo.json', 'nvd'],
      ['kev-demo.json', 'kev'],
      ['schema-failing.json', 'nvd'],
    ]);
    expect(body.files[0]).toMatchObject({ records: 6, changed: 6, issues: [] });
    expect(body.files[2].issues.length).toBeGreaterThan(0);
    expect(body.files[2].issues[0]).toMatchObject({
      file: 'schema-failing.json',
      record: expect.any(String),
    });
    const vuln = await app.inject({
      method: 'GET',
      url: '/api/v1/vulnerabilities/CVE-2017-0144',
      headers: admin,
    });
    expect(vuln.json().kev.dueDate).toBe('2022-08-10');
  });

  it('refuses a truncated download and one beyond the upload limit, loading nothing', async () => {
    const before = await snapshotTables(db(), ['vulnerabilities', 'match_rules']);
    const truncated = gzipSync(readFileSync(`${INTEL}nvd-demo.json`)).subarray(0, 600);
    const cut = await post('/api/v1/intel/imports', [{ name: 'nvd.json.gz', content: truncated }]);
    expect(cut.statusCode).toBe(200);
    expect(cut.json().ok).toBe(false);
    expect(cut.json().files[0].issues[0].reason).toMatch(/truncated|unexpected end/);
    const big = await post('/api/v1/intel/imports', [
      { name: 'big.json', content: Buffer.alloc(65 * 1024, 32) },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    expect(await snapshotTables(db(), ['vulnerabilities', 'match_rules'])).toEqual(before);
  });

  it('recomputes exposure and verifies the audit chain, naming an edited record', async () => {
    const recomputed = await app.inject({
      method: 'POST',
      url: '/api/v1/exposure/recompute',
      headers: admin,
    });
    expect(recomputed.statusCode).toBe(200);
    expect(recomputed.json()).toMatchObject({ opened: 0, reopened: 0, fixed: 0 });
    const actions = await app.inject({ method: 'GET', url: '/api/v1/audit?limit=100', headers: admin });
    const mine = (actions.json().items as { actor: string; action: string }[])
      .filter((r) => r.actor === 'token:nat_admin/tests')
      .map((r) => r.action);
    expect(mine).toEqual(
      expect.arrayContaining(['exposure.recompute', 'intel.kev', 'intel.nvd', 'organisation.import']),
    );

    const intact = await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: admin });
    expect(intact.json()).toMatchObject({ ok: true, problem: null });
    const victim = (await sql<{ seq: number }>`SELECT min(seq)::int AS seq FROM audit_log`.execute(db().db))
      .rows[0]?.seq as number;
    // Someone with the database owner's rights gets past the append-only trigger and edits a record.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db().db);
    await sql`UPDATE audit_log SET action = 'nothing.to.see' WHERE seq = ${victim}`.execute(db().db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(db().db);
    const broken = await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: admin });
    expect(broken.json()).toMatchObject({ ok: false, problem: { kind: 'edited', seq: victim } });
  });
});
