import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { manualClock } from '../../src/domain/alerts/clock.js';
import { InvalidInputError } from '../../src/errors.js';
import { buildApp } from '../../src/http/app.js';
import { runNotificationPass } from '../../src/jobs/scheduler.js';
import { webhookTransport } from '../../src/notifications/webhook.transport.js';
import { issueAlert } from '../../src/services/alerts/index.js';
import { contactList, importContacts } from '../../src/services/contacts/contact.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { loadKev, loadNvd } from '../../src/services/intel/intel-load.service.js';
import { alertContext } from '../factories/contact.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI, createTestUsers } from '../factories/identity.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';
import { startWebhookSink, type WebhookSink } from './receivers.js';

const INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));
const GLOBAL_SECRET = 'the-configured-webhook-secret';
const DESK_SECRET = 'balham-it-desk-own-secret';
const HEADER = 'org_code,name,email,role,channel,digest,webhook_url,webhook_secret';

describeEachEngine('per-contact webhooks', (db) => {
  const clock = manualClock(new Date('2026-05-12T09:00:00Z'));
  // The configured endpoint, a contact's own endpoint with its own secret, and one with the configured secret.
  let central: WebhookSink;
  let desk: WebhookSink;
  let supplier: WebhookSink;

  async function outbox(to: string) {
    const r = await sql<{ status: string; attempts: number }>`
      SELECT status, attempts FROM outbox WHERE recipient = ${to} ORDER BY id`.execute(db().db);
    return r.rows;
  }

  beforeAll(async () => {
    central = await startWebhookSink(GLOBAL_SECRET, clock);
    desk = await startWebhookSink(DESK_SECRET, clock);
    supplier = await startWebhookSink(GLOBAL_SECRET, clock);
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadNvd(db(), `${INTEL}nvd-demo.json`);
    await loadKev(db(), `${INTEL}kev-demo.json`);
    await importCsv(db(), 'H85001', inventoryCsv([{ id: 'GP-1', components: [WIN7_SP1, SMB1] }]));
    await importCsv(db(), 'H85002', inventoryCsv([{ id: 'GP-3', components: [WIN7_SP1, SMB1] }]));
    await importContacts(
      db(),
      SYSTEM_ACTOR,
      'contacts.csv',
      [
        HEADER,
        `H85001,Balham IT desk,itdesk@balham.example,IT supplier,webhook,false,${desk.url},${DESK_SECRET}`,
        `H85001,Balham supplier,ops@supplier.example,IT supplier,webhook,false,${supplier.url},`,
        'H85001,Balham SOC feed,soc@balham.example,security lead,webhook,false,,',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await central?.close();
    await desk?.close();
    await supplier?.close();
  });

  it('sends each contact to its own endpoint, signed with its own secret or the configured one', async () => {
    const issued = await issueAlert(db(), alertContext(clock), {
      title: 'WannaCry',
      severity: 'critical',
      action: 'Install MS17-010.',
      cves: ['CVE-2017-0144'],
      advisory: null,
      targets: ['org:H85001'],
    });
    const transports = [webhookTransport({ url: central.url, secret: GLOBAL_SECRET })];
    const pass = await runNotificationPass(db(), transports, clock);
    expect(pass.delivery).toEqual({ delivered: 3, retrying: 0, dead: 0, unconfigured: [] });
    // Each receiver checks the signature with its own secret (401 otherwise) and got exactly its contact's message.
    for (const [sink, to] of [
      [desk, 'itdesk@balham.example'],
      [supplier, 'ops@supplier.example'],
      [central, 'soc@balham.example'],
    ] as const) {
      expect(
        sink.calls.map((c) => [c.status, c.body.to, (c.body.alert as { reference: string }).reference]),
      ).toEqual([[200, to, issued.reference]]);
    }
  });

  it('lists each contact with its endpoint, never its secret', async () => {
    const contacts = await contactList(db(), SYSTEM_ACTOR, 'H85001');
    expect(contacts.map((c) => [c.email, c.webhookUrl, c.ownSecret])).toEqual([
      ['itdesk@balham.example', desk.url, true],
      ['ops@supplier.example', supplier.url, false],
      ['soc@balham.example', null, false],
    ]);
    expect(JSON.stringify(contacts)).not.toContain(DESK_SECRET);
  });

  it('shows endpoints over the API (never secrets) and refuses a bad one with its line', async () => {
    const users = await createTestUsers(db());
    const app = await buildApp({ database: db(), oidc: null, web: false });
    try {
      const auth = { authorization: `Bearer ${users.nat_admin.token}` };
      const res = await app.inject({ url: '/api/v1/contacts?org=H85001', headers: auth });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(DESK_SECRET);
      expect(
        res
          .json()
          .items.map((c: { email: string; webhookUrl: string | null; ownSecret: boolean }) => [
            c.email,
            c.webhookUrl,
            c.ownSecret,
          ]),
      ).toEqual([
        ['itdesk@balham.example', desk.url, true],
        ['ops@supplier.example', supplier.url, false],
        ['soc@balham.example', null, false],
      ]);
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/contacts/imports',
        headers: { ...auth, 'content-type': 'text/csv' },
        payload: `${HEADER}\nH85001,Balham IT desk,itdesk@balham.example,IT,webhook,false,ftp://x.example/,\n`,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().problems).toEqual([
        { file: 'contacts.csv', line: 2, reason: 'a webhook URL must be https, got "ftp://x.example/"' },
      ]);
    } finally {
      await app.close();
    }
  });

  it('keeps endpoints when an old file without the webhook columns is imported again', async () => {
    const old = await importContacts(
      db(),
      SYSTEM_ACTOR,
      'old.csv',
      'org_code,name,email,role,channel,digest\nH85001,Balham IT desk,itdesk@balham.example,IT lead,webhook,false\n',
    );
    expect(old).toMatchObject({ rows: 1, created: 0, updated: 1 });
    const desk1 = (await contactList(db(), SYSTEM_ACTOR, 'H85001')).find(
      (c) => c.email === 'itdesk@balham.example',
    );
    expect(desk1).toMatchObject({ role: 'IT lead', webhookUrl: desk.url, ownSecret: true });
  });

  it('refuses bad endpoints whole, by line, leaving the contacts as they were', async () => {
    const before = await snapshotTables(db(), ['contacts']);
    const attempt = importContacts(
      db(),
      SYSTEM_ACTOR,
      'bad.csv',
      [
        HEADER,
        'H85001,Balham IT desk,itdesk@balham.example,IT supplier,webhook,false,http://hooks.balham.example/ward,',
        'H85001,Jane Smith,jane@balham.example,practice manager,email,false,https://hooks.balham.example/x,',
        'H85001,Balham SOC feed,soc@balham.example,security lead,webhook,false,https://soc.balham.example/ward,short',
        'H85001,Balham supplier,ops@supplier.example,IT supplier,webhook,false,,lonely-secret-without-url',
      ].join('\n'),
    );
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    const problems = await attempt.catch((e: InvalidInputError) => e.problems);
    expect(problems).toEqual([
      {
        file: 'bad.csv',
        line: 2,
        reason:
          'a webhook URL must use https (plain http only to localhost), got "http://hooks.balham.example/ward"',
      },
      {
        file: 'bad.csv',
        line: 3,
        reason: 'webhook_url and webhook_secret are for channel webhook, not email',
      },
      { file: 'bad.csv', line: 4, reason: 'a webhook secret must be at least 16 characters (got 5)' },
      { file: 'bad.csv', line: 5, reason: 'webhook_secret without webhook_url' },
    ]);
    expect(await snapshotTables(db(), ['contacts'])).toEqual(before);
  });

  it('keeps a message queued, no attempt counted, while it has nowhere to go', async () => {
    await issueAlert(db(), alertContext(clock), {
      title: 'WannaCry at Tooting',
      severity: 'critical',
      action: 'Install MS17-010.',
      cves: ['CVE-2017-0144'],
      advisory: null,
      targets: ['org:H85002'],
    });
    await importContacts(
      db(),
      SYSTEM_ACTOR,
      'tooting.csv',
      `${HEADER}\nH85002,Tooting feed,feed@tooting.example,IT lead,webhook,false,,\n`,
    );
    await issueAlert(db(), alertContext(clock), {
      title: 'WannaCry at Tooting, again',
      severity: 'critical',
      action: 'Install MS17-010.',
      cves: ['CVE-2017-0144'],
      advisory: null,
      targets: ['org:H85002'],
    });
    // No WARD_WEBHOOK_URL nor secret: the contact without its own endpoint waits.
    const unconfigured = [webhookTransport({ url: null, secret: null })];
    const pass = await runNotificationPass(db(), unconfigured, clock);
    expect(pass.delivery).toMatchObject({ delivered: 0, retrying: 0, dead: 0, unconfigured: ['webhook'] });
    expect(await outbox('feed@tooting.example')).toEqual([{ status: 'pending', attempts: 0 }]);
    // Once configured (and the claim's lease is over), it goes.
    clock.advance(6 * 60_000);
    const later = await runNotificationPass(
      db(),
      [webhookTransport({ url: central.url, secret: GLOBAL_SECRET })],
      clock,
    );
    expect(later.delivery).toMatchObject({ delivered: 1, unconfigured: [] });
    expect(central.calls.at(-1)?.body.to).toBe('feed@tooting.example');
    expect(await outbox('feed@tooting.example')).toEqual([{ status: 'delivered', attempts: 1 }]);
  });
});
