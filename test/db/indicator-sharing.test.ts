/**
 * Indicators shared under TLP 2.0 through the services: a practice reports a phishing sender under
 * AMBER+STRICT (nobody else sees it, the national centre included), shares it as GREEN (everyone
 * does), two other practices sight it and the producer sees which; AMBER through a sharing group;
 * RED to people by name; warnings; a bad batch writes nothing.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.js';
import { InvalidInputError } from '../../src/errors.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import {
  addIndicators,
  listIndicators,
  showIndicator,
  sightIndicator,
} from '../../src/services/sharing/indicator.service.js';
import {
  addSharingGroupMembers,
  createSharingGroup,
} from '../../src/services/sharing/sharing-group.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI, peopleActors } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const TABLES = ['indicators', 'marked_orgs', 'marked_groups', 'marked_people', 'sightings', 'audit_log'];

describeEachEngine('indicator sharing', (db) => {
  const at = new Map<string, Actor>();
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    const people = [
      ['pm1', 'H85001', 'responder'],
      ['pm2', 'H85002', 'responder'],
      ['pm3', 'A84001', 'responder'],
      ['icb', 'QWE', 'responder'],
      ['centre', 'X26', 'national_analyst'],
      ['trust', 'RJ7', 'responder'],
      ['site', 'RJ701', 'viewer'],
    ] as const;
    for (const [name, actor] of await peopleActors(db(), people)) at.set(name, actor);
  });
  const who = (name: string) => at.get(name) as Actor;
  const seers = async (value: string) => {
    const out: string[] = [];
    for (const name of at.keys())
      if ((await listIndicators(db(), who(name), { value })).length > 0) out.push(name);
    return out;
  };

  it('AMBER+STRICT stays with its producer; GREEN reaches everyone; sightings are counted and named to the producer', async () => {
    const [added] = await addIndicators(db(), who('pm1'), 'H85001', [
      { value: 'Invoices@Evil-Supplier.example', tlp: 'TLP:AMBER+STRICT', description: 'phishing sender' },
    ]);
    expect(added).toMatchObject({
      type: 'email',
      value: 'invoices@evil-supplier.example',
      tlp: 'AMBER+STRICT',
      created: true,
    });
    expect(await seers('invoices@evil-supplier.example')).toEqual(['pm1']);
    await expect(showIndicator(db(), who('centre'), added?.id as string)).rejects.toThrow(/no indicator/);

    // The same value again from the same producer re-marks it, not a second indicator.
    const [again] = await addIndicators(db(), who('pm1'), 'H85001', [
      { value: 'invoices@evil-supplier.example', type: 'email', tlp: 'green' },
    ]);
    expect(again).toMatchObject({ id: added?.id, created: false, tlp: 'GREEN' });
    expect(await seers('invoices@evil-supplier.example')).toEqual([...at.keys()]);

    await sightIndicator(db(), who('pm1'), added?.id as string, 'H85001');
    await sightIndicator(db(), who('pm2'), added?.stixId as string, 'H85002', { count: 4 });
    const third = await sightIndicator(db(), who('pm3'), added?.id as string, 'A84001');
    expect(third).toMatchObject({ org: 'A84001', count: 1, organisations: 3 });
    // A sighting is recorded for one's own organisation only.
    await expect(sightIndicator(db(), who('pm3'), added?.id as string, 'H85002')).rejects.toThrow(/H85002/);

    const producer = await showIndicator(db(), who('pm1'), added?.id as string);
    expect(producer.sightings).toEqual({ organisations: 3, total: 6 });
    expect(producer.sightedBy?.map((s) => [s.code, s.count])).toEqual([
      ['A84001', 1],
      ['H85001', 1],
      ['H85002', 4],
    ]);
    const other = await showIndicator(db(), who('pm2'), added?.id as string);
    expect(other.sightings).toEqual({ organisations: 3, total: 6 });
    expect(other.sightedBy).toBeNull();
    expect(other.yourSightings).toEqual([{ code: 'H85002', count: 4, lastSeen: expect.any(Date) }]);
  });

  it('AMBER reaches the producer and whom it names, directly or through a sharing group — not its ICB unnamed', async () => {
    await createSharingGroup(db(), who('pm1'), {
      name: 'SW London practices',
      owner: 'H85001',
      members: ['H85002'],
    });
    const [ind] = await addIndicators(db(), who('pm1'), 'H85001', [
      { value: '45.9.148.3', tlp: 'AMBER', shareWith: { groups: ['SW London practices'] } },
    ]);
    expect(ind?.type).toBe('ipv4');
    expect(await seers('45.9.148.3')).toEqual(['pm1', 'pm2']);
    await addSharingGroupMembers(db(), who('pm1'), 'SW London practices', ['under:RJ7']);
    expect(await seers('45.9.148.3')).toEqual(['pm1', 'pm2', 'trust', 'site']);
    // Another organisation cannot change the group.
    await expect(addSharingGroupMembers(db(), who('pm3'), 'SW London practices', ['A84001'])).rejects.toThrow(
      /no sharing group/,
    );
    const [named] = await addIndicators(db(), who('trust'), 'RJ7', [
      { value: 'c2.evil.example', tlp: 'AMBER', shareWith: { orgs: ['QWE'] } },
    ]);
    expect(await seers('c2.evil.example')).toEqual(['icb', 'trust', 'site']);
    expect((await showIndicator(db(), who('site'), named?.id as string)).audience).toEqual({
      orgs: [{ code: 'QWE', subtree: false }],
      groups: [],
      people: [],
    });
  });

  it('RED reaches the people named and whoever added it', async () => {
    await addIndicators(db(), who('pm2'), 'H85002', [
      { value: 'd41d8cd98f00b204e9800998ecf8427e', tlp: 'RED', shareWith: { people: ['centre'] } },
    ]);
    expect(await seers('d41d8cd98f00b204e9800998ecf8427e')).toEqual(['pm2', 'centre']);
  });

  it('flags values on the warning lists and links other reports of the same value', async () => {
    const [resolver, ours] = await addIndicators(db(), who('pm3'), 'A84001', [
      { value: '8.8.8.8', tlp: 'GREEN' },
      { value: '45.9.148.3', tlp: 'GREEN' },
    ]);
    expect(resolver?.warnings.map((w) => w.id)).toEqual(['public-resolvers']);
    // pm3 cannot see H85001's AMBER report of the same address: nothing linked.
    expect(ours?.alsoReportedBy).toEqual([]);
    const [mine] = await addIndicators(db(), who('pm2'), 'H85002', [{ value: '45.9.148.3', tlp: 'GREEN' }]);
    expect(mine?.alsoReportedBy.map((r) => r.producer).sort()).toEqual(['A84001', 'H85001']);
  });

  it('refuses a bad batch whole, every problem by record and field, and writes nothing', async () => {
    const before = await snapshotTables(db(), TABLES);
    const error = await addIndicators(db(), who('pm1'), 'H85001', [
      { value: 'good.example', tlp: 'GREEN' },
      { value: '1.2.3', type: 'ipv4', tlp: 'GREEN' },
      { value: 'x.example', tlp: 'PURPLE' },
      { value: 'y.example', tlp: 'GREEN', shareWith: { orgs: ['QWE'] } },
      { value: 'z.example', tlp: 'AMBER', shareWith: { orgs: ['NOPE1'], groups: ['nobody'] } },
      { value: 'w.example', tlp: 'GREEN', confidence: 101, validUntil: 'soon' },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((p) => `${p.line} ${p.field}: ${p.reason}`)).toEqual([
      '2 value: "1.2.3" is not an IPv4 address',
      '3 tlp: "PURPLE" is not a TLP marking (CLEAR, GREEN, AMBER, AMBER+STRICT, RED)',
      '4 shareWith: organisations and sharing groups are named for TLP:AMBER only, not TLP:GREEN',
      '5 shareWith: no organisation NOPE1',
      '5 groups: no sharing group "nobody"',
      '6 confidence: give a whole number from 0 to 100',
      '6 validUntil: give a date and time (ISO 8601)',
    ]);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
    // Writing for an organisation needs write there; one outside the caller's scope does not exist for it.
    await expect(
      addIndicators(db(), who('site'), 'RJ701', [{ value: 'a.example', tlp: 'GREEN' }]),
    ).rejects.toThrow(/may not write/);
    await expect(
      addIndicators(db(), who('site'), 'RJ7', [{ value: 'a.example', tlp: 'GREEN' }]),
    ).rejects.toThrow(/no organisation RJ7/);
  });
});
