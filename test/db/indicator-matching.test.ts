/**
 * What happens around an indicator once added: it is matched against the federation's own
 * registered ranges, domains and services seen from outside, and flagged to their organisations
 * (told through the outbox, saying no more than the marking allows); sightings are told to the
 * producer once a day; producers revoke; counts by marking; a file import is all or nothing.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.js';
import { TLP_MARKING_ID } from '../../src/domain/sharing/tlp.js';
import { InvalidInputError } from '../../src/errors.js';
import { importContacts } from '../../src/services/contacts/contact.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { importAddresses } from '../../src/services/outside/address.service.js';
import {
  addIndicators,
  indicatorSummary,
  listIndicators,
  revokeIndicator,
  sightIndicator,
} from '../../src/services/sharing/indicator.service.js';
import { importIndicators } from '../../src/services/sharing/indicator-import.service.js';
import { listIndicatorFlags } from '../../src/services/sharing/indicator-match.service.js';
import { importStixBundle } from '../../src/services/sharing/stix-import.service.js';
import { contactsCsv } from '../factories/contact.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI, peopleActors } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const NOW = new Date('2026-06-01T09:00:00Z');

describeEachEngine('indicator matching, flags and notices', (db) => {
  const at = new Map<string, Actor>();
  const who = (name: string) => at.get(name) as Actor;
  const outbox = (kind: string) =>
    db()
      .db.selectFrom('outbox')
      .select(['recipient', 'subject', 'body', 'payload'])
      .where('kind', '=', kind)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await importContacts(db(), ADMIN_CLI, 'contacts.csv', contactsCsv());
    await importAddresses(db(), ADMIN_CLI, {
      name: 'addresses.csv',
      text: 'org_code,kind,value\nH85002,range,203.0.113.0/28\nRJ7,range,198.51.100.0/24\nRJ7,domain,stgeorges.example\n',
    });
    const ids = new Map(
      (await db().db.selectFrom('organisations').select(['code', 'id']).execute()).map((o) => [o.code, o.id]),
    );
    await db()
      .db.insertInto('external_services')
      .values({
        org_id: ids.get('RJ7') as string,
        source: 'test-scan',
        address: '198.51.100.7',
        port: 3389,
        protocol: 'tcp',
        kind: 'rdp',
        severity: 'high',
        first_seen: NOW,
        last_seen: NOW,
      })
      .execute();
    const people = [
      ['pm1', 'H85001', 'responder'],
      ['pm2', 'H85002', 'responder'],
      ['trust', 'RJ7', 'responder'],
      ['centre', 'X26', 'national_analyst'],
    ] as const;
    for (const [name, actor] of await peopleActors(db(), people)) at.set(name, actor);
  });

  it('flags an AMBER+STRICT address to the practice it belongs to without the indicator itself', async () => {
    const [added] = await addIndicators(
      db(),
      who('pm1'),
      'H85001',
      [{ value: '203.0.113.5', tlp: 'amber+strict', description: 'C2 callback seen from our PC' }],
      { now: NOW },
    );
    // The producer does not read H85002: it learns that a federation address was named, not whose.
    expect(added?.warnings.map((w) => w.id)).toContain('federation-address');
    expect(added?.flagged).toEqual([]);
    const flags = await listIndicatorFlags(db(), who('pm2'), 'H85002');
    expect(flags).toEqual([
      { org: 'H85002', kind: 'range', detail: '203.0.113.5', flaggedAt: expect.any(Date), indicator: null },
    ]);
    // Nor does the centre see it: standing higher grants nothing for marked objects.
    expect((await listIndicatorFlags(db(), who('centre'), 'H85002'))[0]?.indicator).toBeNull();
    const [notice, ...more] = await outbox('indicator-match');
    expect(more).toEqual([]);
    expect(notice?.recipient).toBe('tom@tooting.example');
    expect(notice?.subject).toBe('An indicator shared in Ward names your address 203.0.113.5');
    expect(notice?.body).toContain('does not include your organisation');
    expect(JSON.stringify(notice)).not.toMatch(/H85001|AMBER|C2 callback/);
  });

  it('flags a GREEN range to the trust whose range and internet-facing service it covers, indicator and all', async () => {
    const [added] = await addIndicators(
      db(),
      who('pm1'),
      'H85001',
      [{ value: '198.51.100.0/25', tlp: 'green' }],
      { now: NOW },
    );
    expect(added?.flagged).toEqual([]);
    const flags = await listIndicatorFlags(db(), who('trust'), 'RJ7');
    expect(flags.map((f) => [f.kind, f.detail, f.indicator?.value, f.indicator?.tlp])).toEqual([
      ['range', '198.51.100.0/24', '198.51.100.0/25', 'GREEN'],
      ['service', '198.51.100.7:3389', '198.51.100.0/25', 'GREEN'],
    ]);
    const notices = await outbox('indicator-match');
    const trust = notices.filter((n) => n.recipient === 'soc@stgeorges.example');
    expect(trust).toHaveLength(1);
    expect(trust[0]?.body).toContain(
      'The indicator (TLP:GREEN, shared by H85001): ipv4-cidr 198.51.100.0/25',
    );
    // The centre reads RJ7: the producer side of an addition it makes names the organisation flagged.
    const [mine] = await addIndicators(
      db(),
      who('centre'),
      'X26',
      [{ value: 'https://login.stgeorges.example/reset', tlp: 'green' }],
      { now: NOW },
    );
    expect(mine?.flagged).toEqual([{ org: 'RJ7', kind: 'domain', detail: 'stgeorges.example' }]);
    // Adding the same again flags nothing twice.
    await addIndicators(db(), who('pm1'), 'H85001', [{ value: '198.51.100.0/25', tlp: 'green' }], {
      now: NOW,
    });
    expect((await outbox('indicator-match')).length).toBe(notices.length + 1);
  });

  it('flags what a STIX import names of the federation, as adding does, and nothing for values that name nothing', async () => {
    const indicator = (n: number, pattern: string) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--6a1f0c2e-7b3d-4e5f-8a9b-0c1d2e3f4a${String(n).padStart(2, '0')}`,
      created: '2026-05-30T00:00:00.000Z',
      modified: '2026-05-30T00:00:00.000Z',
      pattern,
      pattern_type: 'stix',
      valid_from: '2026-05-30T00:00:00Z',
      object_marking_refs: [TLP_MARKING_ID.GREEN],
    });
    const before = (await outbox('indicator-match')).length;
    await importStixBundle(
      db(),
      who('pm1'),
      {
        type: 'bundle',
        id: 'bundle--0b7d9e2a-4c6f-4a1b-9e3d-5f7a9c1e3b50',
        objects: [
          indicator(1, "[url:value = 'https://portal.stgeorges.example/login']"),
          indicator(2, "[ipv4-addr:value = '192.0.2.77']"),
          indicator(4, "[ipv4-addr:value = '198.51.100.7']"),
          indicator(3, `[file:hashes.'SHA-256' = '${'ab'.repeat(32)}']`),
        ],
      },
      { source: 'stix:partner.json', producerCode: 'H85001', now: NOW },
    );
    const flags = await listIndicatorFlags(db(), who('trust'), 'RJ7');
    expect(
      flags
        .filter((f) => f.indicator?.value.includes('portal.'))
        .map((f) => [f.kind, f.detail, f.indicator?.value]),
    ).toEqual([['domain', 'stgeorges.example', 'https://portal.stgeorges.example/login']]);
    // An address: the trust's range holding it and its service seen from outside, in one notice.
    expect(flags.filter((f) => f.indicator?.value === '198.51.100.7').map((f) => [f.kind, f.detail])).toEqual(
      [
        ['range', '198.51.100.7'],
        ['service', '198.51.100.7:3389'],
      ],
    );
    const told = (await outbox('indicator-match')).slice(before);
    expect(told.map((n) => n.recipient)).toEqual(['soc@stgeorges.example', 'soc@stgeorges.example']);
    expect(told.map((n) => n.subject).join('\n')).toContain('198.51.100.7');
    // The address outside every registered range and the hash name nothing: no flag for anyone.
    const named = await db()
      .db.selectFrom('indicator_matches as m')
      .innerJoin('indicators as i', 'i.id', 'm.indicator_id')
      .select('i.value')
      .where('i.source', '=', 'stix:partner.json')
      .execute();
    expect(named.map((r) => r.value).sort()).toEqual([
      '198.51.100.7',
      '198.51.100.7',
      'https://portal.stgeorges.example/login',
    ]);
  });

  it('tells the producer of sightings once per indicator and day, naming who saw it', async () => {
    const [added] = await addIndicators(
      db(),
      who('trust'),
      'RJ7',
      [{ value: 'evil.example', tlp: 'green' }],
      {
        now: NOW,
      },
    );
    const id = added?.id as string;
    await sightIndicator(db(), who('pm1'), id, 'H85001', { now: NOW });
    await sightIndicator(db(), who('pm2'), id, 'H85002', { now: new Date(NOW.getTime() + 3600_000) });
    let notices = await outbox('indicator-sighted');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.recipient).toBe('soc@stgeorges.example');
    expect(notices[0]?.subject).toBe('Seen by 1 organisation: your TLP:GREEN indicator evil.example');
    await sightIndicator(db(), who('pm2'), id, 'H85002', { now: new Date('2026-06-02T08:00:00Z') });
    notices = await outbox('indicator-sighted');
    expect(notices).toHaveLength(2);
    expect(notices[1]?.body).toContain('Balham Park Surgery (H85001)');
    expect(notices[1]?.body).toContain('Tooting Medical Centre (H85002): 2 times');

    // TLP:RED is for the people named, not the producer's contacts: the notice says only that one was seen.
    const [red] = await addIndicators(db(), who('trust'), 'RJ7', [
      { value: 'red-only.example', tlp: 'red', shareWith: { people: ['pm1'] } },
    ]);
    await sightIndicator(db(), who('pm1'), red?.id as string, 'H85001', { now: NOW });
    const redNotice = (await outbox('indicator-sighted')).at(-1);
    expect(redNotice?.subject).toBe(
      "Seen by 1 organisation: a TLP:RED indicator of St George's University Hospitals NHS Foundation Trust",
    );
    expect(JSON.stringify(redNotice)).not.toMatch(/red-only|H85001|Balham/);
  });

  it('lets only the producer revoke; a revoked indicator is listed as such and takes no sightings', async () => {
    const [added] = await addIndicators(db(), who('pm1'), 'H85001', [
      { value: 'revoke-me.example', tlp: 'green' },
    ]);
    const id = added?.id as string;
    await expect(revokeIndicator(db(), who('pm2'), id)).rejects.toThrow(/only its producer/);
    expect(await revokeIndicator(db(), who('pm1'), id)).toEqual({ indicator: added?.stixId, revoked: true });
    expect((await listIndicators(db(), who('pm2'), { value: 'revoke-me.example' }))[0]?.revoked).toBe(true);
    await expect(sightIndicator(db(), who('pm2'), id, 'H85002')).rejects.toThrow(/revoked/);
  });

  it('counts what each caller may see, by marking and kind', async () => {
    const mine = await indicatorSummary(db(), who('pm1'));
    const theirs = await indicatorSummary(db(), who('pm2'));
    expect(mine.byTlp.find((t) => t.tlp === 'AMBER+STRICT')?.count).toBe(1);
    expect(theirs.byTlp.find((t) => t.tlp === 'AMBER+STRICT')).toBeUndefined();
    // pm1 also sees the TLP:RED indicator that names it.
    expect(mine.byTlp.find((t) => t.tlp === 'RED')?.count).toBe(1);
    expect(theirs.byTlp.find((t) => t.tlp === 'RED')).toBeUndefined();
    expect(mine.total - theirs.total).toBe(2);
    expect(mine.revoked).toBe(1);
    const green = await listIndicators(db(), who('pm2'), { tlp: 'green', limit: 1000 });
    expect(theirs.byTlp).toEqual([{ tlp: 'GREEN', count: green.filter((i) => !i.revoked).length }]);
  });

  it('imports a CSV file all or nothing, every problem with its line', async () => {
    const tables = ['indicators', 'marked_orgs', 'marked_groups', 'indicator_matches', 'outbox', 'audit_log'];
    const before = await snapshotTables(db(), tables);
    const bad = [
      'value,tlp,type,share_with,confidence,description',
      'good.example,green,,,50,fine',
      'not an address,green,ipv4,,,',
      'amber.example,amber,,NOPE,,',
      'x.example,purple,,,,',
      'y.example,green,,,high,',
    ].join('\n');
    const err = await importIndicators(db(), who('pm1'), 'H85001', { name: 'iocs.csv', text: bad }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).problems.map((p) => [p.line, p.field])).toEqual([
      [6, 'confidence'],
      [3, 'value'],
      [4, 'share_with'],
      [5, 'tlp'],
    ]);
    expect(await snapshotTables(db(), tables)).toEqual(before);

    const good =
      'value,tlp,share_with\nhxxp://phish[.]example/login,amber,"H85002 under:RJ7"\n203.0.113.9,green,\n';
    const r = await importIndicators(db(), who('pm1'), 'H85001', { name: 'iocs.csv', text: good });
    expect([r.format, r.added, r.updated]).toEqual(['csv', 2, 0]);
    expect((await listIndicators(db(), who('trust'), { value: 'http://phish.example/login' })).length).toBe(
      1,
    );
    const json = JSON.stringify([
      { value: 'json.example', tlp: 'TLP:CLEAR' },
      { value: 3, tlp: 'green' },
    ]);
    await expect(
      importIndicators(db(), who('pm1'), 'H85001', { name: 'iocs.json', text: json }),
    ).rejects.toMatchObject({
      problems: [{ file: 'iocs.json', line: 2, field: 'value', reason: 'expected text' }],
    });
  });
});
