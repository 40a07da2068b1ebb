/**
 * Evidence files over the API: a responder attaches real files to an outcome of the draft, viewers
 * list and download them (the stored type, as an attachment, never sniffed), a bad upload is
 * refused whole with each file's reason, a draft's file can be deleted, and after submission the
 * snapshot's hash covers the files' hashes and nothing can be attached or deleted.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/audit/audit-chain.js';
import { buildApp } from '../../src/http/app.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { answerAll, BASELINE_YEAR, loadShippedBaseline } from '../factories/baseline.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { DOCX, EXE, PDF, PNG, TEXT } from '../factories/evidence-file.factory.js';
import { ADMIN_CLI, createTestUsers, type TestUser } from '../factories/identity.factory.js';
import { multipart } from '../factories/multipart.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const Y = BASELINE_YEAR;
const TABLES = ['baseline_evidence_files', 'baseline_assessments', 'baseline_results', 'audit_log'];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describeEachEngine('baseline evidence files over the API', (db) => {
  let app: FastifyInstance;
  const auth: Partial<Record<TestUser, Record<string, string>>> = {};
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedBaseline(db());
    const users = await createTestUsers(db());
    for (const [name, u] of Object.entries(users))
      auth[name as TestUser] = { authorization: `Bearer ${u.token}` };
    app = await buildApp({ database: db(), oidc: null, uploadLimitBytes: 64 * 1024 });
  });
  afterAll(async () => app.close());

  const attach = (
    user: TestUser,
    org: string,
    outcome: string,
    files: { name: string; content: Buffer }[],
  ) => {
    const body = multipart({}, files);
    return app.inject({
      method: 'POST',
      url: `/api/v1/baseline/assessments/${org}/outcomes/${outcome}/files?year=${Y}`,
      payload: body.payload,
      headers: { ...auth[user], ...body.headers },
    });
  };
  const call = (user: TestUser, method: 'GET' | 'DELETE', url: string) =>
    app.inject({ method, url: `/api/v1/baseline/assessments/${url}`, headers: auth[user] });

  it('attaches files to an outcome of the draft, starting it, recognised from their content', async () => {
    const res = await attach('rj7_responder', 'RJ7', 'B4.d', [
      { name: 'patching-policy.pdf', content: PDF },
      { name: 'Plan d’action.docx', content: DOCX },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        outcome: 'B4.d',
        name: 'patching-policy.pdf',
        type: 'application/pdf',
        size: PDF.length,
        sha256: sha(PDF),
        uploadedBy: expect.stringContaining('rj7_responder'),
      }),
      expect.objectContaining({
        name: 'Plan d’action.docx',
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        sha256: sha(DOCX),
      }),
    ]);
    const view = await call('rj7_viewer', 'GET', `RJ7?year=${Y}`);
    expect(view.json().state).toBe('draft');
    // Listed by upload time, then name in byte order.
    const [pdf, docx] = res.json().items;
    expect(view.json().outcomes.find((o: { id: string }) => o.id === 'B4.d').files).toEqual([docx, pdf]);
  });

  it('lets a viewer list and download a file as an attachment of its stored type, never sniffed', async () => {
    const list = await call('rj7_viewer', 'GET', `RJ7/files?year=${Y}&outcome=B4.d`);
    expect(list.statusCode).toBe(200);
    const docx = list.json().items.find((f: { name: string }) => f.name.endsWith('.docx'));
    const file = await call('qwe_viewer', 'GET', `RJ7/files/${docx.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(DOCX)).toBe(true);
    expect(file.headers['content-type']).toBe(docx.type);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Plan d_action.docx"; filename*=UTF-8''Plan%20d%E2%80%99action.docx`,
    );
    // Outside the caller's subtree the file does not exist; an unknown id is not found either.
    expect((await call('ral_responder', 'GET', `RJ7/files/${docx.id}`)).statusCode).toBe(404);
    expect((await call('ral_admin', 'GET', `RAL/files/${docx.id}`)).statusCode).toBe(404);
  });

  it('refuses a bad upload whole, naming each refused file and its reason, and writes nothing', async () => {
    const before = await snapshotTables(db(), TABLES);
    const res = await attach('rj7_responder', 'RJ7', 'B4.d', [
      { name: 'ok.txt', content: TEXT },
      { name: 'invoice.pdf', content: EXE },
      { name: 'minutes.docx', content: PNG },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([
      expect.objectContaining({
        file: 'invoice.pdf',
        reason: expect.stringContaining('not a type Ward keeps'),
      }),
      expect.objectContaining({
        file: 'minutes.docx',
        reason: 'the content is a PNG image but the name ends .docx (expected .png)',
      }),
    ]);
    const big = await attach('rj7_responder', 'RJ7', 'B4.d', [
      { name: 'huge.txt', content: Buffer.alloc(65 * 1024, 0x61) },
    ]);
    expect(big.statusCode).toBe(413);
    expect(
      (await attach('rj7_responder', 'RJ7', 'Z9.z', [{ name: 'a.txt', content: TEXT }])).statusCode,
    ).toBe(404);
    expect((await attach('rj7_viewer', 'RJ7', 'B4.d', [{ name: 'a.txt', content: TEXT }])).statusCode).toBe(
      403,
    );
    expect(
      (await attach('ral_responder', 'RJ7', 'B4.d', [{ name: 'a.txt', content: TEXT }])).statusCode,
    ).toBe(404);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it('deletes a file while the assessment is a draft, for writers only, audited', async () => {
    const added = await attach('rj7_responder', 'RJ7', 'A3.a', [
      { name: 'asset-register.png', content: PNG },
    ]);
    const id = added.json().items[0].id;
    expect((await call('rj7_viewer', 'DELETE', `RJ7/files/${id}`)).statusCode).toBe(403);
    expect((await call('rj7_responder', 'DELETE', `RJ7/files/${id}`)).statusCode).toBe(204);
    expect((await call('rj7_viewer', 'GET', `RJ7/files/${id}`)).statusCode).toBe(404);
    const { rows } = await sql<{ action: string }>`
      SELECT action FROM audit_log WHERE action LIKE 'baseline.evidence.%' ORDER BY seq`.execute(db().db);
    expect(rows.map((r) => r.action)).toEqual([
      'baseline.evidence.attach',
      'baseline.evidence.attach',
      'baseline.evidence.delete',
    ]);
  });

  it('covers the files in the submitted snapshot’s hash, then refuses attaching and deleting (409, nothing written)', async () => {
    await answerAll(db(), 'RJ7');
    const submitted = await app.inject({
      method: 'POST',
      url: `/api/v1/baseline/assessments/RJ7/submit?year=${Y}`,
      headers: auth.rj7_responder,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const { rows } = await sql<{ snapshot: { files: unknown[] }; snapshot_hash: string }>`
      SELECT a.snapshot, a.snapshot_hash FROM baseline_assessments a
      JOIN organisations o ON o.id = a.org_id WHERE o.code = 'RJ7' AND a.year = ${Y}`.execute(db().db);
    const stored = rows[0] as { snapshot: { files: unknown[] }; snapshot_hash: string };
    expect(stored.snapshot.files).toEqual([
      expect.objectContaining({ outcome: 'B4.d', name: 'Plan d’action.docx', sha256: sha(DOCX) }),
      {
        outcome: 'B4.d',
        name: 'patching-policy.pdf',
        type: 'application/pdf',
        size: PDF.length,
        sha256: sha(PDF),
      },
    ]);
    expect(sha(Buffer.from(canonicalJson(stored.snapshot)))).toBe(stored.snapshot_hash);
    expect(submitted.json().snapshotHash).toBe(stored.snapshot_hash);

    const before = await snapshotTables(db(), TABLES);
    const late = await attach('rj7_responder', 'RJ7', 'B4.d', [{ name: 'late.txt', content: TEXT }]);
    expect(late.statusCode).toBe(409);
    const list = await call('rj7_viewer', 'GET', `RJ7/files?year=${Y}`);
    expect(list.json().items).toHaveLength(2);
    expect((await call('rj7_responder', 'DELETE', `RJ7/files/${list.json().items[0].id}`)).statusCode).toBe(
      409,
    );
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });
});
