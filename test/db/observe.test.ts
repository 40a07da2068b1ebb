import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { userActor } from '../../src/domain/access/actor.js';
import { InvalidInputError } from '../../src/errors.js';
import { importContacts } from '../../src/services/contacts/contact.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { queueExposureEscalations } from '../../src/services/outside/exposure-notice.service.js';
import { externalSummary, listExternal } from '../../src/services/outside/external.service.js';
import { importObservations, type ReportFile } from '../../src/services/outside/observe.service.js';
import { contactsCsv } from '../factories/contact.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { registerRanges, shadowserverCsv } from '../factories/external-report.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const TABLES = ['external_services', 'external_reports', 'outbox', 'audit_log'];
const day = (d: number, h = 3) => new Date(Date.UTC(2026, 2, d, h));
const stamp = (d: number) => `2026-03-${String(d).padStart(2, '0')} 02:00:00`;
const file = (name: string, text: string | Buffer): ReportFile => ({
  name,
  bytes: typeof text === 'string' ? Buffer.from(text) : text,
});
const DAY1 = shadowserverCsv([
  { at: stamp(1), ip: '10.1.3.5', port: 445, tag: 'smb' },
  { at: stamp(1), ip: '10.1.2.5', port: 5900 },
  {
    at: stamp(1),
    ip: '10.1.9.9',
    port: 3389,
    tag: 'rdp',
    vendor: 'Microsoft',
    product: 'Windows Server',
    version: '2012 R2',
  },
  { at: stamp(1), ip: '203.0.113.9', port: 5432 },
  { at: stamp(1), ip: '203.0.113.9', port: 443, vendor: 'Fortinet', product: 'FortiOS', version: '7.0.12' },
  { at: stamp(1), ip: '203.0.113.9', port: 8080 },
  { at: stamp(1), ip: '198.51.100.1', port: 445, tag: 'smb' },
  { at: '2026-03-01 05:00:00', ip: '198.51.100.1', port: 3389 },
  { at: stamp(1), ip: '2001:db8:ab::7', port: 23, tag: 'telnet' },
]);

