import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { HOUR_MS, manualClock } from '../../src/domain/alerts/clock.js';
import { InvalidInputError, NotFoundError, WardError } from '../../src/errors.js';
import {
  alertStatus,
  editAlert,
  issueAlert,
  listAlerts,
  listOutboxMessages,
  queueScheduledNotifications,
  respondToAlert,
  withdrawAlert,
} from '../../src/services/alerts/index.js';
import { importContacts } from '../../src/services/contacts/contact.service.js';
import { addException } from '../../src/services/exposure/exception.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { alertContext, contactsCsv } from '../factories/contact.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import {
  importCsv,
  inventoryCsv,
  SERVER_2008_R2_SP1,
  SMB1,
  SMB1_DISABLED,
  WIN7_SP1,
  WIN10_1709,
} from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const T0 = new Date('2026-05-12T09:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR_MS);
const SCHEDULE = { render: { publicUrl: null }, digestHour: 7 };

describeEachEngine('alerts', (db) => {
  const clock = manualClock(T0);
  const ctx = alertContext(clock);
  let ref = '';

  async function events(reference: string) {
    const rows = await sql<{
      code: string;
      kind: string;
      from_state: string | null;
      to_state: string;
      actor: string;
    }>`
      SELECT o.code, e.kind, e.from_state, e.to_state, e.actor FROM alert_events e
      JOIN organisations o ON o.id = e.org_id JOIN alerts a ON a.id = e.alert_id
      WHERE a.reference = ${reference} ORDER BY e.id`.execute(db().db);
    return rows.rows;
  }

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    await importCsv(
      db(),
      'RJ7',
      inventoryCsv([
        { id: 'PC-1', components: [WIN7_SP1, SMB1] },
        { id: 'SRV-1', type: 'server', criticality: 'high', components: [SERVER_2008_R2_SP1, SMB1] },
        { id: 'PC-2', components: [WIN10_1709, SMB1] },
      ]),
    );
    await importCsv(db(), 'H85001', inventoryCsv([{ id: 'GP-1', components: [WIN7_SP1, SMB1] }]));
    await importCsv(db(), 'F83001', inventoryCsv([{ id: 'GP-2', components: [WIN7_SP1, SMB1] }]));
    await importCsv(db(), 'H85002', inventoryCsv([{ id: 'GP-3', components: [WIN10_1709, SMB1] }]));
    await importContacts(db(), SYSTEM_ACTOR, 'contacts.csv', contactsCsv());
  });

  it('issues an auto-targeted alert: reference, exposed organisations with their devices, events and messages in one go', async () => {
    const issued = await issueAlert(db(), ctx, {
      title: 'WannaCry: Windows file sharing (SMBv1) flaw',
      severity: 'critical',
      action: 'Install Microsoft update MS17-010 and turn off SMBv1.',
      cves: ['cve-2017-0144'],
      advisory: null,
      targets: ['auto'],
    });
    ref = issued.reference;
    expect(ref).toBe('WA-2026-0001');
    expect(issued.targets.map((t) => [t.code, t.assets, t.reasons, t.ackDueAt])).toEqual([
      ['F83001', 1, ['auto'], '2026-05-14T09:00:00.000Z'],
      ['H85001', 1, ['auto'], '2026-05-14T09:00:00.000Z'],
      ['RJ7', 2, ['auto'], '2026-05-14T09:00:00.000Z'],
    ]);
    const status = await alertStatus(db(), SYSTEM_ACTOR, clock, ref, { org: 'RJ7' });
    expect(status.targets?.[0]?.deviceList).toEqual(['srv-1 (SRV-1): server', 'pc-1 (PC-1): workstation']);
    expect((await events(ref)).map((e) => [e.code, e.kind, e.to_state]).sort()).toEqual([
      ['F83001', 'targeted', 'awaiting_ack'],
      ['H85001', 'targeted', 'awaiting_ack'],
      ['RJ7', 'targeted', 'awaiting_ack'],
    ]);
    // Critical: every contact of each target at once, the digest contact too; nobody else.
    const messages = await listOutboxMessages(db(), SYSTEM_ACTOR, { alert: ref, body: true });
    expect(messages.map((m) => [m.kind, m.org, m.to])).toEqual([
      ['issued', 'F83001', 'Ali Khan <ali@camden.example>'],
      ['issued', 'H85001', 'Jane Smith <jane.smith@balham.example>'],
      ['issued', 'RJ7', 'Sam Patel <soc@stgeorges.example>'],
    ]);
    expect(issued.messages).toBe(3);
    const rj7 = messages[2]?.body ?? '';
    expect(messages[2]?.subject).toBe(
      'Action needed by Thursday 14 May 2026: WA-2026-0001 (CRITICAL) WannaCry: Windows file sharing (SMBv1) flaw',
    );
    expect(rj7).toContain("St George's University Hospitals NHS Foundation Trust (RJ7)");
    expect(rj7).toContain(
      'It concerns CVE-2017-0144, a security flaw. Attackers are known to be using it now.',
    );
    expect(rj7).toContain(
      "Ward's record of your IT equipment shows 2 devices affected:\n  - srv-1 (SRV-1): server",
    );
    expect(rj7).toContain('WHAT TO DO\nInstall Microsoft update MS17-010 and turn off SMBv1.');
    expect(rj7).toContain(
      'Please acknowledge this alert by Thursday 14 May 2026 at 10:00 UK time (within 48 hours',
    );
    expect(rj7).toContain('ward alert respond WA-2026-0001 --org RJ7 --status acknowledged');
    expect(rj7).toContain('Or open https://ward.example/alerts/WA-2026-0001');
  });

  it('numbers references per year and keeps medium alerts for digest contacts', async () => {
    const medium = await issueAlert(db(), ctx, {
      title: 'Check SMB exposure at practices',
      severity: 'medium',
      action: 'Block port 445 at the practice firewall.',
      cves: ['CVE-2017-0144'],
      advisory: null,
      targets: ['kind:gp_practice+under:QWE'],
      ackHours: 72,
    });
    expect(medium.reference).toBe('WA-2026-0002');
    expect(medium.targets.map((t) => [t.code, t.reasons, t.assets])).toEqual([
      ['H85001', ['kind:gp_practice+under:QWE'], 1],
      ['H85002', ['kind:gp_practice+under:QWE'], 0],
    ]);
    const messages = await listOutboxMessages(db(), SYSTEM_ACTOR, { alert: medium.reference, body: true });
    // H85001's only contact asked for the digest; H85002's did not.
    expect(messages.map((m) => m.org)).toEqual(['H85002']);
    expect(messages[0]?.body).toContain('Ward has no record of your devices being affected');
  });

  it('rejects bad drafts with every problem, and unknown organisations, writing nothing', async () => {
    const tables = ['alerts', 'alert_targets', 'alert_events', 'outbox', 'alert_counters'];
    const before = await snapshotTables(db(), tables);
    const bad = await issueAlert(db(), ctx, {
      title: '',
      severity: 'urgent',
      action: 'x',
      cves: ['nope'],
      advisory: null,
      targets: ['everyone'],
    }).catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidInputError);
    expect((bad as InvalidInputError).problems.map((p) => p.reason)).toHaveLength(4);
    const unknown = await issueAlert(db(), ctx, {
      title: 't',
      severity: 'low',
      action: 'a',
      cves: ['CVE-2017-0144'],
      advisory: null,
      targets: ['under:ZZZ'],
    }).catch((e) => e);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(await snapshotTables(db(), tables)).toEqual(before);
  });

  it('acknowledges for one organisation, then responds in bulk for an ICB subtree with one event each', async () => {
    clock.set(at(2));
    const one = await respondToAlert(db(), ctx, { reference: ref, orgs: ['rj7'], status: 'acknowledged' });
    expect(one).toMatchObject({
      status: 'acknowledged',
      nextUpdateDueAt: at(2 + 72).toISOString(),
      applied: [{ code: 'RJ7', from: 'awaiting_ack', lateAcknowledgement: false }],
      skipped: [],
      messages: 1,
    });
    clock.set(at(3));
    const bulk = await respondToAlert(db(), alertContext(clock, 'test:icb-lead'), {
      reference: ref,
      under: 'QWE',
      status: 'in_progress',
      note: 'patching this week',
      nextUpdate: '2026-05-20',
    });
    expect(bulk.applied.map((a) => [a.code, a.from])).toEqual([
      ['H85001', 'awaiting_ack'],
      ['RJ7', 'acknowledged'],
    ]);
    expect(bulk.nextUpdateDueAt).toBe('2026-05-20T00:00:00.000Z');
    const responses = (await events(ref)).filter((e) => e.kind === 'response');
    expect(responses.map((e) => [e.code, e.from_state, e.to_state, e.actor])).toEqual([
      ['RJ7', 'awaiting_ack', 'acknowledged', 'test:analyst'],
      ['H85001', 'awaiting_ack', 'in_progress', 'test:icb-lead'],
      ['RJ7', 'acknowledged', 'in_progress', 'test:icb-lead'],
    ]);
    // Going backwards is refused per organisation, not for the batch.
    const back = await respondToAlert(db(), ctx, {
      reference: ref,
      orgs: ['RJ7', 'F83001', 'A84001'],
      status: 'acknowledged',
    });
    expect(back.applied.map((a) => a.code)).toEqual(['F83001']);
    expect(back.skipped).toEqual([
      { code: 'A84001', reason: 'not a target of WA-2026-0001' },
      { code: 'RJ7', reason: 'already in progress: acknowledging again would go backwards' },
    ]);
    await expect(
      respondToAlert(db(), ctx, { reference: ref, orgs: ['RJ7'], status: 'not_applicable' }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('derives overdue and the share acknowledged in time from the clock, with a roll-up per region and ICB', async () => {
    await issueAlert(db(), ctx, {
      title: 'Log4Shell',
      severity: 'high',
      action: 'Upgrade log4j',
      cves: ['CVE-2021-44228'],
      advisory: null,
      targets: ['org:A84001', 'org:RAL'],
    });
    const before = await alertStatus(db(), SYSTEM_ACTOR, clock, 'WA-2026-0003');
    expect(before.counts).toMatchObject({ targets: 2, awaitingAck: 2, overdue: 0 });
    clock.set(at(3 + 49));
    const status = await alertStatus(db(), SYSTEM_ACTOR, clock, 'WA-2026-0003');
    expect(status.counts).toMatchObject({
      targets: 2,
      awaitingAck: 2,
      overdue: 2,
      shareAcknowledgedInTime: 0,
    });
    expect(status.overdue.organisations.map((o) => [o.code, o.hoursOverdue])).toEqual([
      ['A84001', 1],
      ['RAL', 1],
    ]);
    expect(status.rollup.regions.map((r) => [r.code, r.targets, r.overdue])).toEqual([
      ['Y56', 1, 1],
      ['Y63', 1, 1],
    ]);
    const first = await alertStatus(db(), SYSTEM_ACTOR, clock, ref);
    expect(first.counts).toMatchObject({
      targets: 3,
      acknowledged: 1,
      inProgress: 2,
      overdue: 0,
      acknowledgedInTime: 3,
      shareAcknowledgedInTime: 1,
    });
    expect(first.rollup.icbs.map((r) => [r.code, r.parent, r.targets, r.inProgress, r.acknowledged])).toEqual(
      [
        ['QMJ', 'Y56', 1, 0, 1],
        ['QWE', 'Y56', 2, 2, 0],
      ],
    );
    // A later clock: F83001's acknowledgement has had no update for 3 days.
    const later = await alertStatus(db(), SYSTEM_ACTOR, manualClock(at(3 + 24 * 4)), ref);
    expect(later.counts.updateDue).toBe(1);
  });

  it('queues the 24-hour reminder once, and escalates overdue organisations to their parents once', async () => {
    const reminderClock = manualClock(T0);
    const late = await issueAlert(db(), alertContext(reminderClock), {
      title: 'BlueKeep',
      severity: 'high',
      action: 'Patch RDP',
      cves: ['CVE-2019-0708'],
      advisory: null,
      targets: ['org:F83001', 'org:H85002'],
    });
    await respondToAlert(db(), alertContext(reminderClock), {
      reference: late.reference,
      orgs: ['H85002'],
      status: 'acknowledged',
    });
    expect(await queueScheduledNotifications(db(), at(23), SCHEDULE)).toMatchObject({
      reminders: 0,
      escalations: 0,
    });
    expect(await queueScheduledNotifications(db(), at(25), SCHEDULE)).toMatchObject({
      reminders: 1,
      escalations: 0,
    });
    expect(await queueScheduledNotifications(db(), at(26), SCHEDULE)).toMatchObject({ reminders: 0 });
    const reminder = (
      await listOutboxMessages(db(), SYSTEM_ACTOR, { alert: late.reference, kind: 'reminder', body: true })
    )[0];
    expect(reminder?.to).toBe('Ali Khan <ali@camden.example>');
    expect(reminder?.subject).toContain('Reminder: 24 hours left to acknowledge');
    expect(await queueScheduledNotifications(db(), at(49), SCHEDULE)).toMatchObject({ escalations: 2 });
    expect(await queueScheduledNotifications(db(), at(50), SCHEDULE)).toMatchObject({ escalations: 0 });
    const escalations = await listOutboxMessages(db(), SYSTEM_ACTOR, {
      alert: late.reference,
      kind: 'escalation',
      body: true,
    });
    expect(escalations.map((m) => [m.org, m.channel, m.to])).toEqual([
      ['QMJ', 'email', 'NCL Cyber <cyber@ncl-icb.example>'],
      ['Y56', 'webhook', 'London SOC <soc@london-region.example>'],
    ]);
    expect(escalations[0]?.subject).toBe(
      'Overdue: 1 organisation under North Central London ICB has not acknowledged WA-2026-0004 (HIGH) BlueKeep',
    );
    expect(escalations[0]?.body).toContain(
      'Camden Health Centre (F83001): was due Thursday 14 May 2026 at 10:00 UK time',
    );
    expect(escalations[0]?.body).toContain(
      'ward alert respond WA-2026-0004 --under QMJ --status acknowledged',
    );
  });

  it('shows remediation verified by inventory, and flags a resolved organisation still exposed', async () => {
    clock.set(at(80));
    await respondToAlert(db(), ctx, { reference: ref, orgs: ['RJ7', 'H85001'], status: 'resolved' });
    // SMBv1 switched off (left out, Windows 7's default would be assumed).
    await importCsv(db(), 'RJ7', inventoryCsv([{ id: 'PC-1', components: [WIN7_SP1, SMB1_DISABLED] }]));
    const status = await alertStatus(db(), SYSTEM_ACTOR, clock, ref, { targets: true });
    expect(status.evidence.verifiedByInventory.map((v) => v.code)).toEqual(['RJ7']);
    expect(status.evidence.resolvedButStillExposed).toEqual(['H85001']);
    const byCode = new Map(status.targets?.map((t) => [t.code, t]));
    expect(byCode.get('RJ7')?.evidence).toMatchObject({
      exposedNow: false,
      flag: 'remediation verified by inventory',
    });
    expect(byCode.get('RJ7')?.evidence.fixedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(byCode.get('H85001')?.evidence).toMatchObject({
      exposedNow: true,
      flag: 'resolved but still exposed',
    });
    expect(byCode.get('F83001')?.evidence).toEqual({ exposedNow: true, fixedAt: null, flag: null });
  });

  it('stays live: an import that exposes another organisation makes it a target with its own deadline', async () => {
    await importContacts(
      db(),
      SYSTEM_ACTOR,
      'more.csv',
      contactsCsv([['A84001', 'Nia Jones', 'nia@newcastle.example', 'practice manager', 'email', 'false']]),
    );
    await importCsv(db(), 'A84001', inventoryCsv([{ id: 'NE-1', components: [WIN7_SP1, SMB1] }]));
    const status = await alertStatus(db(), SYSTEM_ACTOR, clock, ref, { org: 'A84001' });
    const target = status.targets?.[0];
    expect(target).toMatchObject({ code: 'A84001', reasons: ['auto'], state: 'awaiting_ack', devices: 1 });
    expect(new Date(target?.ackDueAt ?? 0).getTime() - new Date(target?.targetedAt ?? 0).getTime()).toBe(
      48 * HOUR_MS,
    );
    expect(target?.history?.map((h) => [h.kind, h.to, h.actor])).toEqual([
      ['targeted', 'awaiting_ack', 'system:exposure-change'],
    ]);
    const told = await listOutboxMessages(db(), SYSTEM_ACTOR, { alert: ref, kind: 'issued' });
    expect(told.map((m) => m.org)).toContain('A84001');
  });

  it('versions edits and tells every target; withdrawing stops responses', async () => {
    const edited = await editAlert(db(), ctx, ref, {
      action: 'Install MS17-010, turn off SMBv1 and block port 445 at the firewall.',
      addCves: ['CVE-2017-0144'],
      note: 'firewall step added',
    });
    expect(edited).toMatchObject({
      version: 2,
      changes: [expect.stringContaining('what to do has changed')],
    });
    const updates = await listOutboxMessages(db(), SYSTEM_ACTOR, { alert: ref, kind: 'updated', body: true });
    expect(updates.length).toBeGreaterThanOrEqual(4);
    expect(updates[0]?.body).toContain('Note from the national centre: firewall step added');
    await expect(editAlert(db(), ctx, ref, {})).rejects.toBeInstanceOf(InvalidInputError);
    const withdrawn = await withdrawAlert(db(), ctx, ref, 'superseded by WA-2026-0003');
    expect(withdrawn.version).toBe(3);
    await expect(
      respondToAlert(db(), ctx, { reference: ref, orgs: ['F83001'], status: 'resolved' }),
    ).rejects.toBeInstanceOf(WardError);
    const list = await listAlerts(db(), SYSTEM_ACTOR, clock, { open: true });
    expect(list.map((a) => a.reference)).not.toContain(ref);
    expect((await listAlerts(db(), SYSTEM_ACTOR, clock)).find((a) => a.reference === ref)?.withdrawn).toBe(
      true,
    );
  });

  it('sends each digest contact one daily digest of their open alerts', async () => {
    const morning = new Date('2026-05-20T08:00:00Z');
    const first = await queueScheduledNotifications(db(), morning, SCHEDULE);
    expect(first.digests).toBe(1);
    expect(
      (await queueScheduledNotifications(db(), new Date('2026-05-20T09:00:00Z'), SCHEDULE)).digests,
    ).toBe(0);
    const digests = await listOutboxMessages(db(), SYSTEM_ACTOR, { kind: 'digest', body: true });
    // The reminder passes of the 13th and 14th ran after the digest hour: one digest on each of those days.
    expect(digests.map((d) => d.key.slice(0, 23))).toEqual([
      'ward:digest:2026-05-13:',
      'ward:digest:2026-05-14:',
      'ward:digest:2026-05-20:',
    ]);
    const digest = digests[2];
    expect(digest?.to).toBe('Jane Smith <jane.smith@balham.example>');
    expect(digest?.subject).toBe('Ward daily digest for Balham Park Surgery: 1 open alert');
    expect(digest?.body).toContain('WA-2026-0002 (MEDIUM) Check SMB exposure at practices');
    expect(digest?.body).toContain('OVERDUE: acknowledgement was due');
    expect(
      // 06:59 in London (BST): before the digest hour.
      (await queueScheduledNotifications(db(), new Date('2026-05-21T05:59:00Z'), SCHEDULE)).digests,
    ).toBe(0);
  });

  it('escalates every overdue organisation when a pass takes several batches', async () => {
    const batchClock = manualClock(new Date('2026-06-01T09:00:00Z'));
    const issued = await issueAlert(db(), alertContext(batchClock), {
      title: 'Batch drill',
      severity: 'high',
      action: 'Patch',
      cves: ['CVE-2017-0144'],
      advisory: null,
      targets: ['org:H85001', 'org:H85002'],
    });
    const later = new Date('2026-06-03T10:00:00Z');
    await queueScheduledNotifications(db(), later, { ...SCHEDULE, digestHour: 24, batch: 1 });
    const escalations = await listOutboxMessages(db(), SYSTEM_ACTOR, {
      alert: issued.reference,
      kind: 'escalation',
      body: true,
    });
    // One message per batch (one organisation each) to the ICB and to the region.
    expect(escalations.map((m) => m.org).sort()).toEqual(['QWE', 'QWE', 'Y56', 'Y56']);
    const qwe = escalations.filter((m) => m.org === 'QWE');
    expect(qwe.map((m) => m.body?.match(/\((H8500\d)\): was due/)?.[1]).sort()).toEqual(['H85001', 'H85002']);
  });
});

describeEachEngine('contacts import', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
  });

  it('imports idempotently and rejects a bad file whole with FILE:LINE problems', async () => {
    expect(await importContacts(db(), SYSTEM_ACTOR, 'c.csv', contactsCsv())).toMatchObject({
      rows: 7,
      created: 7,
    });
    expect(await importContacts(db(), SYSTEM_ACTOR, 'c.csv', contactsCsv())).toMatchObject({
      created: 0,
      unchanged: 7,
    });
    const before = await snapshotTables(db(), ['contacts']);
    const error = await importContacts(
      db(),
      SYSTEM_ACTOR,
      'bad.csv',
      'org_code,name,email,role,channel,digest\nRJ7,New Person,new@rj7.example,it,email,no\nNOPE,X,x@y.example,r,email,no\nRJ7,Y,bad,r,email,no\n',
    ).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((p) => `${p.file}:${p.line}: ${p.reason}`)).toEqual([
      'bad.csv:3: unknown organisation NOPE',
      'bad.csv:4: not an e-mail address: "bad"',
    ]);
    expect(await snapshotTables(db(), ['contacts'])).toEqual(before);
  });
});

