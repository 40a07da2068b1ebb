import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { manualClock } from '../../src/domain/alerts/clock.js';
import { deliverDueMessages } from '../../src/jobs/outbox-dispatcher.js';
import { runNotificationPass, startNotificationScheduler } from '../../src/jobs/scheduler.js';
import { smtpTransport } from '../../src/notifications/smtp.transport.js';
import type { Transport } from '../../src/notifications/transport.js';
import { webhookTransport } from '../../src/notifications/webhook.transport.js';
import { issueAlert } from '../../src/services/alerts/index.js';
import { importContacts } from '../../src/services/contacts/contact.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { loadKev, loadNvd } from '../../src/services/intel/intel-load.service.js';
import { alertContext, contactsCsv } from '../factories/contact.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';
import { type MailSink, startSmtpSink, startWebhookSink, type WebhookSink } from './receivers.js';

const INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));
const SECRET = 'test-webhook-secret';
const MINUTE = 60_000;

describeEachEngine('notification delivery', (db) => {
  const clock = manualClock(new Date('2026-05-12T09:00:00Z'));
  let smtp: MailSink;
  let hook: WebhookSink;
  let transports: Transport[];

  async function outboxRow(key: string) {
    const r = await sql<{ status: string; attempts: number; last_error: string | null }>`
      SELECT status, attempts, last_error FROM outbox WHERE idempotency_key = ${key}`.execute(db().db);
    return r.rows[0];
  }

  async function issue(title: string, targets: string[], cves = ['CVE-2017-0144']) {
    return issueAlert(db(), alertContext(clock), {
      title,
      severity: 'critical',
      action: 'Install MS17-010 and turn off SMBv1.',
      cves,
      advisory: null,
      targets,
    });
  }

  beforeAll(async () => {
    smtp = await startSmtpSink();
    hook = await startWebhookSink(SECRET, clock);
    transports = [
      smtpTransport({ url: smtp.url, from: 'Ward <ward@test.example>' }),
      webhookTransport({ url: hook.url, secret: SECRET }),
    ];
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadNvd(db(), `${INTEL}nvd-demo.json`);
    await loadKev(db(), `${INTEL}kev-demo.json`);
    await importCsv(db(), 'H85001', inventoryCsv([{ id: 'GP-1', components: [WIN7_SP1, SMB1] }]));
    await importContacts(
      db(),
      SYSTEM_ACTOR,
      'contacts.csv',
      contactsCsv([
        ['H85001', 'Jane Smith', 'jane.smith@balham.example', 'practice manager', 'email', 'false'],
        ['H85001', 'Balham IT desk', 'itdesk@balham.example', 'IT supplier', 'webhook', 'false'],
        ['RAL', 'Royal Free SOC', 'soc@royalfree.example', 'security lead', 'webhook', 'false'],
      ]),
    );
  });

  afterAll(async () => {
    for (const t of transports ?? []) await t.close?.();
    await smtp?.close();
    await hook?.close();
  });

  it('delivers the alert by e-mail and as a signed webhook, with the right content', async () => {
    const issued = await issue('WannaCry: Windows file sharing (SMBv1) flaw', ['auto']);
    const pass = await runNotificationPass(db(), transports, clock);
    expect(pass.delivery).toEqual({ delivered: 2, retrying: 0, dead: 0, unconfigured: [] });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail?.to).toBe('jane.smith@balham.example');
    expect(mail?.subject).toBe(
      `Action needed by Thursday 14 May 2026: ${issued.reference} (CRITICAL) WannaCry: Windows file sharing (SMBv1) flaw`,
    );
    expect(mail?.text).toContain('Hello Jane Smith,');
    expect(mail?.text).toContain(
      "Ward's record of your IT equipment shows 1 device affected:\n  - gp-1 (GP-1): workstation",
    );
    expect(mail?.text).toContain('WHAT TO DO\nInstall MS17-010 and turn off SMBv1.');
    expect(mail?.idempotencyKey).toMatch(/^ward:issued:WA-2026-0001:H85001:/);
    expect(hook.calls).toHaveLength(1);
    const call = hook.calls[0];
    expect(call?.status).toBe(200);
    expect(call?.event).toBe('alert.issued');
    expect(call?.body).toMatchObject({
      id: call?.key,
      kind: 'issued',
      to: 'itdesk@balham.example',
      type: 'alert.issued',
      alert: { reference: issued.reference, severity: 'critical', cves: ['CVE-2017-0144'] },
      organisation: { code: 'H85001', name: 'Balham Park Surgery' },
      devices: { count: 1, list: ['gp-1 (GP-1): workstation'] },
      ackDueAt: '2026-05-14T09:00:00.000Z',
    });
    expect(await outboxRow(mail?.idempotencyKey ?? '')).toMatchObject({ status: 'delivered', attempts: 1 });
    // Nothing is due any more: another pass sends nothing.
    expect((await runNotificationPass(db(), transports, clock)).delivery.delivered).toBe(0);
  });

  it('retries with back-off: a receiver that fails twice then succeeds processes the message exactly once', async () => {
    hook.calls.length = 0;
    hook.failNext(2, 503);
    await issue('Retry drill', ['org:RAL']);
    expect((await deliverDueMessages(db(), transports, clock)).retrying).toBe(1);
    const key = hook.calls[0]?.key as string;
    expect(await outboxRow(key)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'webhook: HTTP 503',
    });
    // Not due again until the back-off (1 minute) has passed.
    expect((await deliverDueMessages(db(), transports, clock)).retrying).toBe(0);
    clock.advance(MINUTE);
    expect((await deliverDueMessages(db(), transports, clock)).retrying).toBe(1);
    clock.advance(MINUTE);
    expect((await deliverDueMessages(db(), transports, clock)).delivered).toBe(0);
    clock.advance(MINUTE);
    expect((await deliverDueMessages(db(), transports, clock)).delivered).toBe(1);
    expect(hook.calls.map((c) => c.status)).toEqual([503, 503, 200]);
    expect(hook.processed.get(key)).toBe(1);
    expect(await outboxRow(key)).toMatchObject({ status: 'delivered', attempts: 3, last_error: null });
  });

  it('dead-letters after the last try, and at once when the receiver refuses the message', async () => {
    hook.calls.length = 0;
    hook.failNext(3, 500);
    await issue('Dead letter drill', ['org:RAL']);
    const policy = { retry: { baseMs: MINUTE, maxDelayMs: MINUTE, maxAttempts: 3 } };
    for (let i = 0; i < 3; i++) {
      await deliverDueMessages(db(), transports, clock, policy);
      clock.advance(MINUTE);
    }
    const key = hook.calls[0]?.key as string;
    expect(await outboxRow(key)).toMatchObject({
      status: 'dead',
      attempts: 3,
      last_error: 'webhook: HTTP 500',
    });
    expect((await deliverDueMessages(db(), transports, clock, policy)).delivered).toBe(0);
    hook.calls.length = 0;
    hook.failNext(1, 400);
    await issue('Refused drill', ['org:RAL']);
    expect(await deliverDueMessages(db(), transports, clock)).toMatchObject({ dead: 1, retrying: 0 });
    expect(await outboxRow(hook.calls[0]?.key as string)).toMatchObject({ status: 'dead', attempts: 1 });
    expect(hook.processed.has(hook.calls[0]?.key as string)).toBe(false);
  });

  it('loses nothing when the sender dies between sending and marking, and the receiver drops the duplicate', async () => {
    hook.calls.length = 0;
    smtp.mails.length = 0;
    await issue('Crash drill one', ['org:RAL', 'org:H85001']);
    await issue('Crash drill two', ['org:RAL']);
    // Queue: e-mail and webhook to H85001, a webhook to RAL, then a webhook to RAL.
    let sent = 0;
    const crash = deliverDueMessages(db(), transports, clock, {
      afterSend: () => {
        sent++;
        if (sent === 2) throw new Error('killed after sending, before marking');
      },
    });
    await expect(crash).rejects.toThrow('killed after sending');
    const states = await sql<{ status: string; claimed: boolean }>`
      SELECT status, claimed_until IS NOT NULL AS claimed FROM outbox WHERE status <> 'dead'
        AND created_at = ${clock.now()} ORDER BY id`.execute(db().db);
    expect(states.rows).toEqual([
      { status: 'delivered', claimed: false },
      { status: 'pending', claimed: true },
      { status: 'pending', claimed: true },
      { status: 'pending', claimed: true },
    ]);
    // Restarted at once: the dead sender's lease still holds, nothing is sent twice yet.
    expect((await deliverDueMessages(db(), transports, clock)).delivered).toBe(0);
    clock.advance(5 * MINUTE + 1);
    expect((await deliverDueMessages(db(), transports, clock)).delivered).toBe(3);
    const pending = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`.execute(db().db);
    expect(pending.rows[0]?.n).toBe(0);
    const keys = hook.calls.map((c) => c.key);
    const resent = keys.filter((k, i) => keys.indexOf(k) !== i);
    const mailKeys = smtp.mails.map((m) => m.idempotencyKey);
    // Exactly one message was sent twice (the one in flight); the webhook receiver acted on every key once.
    expect(resent.length + mailKeys.filter((k, i) => mailKeys.indexOf(k) !== i).length).toBe(1);
    for (const k of new Set(keys)) expect(hook.processed.get(k)).toBe(1);
    // An e-mail sent twice carries the same Message-ID, so mail systems can drop the copy.
    const ids = new Map<string, Set<string>>();
    for (const m of smtp.mails)
      ids.set(m.idempotencyKey, (ids.get(m.idempotencyKey) ?? new Set()).add(m.messageId));
    for (const set of ids.values()) expect(set.size).toBe(1);
  });

  it('runs passes from the scheduler until stopped', async () => {
    hook.calls.length = 0;
    await issue('Scheduler drill', ['org:RAL']);
    const passes: number[] = [];
    const scheduler = startNotificationScheduler(db(), clock, {
      intervalMs: 20,
      transports: [webhookTransport({ url: hook.url, secret: SECRET })],
      onPass: (r) => passes.push(r.delivery.delivered),
    });
    await expect.poll(() => passes.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    await scheduler.stop();
    const count = passes.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(passes.length).toBe(count);
    expect(passes[0]).toBe(1);
    expect(hook.calls.map((c) => c.body.alert)).toEqual([
      expect.objectContaining({ title: 'Scheduler drill' }),
    ]);
  });
});