describeEachEngine('external observations', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await importContacts(db(), ADMIN_CLI, 'contacts.csv', contactsCsv());
    await registerRanges(db(), [
      ['RJ7', '10.1.0.0/16'],
      ['RJ701', '10.1.2.0/24'],
      ['H85001', '203.0.113.0/24'],
      ['QWE', '2001:db8::/32'],
    ]);
  });

  const open = async () =>
    (await listExternal(db(), ADMIN_CLI, { all: true })).items.map(
      (e) =>
        `${e.org} ${e.address}:${e.port} ${e.kind}/${e.severity} ${e.closedAt ? 'closed' : 'open'}${e.reopenedAt ? ' reopened' : ''}`,
    );

  it('attributes a report by the most specific range, classifies by the rules, counts the unknown addresses', async () => {
    const r = await importObservations(db(), ADMIN_CLI, [file('day1.csv', DAY1)], { now: day(1) });
    expect(r.reports).toEqual([
      expect.objectContaining({
        source: 'shadowserver',
        alreadyImported: false,
        rows: 9,
        attributed: 7,
        unknown: 2,
        unknownDistinct: 1,
        unknownAddresses: [{ address: '198.51.100.1', rows: 2 }],
        ignored: 1,
        opened: 6,
        closed: 0,
      }),
    ]);
    expect((await open()).sort()).toEqual([
      'H85001 203.0.113.9:443 service/info open',
      'H85001 203.0.113.9:5432 postgresql/high open',
      'QWE 2001:db8:ab::7:23 telnet/high open',
      'RJ7 10.1.3.5:445 smb/critical open',
      'RJ7 10.1.9.9:3389 rdp/high open',
      'RJ701 10.1.2.5:5900 vnc/high open',
    ]);
  });

  it('tells the organisation at once, in plain English, through the outbox', async () => {
    const rows = await db()
      .db.selectFrom('outbox')
      .select(['idempotency_key', 'kind', 'recipient', 'subject', 'body'])
      .where('kind', '=', 'exposure')
      .orderBy('recipient')
      .execute();
    // QWE's contact for its telnet, RJ7's for its SMB and RDP, H85001's digest contact too (high is urgent);
    // RJ701 has no contacts of its own (its parents hear if it stays open).
    expect(rows.map((r) => r.recipient)).toEqual([
      'cyber@swl-icb.example',
      'jane.smith@balham.example',
      'soc@stgeorges.example',
    ]);
    const rj7 = rows.find((r) => r.recipient === 'soc@stgeorges.example');
    expect(rj7?.subject).toBe(
      "Act now: 2 services of St George's University Hospitals NHS Foundation Trust reachable from the internet",
    );
    expect(rj7?.body).toContain('10.1.3.5 port 445/tcp: Windows file sharing (SMB) [CRITICAL]');
    expect(rj7?.body).toContain(
      '10.1.9.9 port 3389/tcp: Remote Desktop (RDP) — Windows Server 2012 R2 [HIGH]',
    );
    expect(rj7?.body).toContain('Why it matters: Remote Desktop reachable from the internet');
    expect(rj7?.body).toContain('What to do: Close Remote Desktop to the internet');
  });

  it('changes nothing when the same report comes again, gzipped or not', async () => {
    const before = await snapshotTables(db(), TABLES);
    const again = await importObservations(db(), ADMIN_CLI, [file('day1.csv.gz', gzipSync(DAY1))], {
      now: day(2),
    });
    expect(again.reports[0]).toMatchObject({ alreadyImported: true, opened: 0, rows: 9, unknown: 2 });
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it('rejects bad files with every problem and leaves the tables as they were', async () => {
    const before = await snapshotTables(db(), TABLES);
    const gz = gzipSync(shadowserverCsv([{ at: stamp(2), ip: '10.1.2.5', port: 445 }]));
    const attempt = importObservations(
      db(),
      ADMIN_CLI,
      [
        file('ok.csv', shadowserverCsv([{ at: stamp(2), ip: '10.1.2.5', port: 445 }])),
        file('cut.csv.gz', gz.subarray(0, gz.length - 12)),
        file(
          'bad.csv',
          shadowserverCsv([
            { at: stamp(2), ip: '10.1.2.999', port: 445 },
            { at: 'yesterday', ip: '10.1.2.5', port: 445 },
          ]),
        ),
        file('short.csv', `${shadowserverCsv([])}"${stamp(2)}","10.1.2.5","445"\n`),
      ],
      { now: day(2) },
    );
    await expect(attempt).rejects.toThrow(InvalidInputError);
    const problems = await attempt.catch((e: InvalidInputError) => e.problems);
    expect(problems).toEqual([
      { file: 'cut.csv.gz', line: 0, reason: 'truncated gzip' },
      { file: 'bad.csv', line: 2, reason: expect.stringMatching(/^bad address "10.1.2.999"/) },
      { file: 'bad.csv', line: 3, reason: expect.stringMatching(/^bad timestamp "yesterday"/) },
      { file: 'short.csv', line: 2, reason: 'wrong columns: 3 where the header has 13' },
    ]);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it('closes what the source stops seeing after the grace period, and reopens it when seen again', async () => {
    const onlyRdp = (d: number) =>
      shadowserverCsv([{ at: stamp(d), ip: '10.1.9.9', port: 3389, tag: 'rdp' }]);
    const d3 = await importObservations(db(), ADMIN_CLI, [file('day3.csv', onlyRdp(3))], { now: day(3) });
    expect(d3.reports[0]).toMatchObject({ opened: 0, refreshed: 1, closed: 0 });
    const d9 = await importObservations(db(), ADMIN_CLI, [file('day9.csv', onlyRdp(9))], { now: day(9) });
    expect(d9.reports[0]).toMatchObject({ refreshed: 1, closed: 5 });
    expect((await open()).sort()).toEqual([
      'H85001 203.0.113.9:443 service/info closed',
      'H85001 203.0.113.9:5432 postgresql/high closed',
      'QWE 2001:db8:ab::7:23 telnet/high closed',
      'RJ7 10.1.3.5:445 smb/critical closed',
      'RJ7 10.1.9.9:3389 rdp/high open',
      'RJ701 10.1.2.5:5900 vnc/high closed',
    ]);
    const notices = await db().db.selectFrom('outbox').select('id').where('kind', '=', 'exposure').execute();
    const d10 = await importObservations(
      db(),
      ADMIN_CLI,
      [file('day10.csv', shadowserverCsv([{ at: stamp(10), ip: '10.1.3.5', port: 445, tag: 'smb' }]))],
      { now: day(10) },
    );
    expect(d10.reports[0]).toMatchObject({ opened: 0, reopened: 1, closed: 0, notified: 1 });
    expect(await open()).toContain('RJ7 10.1.3.5:445 smb/critical open reopened');
    const after = await db()
      .db.selectFrom('outbox')
      .select(['id', 'body'])
      .where('kind', '=', 'exposure')
      .execute();
    expect(after.length).toBe(notices.length + 1);
    expect(after.at(-1)?.body).toContain('seen again after it had been closed');
    const list = await listExternal(db(), ADMIN_CLI, {});
    expect(list.items.map((e) => e.kind)).toEqual(['smb', 'rdp']);
  });

  it('escalates to the parents a critical or high exposure still open after the acknowledgement window, once', async () => {
    const escalations = async () =>
      db()
        .db.selectFrom('outbox')
        .select(['recipient', 'body'])
        .where('kind', '=', 'exposure_escalation')
        .orderBy('id')
        .execute();
    const render = { publicUrl: null };
    // The RDP was told on day 1 and is still open; the SMB was told again on day 10, when it reopened.
    expect(await queueExposureEscalations(db(), day(11), { render })).toBe(2);
    const first = await escalations();
    expect(first.map((r) => r.recipient).sort()).toEqual([
      'cyber@swl-icb.example',
      'soc@london-region.example',
    ]);
    expect(first[0]?.body).toContain("St George's University Hospitals NHS Foundation Trust (RJ7)");
    expect(first[0]?.body).toContain('10.1.9.9 port 3389/tcp: Remote Desktop (RDP)');
    expect(first[0]?.body).not.toContain('port 445');
    expect(await queueExposureEscalations(db(), day(12, 2), { render })).toBe(0);
    expect(await queueExposureEscalations(db(), day(12, 4), { render })).toBe(2);
    expect((await escalations())[2]?.body).toContain('10.1.3.5 port 445/tcp: Windows file sharing (SMB)');
    expect(await queueExposureEscalations(db(), day(20), { render })).toBe(0);
  });

  it('shows each caller only their subtree, and the unknown addresses to national callers only', async () => {
    const rows = await db().db.selectFrom('organisations').select(['id', 'code']).execute();
    const id = (code: string) => rows.find((r) => r.code === code)?.id as string;
    const rj7 = userActor('u1', 'rj7', [{ orgId: id('RJ7'), role: 'viewer' }]);
    const ral = userActor('u2', 'ral', [{ orgId: id('RAL'), role: 'org_admin' }]);
    const national = userActor('u3', 'nat', [{ orgId: id('X26'), role: 'national_analyst' }]);
    expect((await listExternal(db(), rj7, { all: true })).items.map((e) => e.org).sort()).toEqual([
      'RJ7',
      'RJ7',
      'RJ701',
    ]);
    expect((await listExternal(db(), ral, { all: true })).items).toEqual([]);
    await expect(listExternal(db(), ral, { org: 'RJ7' })).rejects.toThrow(/no organisation RJ7/);
    await expect(importObservations(db(), rj7, [file('x.csv', DAY1)], { now: day(12) })).rejects.toThrow(
      /may not import external observations/,
    );
    const mine = await externalSummary(db(), rj7);
    expect(mine.recentReports).toBeNull();
    expect(mine.rows.map((r) => [r.org, r.own, r.open, r.closed])).toEqual([
      ['RJ7', true, 2, 0],
      ['RJ701', false, 0, 1],
    ]);
    const all = await externalSummary(db(), national, { org: 'QWE' });
    expect(all.rows.find((r) => r.org === 'H85001')?.counts).toEqual([
      { kind: 'postgresql', severity: 'high', open: 0, closed: 1 },
      { kind: 'service', severity: 'info', open: 0, closed: 1 },
    ]);
    expect(all.rows.find((r) => r.org === 'QWE')).toMatchObject({ own: true, open: 0, closed: 1 });
    expect(all.recentReports?.find((r) => r.file === 'day1.csv')?.unknownAddresses).toEqual([
      { address: '198.51.100.1', rows: 2 },
    ]);
  });
});

describe('report import options', () => {
  it('refuses a grace period that is no whole number of days', async () => {
    await expect(importObservations({} as never, ADMIN_CLI, [], { graceDays: 0 })).rejects.toThrow(
      /graceDays: a whole number of days 1-365/,
    );
  });
});
