/**
 * Incidents over HTTP: a bad report answers 400 with every problem by field and writes nothing; a
 * move the lifecycle refuses answers 409 with the reason; a practice cannot triage; the list and the
 * page carry the reporting deadlines.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI, createTestUsers, type TestUser } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const TABLES = ['incidents', 'incident_indicators', 'incident_updates', 'incident_counters', 'audit_log'];

describeEachEngine('incident routes', (db) => {
  let app: FastifyInstance;
  let tokens: Record<string, string>;
  const call = (user: TestUser, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${tokens[user]}` } });
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    const users = await createTestUsers(db());
    tokens = Object.fromEntries(Object.entries(users).map(([k, v]) => [k, v.token]));
    app = await buildApp({ database: db(), oidc: null });
  });
  afterAll(async () => app.close());

  const report = {
    org: 'RJ7',
    title: 'Ransom note on the PACS server',
    summary: 'Files encrypted overnight.',
    category: 'ransomware',
    startedAt: '2026-03-01T01:00:00Z',
    detectedAt: '2026-03-01T06:00:00Z',
    personalData: true,
    patientImpact: { cancelled: 12 },
    indicators: [{ value: '198.51.100.7' }],
  };

  it('refuses a bad report with every problem by field and writes nothing', async () => {
    const before = await snapshotTables(db(), TABLES);
    const res = await call('rj7_responder', 'POST', '/api/v1/incidents', {
      ...report,
      category: 'flood',
      detectedAt: '2026-02-01T00:00:00Z',
      assets: ['someone-elses-pc'],
      indicators: [{ value: 'evil..example' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().problems.map((p: { field: string }) => p.field)).toEqual([
      'category',
      'detectedAt',
      'indicators[0]',
      'assets',
    ]);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it('reports, refuses a practice triage and a wrong move, and shows the deadlines', async () => {
    const created = await call('rj7_responder', 'POST', '/api/v1/incidents', report);
    expect(created.statusCode).toBe(201);
    const ref = created.json().reference as string;
    const early = await call('rj7_responder', 'POST', `/api/v1/incidents/${ref}/updates`, {
      status: 'closed',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toBe(
      `${ref}: a reported incident cannot become closed (it can become triaged)`,
    );
    const byTrust = await call('rj7_responder', 'POST', `/api/v1/incidents/${ref}/triage`, {
      severity: 'high',
      leadAnalyst: 'me',
      significant: true,
    });
    expect(byTrust.statusCode).toBe(403);
    const triaged = await call('nat_analyst', 'POST', `/api/v1/incidents/${ref}/triage`, {
      severity: 'critical',
      leadAnalyst: 'duty',
      significant: true,
    });
    expect(triaged.statusCode).toBe(200);
    expect(triaged.json()).toMatchObject({ status: 'triaged', fromStatus: 'reported', toStatus: 'triaged' });
    const list = await call('qwe_viewer', 'GET', '/api/v1/incidents');
    expect(list.json().map((i: { reference: string }) => i.reference)).toEqual([ref]);
    // Detected on 1 March 2026: by now both deadlines have passed; the full report was never sent.
    expect(list.json()[0].deadlines.map((d: { id: string; state: string }) => [d.id, d.state])).toEqual([
      ['initial-report', 'met_late'],
      ['full-report', 'overdue'],
    ]);
    expect(list.json()[0].overdue).toBe(true);
    const page = await call('nat_analyst', 'GET', `/api/v1/incidents/${ref.toLowerCase()}`);
    expect(page.json()).toMatchObject({
      reference: ref,
      severity: 'critical',
      patientImpact: { cancelled: 12, summary: 'cancelled 12' },
      sides: ['centre'],
    });
    expect((await call('ral_responder', 'GET', `/api/v1/incidents/${ref}`)).statusCode).toBe(404);
    expect((await call('ral_responder', 'GET', '/api/v1/incidents/not-a-ref')).statusCode).toBe(400);
  });
});
