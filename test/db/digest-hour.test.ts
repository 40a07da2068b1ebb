import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { manualClock } from '../../src/domain/alerts/clock.js';
import {
  issueAlert,
  listOutboxMessages,
  queueScheduledNotifications,
} from '../../src/services/alerts/index.js';
import { importContacts } from '../../src/services/contacts/contact.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { alertContext, contactsCsv } from '../factories/contact.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

// Default zone (Europe/London) unless a case says otherwise; 07:00 local.
const LONDON = { render: { publicUrl: null }, digestHour: 7 };

describeEachEngine('daily digests at a local hour', (db) => {
  const digestDays = async () =>
    (await listOutboxMessages(db(), SYSTEM_ACTOR, { kind: 'digest' })).map((m) => m.key.split(':')[2]).sort();
  const pass = async (iso: string, options: typeof LONDON & { digestTimeZone?: string } = LONDON) =>
    (await queueScheduledNotifications(db(), new Date(iso), options)).digests;

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    await importCsv(db(), 'H85001', inventoryCsv([{ id: 'GP-1', components: [WIN7_SP1, SMB1] }]));
    await importContacts(db(), SYSTEM_ACTOR, 'contacts.csv', contactsCsv());
    // A medium alert for Balham Park Surgery, whose practice manager reads the digest; it stays open.
    await issueAlert(db(), alertContext(manualClock(new Date('2026-03-20T10:00:00Z'))), {
      title: 'Check SMB exposure',
      severity: 'medium',
      action: 'Turn off SMBv1.',
      cves: ['CVE-2017-0144'],
      advisory: null,
      targets: ['org:H85001'],
    });
  });

  it('goes out at 07:00 London time across the change to BST (last Sunday of March)', async () => {
    expect(await pass('2026-03-28T06:59:00Z')).toBe(0); // Saturday, GMT
    expect(await pass('2026-03-28T07:00:00Z')).toBe(1);
    expect(await pass('2026-03-29T05:59:00Z')).toBe(0); // Sunday, BST from 01:00 UTC
    expect(await pass('2026-03-29T06:00:00Z')).toBe(1);
    expect(await pass('2026-03-29T22:59:00Z')).toBe(0); // still the 29th in London: sent already
    expect(await pass('2026-03-30T05:59:00Z')).toBe(0); // Monday, BST
    expect(await pass('2026-03-30T06:00:00Z')).toBe(1);
    expect(await digestDays()).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });

  it('goes out at 07:00 London time across the change to GMT (last Sunday of October)', async () => {
    expect(await pass('2026-10-24T05:59:00Z')).toBe(0); // Saturday, BST
    expect(await pass('2026-10-24T06:00:00Z')).toBe(1);
    expect(await pass('2026-10-24T23:30:00Z')).toBe(0); // 00:30 BST on Sunday the 25th
    expect(await pass('2026-10-25T06:59:00Z')).toBe(0); // Sunday, GMT from 01:00 UTC
    expect(await pass('2026-10-25T07:00:00Z')).toBe(1);
    expect(await pass('2026-10-26T06:59:00Z')).toBe(0); // Monday, GMT
    expect(await pass('2026-10-26T07:00:00Z')).toBe(1);
    expect((await digestDays()).slice(3)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
  });

  it('follows another zone when configured', async () => {
    const utc = { ...LONDON, digestTimeZone: 'UTC' };
    // 06:30 UTC is 07:30 in London (BST) but not yet 07:00 in UTC.
    expect(await pass('2026-06-01T06:30:00Z', utc)).toBe(0);
    expect(await pass('2026-06-01T07:00:00Z', utc)).toBe(1);
    // Sydney is ten hours ahead in June: 21:00 UTC on the 1st is 07:00 on the 2nd there.
    const sydney = { ...LONDON, digestTimeZone: 'Australia/Sydney' };
    expect(await pass('2026-06-01T20:59:00Z', sydney)).toBe(0);
    expect(await pass('2026-06-01T21:00:00Z', sydney)).toBe(1);
    expect(await digestDays()).toEqual([
      ...['2026-03-28', '2026-03-29', '2026-03-30'],
      ...['2026-06-01', '2026-06-02'],
      ...['2026-10-24', '2026-10-25', '2026-10-26'],
    ]);
  });
});