describe('alert references', () => {
  it('are per year', () => {
    expect(new Date(T0).getUTCFullYear()).toBe(2026);
  });
});

describeEachEngine('alert targets and exceptions', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    await importCsv(
      db(),
      'RJ7',
      inventoryCsv([
        { id: 'PC-1', components: [WIN7_SP1, SMB1] },
        { id: 'SRV-1', type: 'server', components: [SERVER_2008_R2_SP1, SMB1] },
      ]),
    );
    await importCsv(db(), 'H85001', inventoryCsv([{ id: 'GP-1', components: [WIN7_SP1, SMB1] }]));
    await importCsv(db(), 'F83001', inventoryCsv([{ id: 'GP-2', components: [WIN7_SP1, SMB1] }]));
  });

  it('leaves out the devices, and the organisations, whose exposure is excepted', async () => {
    const excepted = { reason: 'isolated VLAN', controls: 'no SMB from outside', expires: '2099-01-01' };
    await addException(db(), SYSTEM_ACTOR, { ...excepted, org: 'H85001', cve: 'CVE-2017-0144' });
    await addException(db(), SYSTEM_ACTOR, { ...excepted, org: 'RJ7', cve: 'CVE-2017-0144', asset: 'PC-1' });
    const issued = await issueAlert(db(), alertContext(manualClock(T0)), {
      title: 'WannaCry',
      severity: 'high',
      action: 'Patch.',
      cves: ['CVE-2017-0144'],
      advisory: null,
      targets: ['auto'],
    });
    expect(issued.targets.map((t) => [t.code, t.assets])).toEqual([
      ['F83001', 1],
      ['RJ7', 1],
    ]);
    const status = await alertStatus(db(), SYSTEM_ACTOR, manualClock(T0), issued.reference, { org: 'RJ7' });
    expect(status.targets?.[0]?.deviceList).toEqual(['srv-1 (SRV-1): server']);
  });
});
