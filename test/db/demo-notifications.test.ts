/**
 * The demo's contacts and outbox: `prepareDemo` on a small federation in the network's shape with the
 * real intel snapshot adds contacts after the twelve weeks of history, so the outbox holds today's
 * WannaCry alert for the contacts of its targets and the daily digest of each digest contact with
 * something open at or below its organisation — and nothing from the history's twelve weeks.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { type Config, config } from '../../src/config.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { fixedClock } from '../../src/domain/alerts/clock.js';
import { runNotificationPass } from '../../src/jobs/scheduler.js';
import { listOutboxMessages, type OutboxMessageView } from '../../src/services/alerts/index.js';
import { contactList } from '../../src/services/contacts/contact.service.js';
import { type DemoLoad, prepareDemo } from '../../src/services/demo/demo.service.js';
import { DEMO_CONTACT_DOMAIN } from '../../src/services/demo/demo-contacts.service.js';
import { loadFederation } from '../../src/services/federation/federation-load.service.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { describeEachEngine } from '../setup/engines.js';

// 09:30 in London on a winter day: past the 07:00 digest hour.
const NOW = new Date('2026-12-04T09:30:00Z');

/** The address of `Name <address>`. */
const addressOf = (m: OutboxMessageView) => m.to.replace(/^.*<(.+)>$/, '$1');

describeEachEngine('demo contacts and notifications', (db) => {
  let loaded: DemoLoad;
  let messages: OutboxMessageView[];
  const demoConfig = (): Config => ({
    ...config(),
    now: NOW,
    notifications: {
      ...config().notifications,
      smtpUrl: null,
      webhookUrl: null,
      webhookSecret: null,
      digestHour: 7,
      digestTimeZone: 'Europe/London',
    },
  });

  beforeAll(async () => {
    await loadShippedIntel(db(), { csaf: true });
    await loadFederation(db(), {
      orgs: 300,
      devices: 3000,
      componentsPerDevice: 30,
      seed: 1,
      regions: 7,
      icbs: 42,
    });
    loaded = await prepareDemo(db(), demoConfig(), () => {});
    messages = await listOutboxMessages(db(), SYSTEM_ACTOR, { limit: 100_000 });
  }, 600_000);

  it('adds contacts through the contact import, some on the daily digest, none at a real address', async () => {
    const contacts = await contactList(db(), SYSTEM_ACTOR, null);
    expect(loaded.notifications?.contacts).toBe(contacts.length);
    expect(contacts.length).toBeGreaterThan(49);
    const digest = contacts.filter((c) => c.digest);
    expect(digest.length).toBeGreaterThan(0);
    expect(digest.length).toBeLessThan(contacts.length);
    for (const c of contacts) expect(c.email.endsWith(`@${DEMO_CONTACT_DOMAIN}`)).toBe(true);
    // Every region and ICB has a digest contact to watch the organisations below it.
    const kinds = await sql<{ kind: string; n: number }>`
      SELECT o.kind, count(*)::int AS n FROM contacts c JOIN organisations o ON o.id = c.org_id
      WHERE c.digest GROUP BY o.kind`.execute(db().db);
    const byKind = new Map(kinds.rows.map((r) => [r.kind, r.n]));
    expect(byKind.get('region')).toBe(7);
    expect(byKind.get('icb')).toBe(42);
  });

  it("queues today's alert for every contact of its targets, and nothing from the history", async () => {
    const reference = loaded.alert?.reference as string;
    const expected = await sql<{ code: string; email: string }>`
      SELECT o.code, c.email FROM alerts a JOIN alert_targets t ON t.alert_id = a.id
      JOIN contacts c ON c.org_id = t.org_id JOIN organisations o ON o.id = c.org_id
      WHERE a.reference = ${reference} ORDER BY o.code, c.email`.execute(db().db);
    const alertMessages = messages.filter((m) => m.kind !== 'digest');
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(loaded.notifications?.alertMessages).toBe(expected.rows.length);
    expect(alertMessages.map((m) => `${m.org} ${addressOf(m)}`).sort()).toEqual(
      expected.rows.map((r) => `${r.code} ${r.email}`).sort(),
    );
    for (const m of alertMessages) {
      expect(m.alert).toBe(reference);
      expect(m.kind).toBe('issued');
    }
    // Nothing dated before today, no reminder or escalation of the history's alerts, nothing sent.
    for (const m of messages) {
      expect(m.createdAt).toBe(NOW.toISOString());
      expect(m.status).toBe('pending');
    }
    expect(loaded.notifications?.reminders).toBe(0);
    expect(loaded.notifications?.escalations).toBe(0);
  });

  it('queues the day’s digest for each digest contact with an open alert at or below its organisation', async () => {
    const expected = await sql<{ code: string; email: string }>`
      SELECT DISTINCT o.code, c.email FROM contacts c JOIN organisations o ON o.id = c.org_id
      JOIN org_closure cl ON cl.ancestor_id = c.org_id JOIN alert_targets t ON t.org_id = cl.descendant_id
      WHERE c.digest AND t.state IN ('awaiting_ack', 'acknowledged', 'in_progress')`.execute(db().db);
    const digests = messages.filter((m) => m.kind === 'digest');
    expect(digests.length).toBeGreaterThan(0);
    expect(loaded.notifications?.digests).toBe(digests.length);
    expect(digests.map((m) => `${m.org} ${addressOf(m)}`).sort()).toEqual(
      expected.rows.map((r) => `${r.code} ${r.email}`).sort(),
    );
    for (const m of digests) expect(m.key).toMatch(/^ward:digest:2026-12-04:/);
    // A region's digest lists the history's alerts still overdue below it.
    const region = await sql<{ code: string }>`
      SELECT code FROM organisations WHERE kind = 'region' ORDER BY code LIMIT 1`.execute(db().db);
    const [withBody] = await listOutboxMessages(db(), SYSTEM_ACTOR, {
      kind: 'digest',
      body: true,
      limit: 100_000,
    }).then((all) => all.filter((m) => m.org === region.rows[0]?.code));
    expect(withBody?.body).toMatch(/overdue/i);
  });

  it('a later pass at the same moment queues nothing more', async () => {
    const again = await runNotificationPass(db(), [], fixedClock(NOW), { digestHour: 7 });
    expect(again.queued).toEqual({ reminders: 0, escalations: 0, digests: 0 });
    expect(await listOutboxMessages(db(), SYSTEM_ACTOR, { limit: 100_000 })).toHaveLength(messages.length);
  });
});
