/**
 * STIX 2.1 bundles out and in, on both engines, proven against what OASIS publishes: every object
 * Ward exports validates against the OASIS STIX 2.1 JSON Schemas and every exported pattern parses
 * with the official grammar; the OASIS example bundles import (their unsupported objects reported
 * by id); bad STIX is refused by object id with the tables unchanged; an export read back gives
 * the same indicators; each caller's export holds exactly what TLP lets it see.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.js';
import { identityId } from '../../src/domain/sharing/stix/objects.js';
import { TLP_MARKING_ID } from '../../src/domain/sharing/tlp.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import {
  addIndicators,
  listIndicators,
  sightIndicator,
} from '../../src/services/sharing/indicator.service.js';
import { exportStixBundle, exportStixObjects } from '../../src/services/sharing/stix-export.service.js';
import {
  importStixBundle,
  importStixObjects,
  StixImportError,
  type StixObjectProblem,
} from '../../src/services/sharing/stix-import.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI, peopleActors } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';
import { stixSchemaErrors, stixSchemasMissing } from '../setup/stix-schemas.js';
import { STIX_VENDOR, stixPatternErrors, stixVendorMissing } from '../setup/stix-standards.js';

const TABLES = ['indicators', 'marked_orgs', 'marked_groups', 'marked_people', 'sightings', 'audit_log'];
const schemasMissing = stixSchemasMissing() ?? stixVendorMissing();
if (schemasMissing) console.warn(`skipping the STIX standards checks: ${schemasMissing}`);

const URL_VALUE = 'https://evil.example/login?u=%27x%27';
type Obj = Record<string, unknown> & { type: string; id: string };

async function collect(gen: AsyncIterable<string>): Promise<{ type: string; id: string; objects: Obj[] }> {
  let text = '';
  for await (const piece of gen) text += piece;
  return JSON.parse(text);
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const indicator = (n: number, extra: Record<string, unknown> = {}): Obj => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${uuid(n)}`,
  created: '2026-11-01T00:00:00.000Z',
  modified: '2026-11-01T00:00:00.000Z',
  pattern: `[ipv4-addr:value = '203.0.113.${n}']`,
  pattern_type: 'stix',
  valid_from: '2026-11-01T00:00:00Z',
  object_marking_refs: [TLP_MARKING_ID.GREEN],
  ...extra,
});
const bundle = (objects: unknown[]) => ({ type: 'bundle', id: `bundle--${uuid(999)}`, objects });

async function refusal(p: Promise<unknown>): Promise<StixObjectProblem[]> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StixImportError);
  return (e as StixImportError).objectProblems;
}

describeEachEngine('STIX 2.1 bundles', (db) => {
  const at = new Map<string, Actor>();
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    const people: [string, string, 'responder' | 'national_analyst'][] = [
      ['producer', 'H85001', 'responder'],
      ['sibling', 'H85002', 'responder'],
      ['icb', 'QWE', 'responder'],
      ['centre', 'X26', 'national_analyst'],
      ['north', 'A84001', 'responder'],
    ];
    for (const [name, actor] of await peopleActors(db(), people)) at.set(name, actor);
    const who = (n: string) => at.get(n) as Actor;
    const [clear] = await addIndicators(
      db(),
      who('producer'),
      'H85001',
      [
        { value: 'clear.evil.example', tlp: 'CLEAR', confidence: 60, description: 'seen in a phishing wave' },
        {
          value: '198.51.100.0/24',
          tlp: 'GREEN',
          firstSeen: '2026-11-20T08:00:00Z',
          validUntil: '2027-06-01T00:00:00Z',
        },
        { value: "https://evil.example/login?u='x'", tlp: 'AMBER', shareWith: { orgs: ['H85002'] } },
        { value: 'd41d8cd98f00b204e9800998ecf8427e', tlp: 'AMBER+STRICT' },
        { value: 'boss@evil.example', tlp: 'RED', shareWith: { people: ['centre'] } },
      ],
      { source: 'incident:INC-1' },
    );
    await sightIndicator(db(), who('sibling'), clear?.stixId as string, 'H85002', { count: 2 });
    await sightIndicator(db(), who('north'), clear?.stixId as string, 'A84001', { count: 1 });
  });
  const who = (n: string) => at.get(n) as Actor;
  const exported = async (name: string) => (await collect(await exportStixBundle(db(), who(name)))).objects;

  it.skipIf(schemasMissing !== null)(
    'every exported object validates against the OASIS schemas and every pattern parses with the official grammar',
    async () => {
      const b = await collect(await exportStixBundle(db(), ADMIN_CLI));
      expect(stixSchemaErrors(b)).toEqual([]);
      const types = new Set(b.objects.map((o) => o.type));
      expect([...types].sort()).toEqual([
        'identity',
        'indicator',
        'marking-definition',
        'report',
        'sighting',
      ]);
      for (const o of b.objects)
        expect({ id: o.id, errors: stixSchemaErrors(o) }).toEqual({ id: o.id, errors: [] });
      for (const o of b.objects.filter((x) => x.type === 'indicator'))
        expect(await stixPatternErrors(o.pattern as string), o.pattern as string).toEqual([]);
      // The schemas must be able to fail: an indicator without its pattern does not validate.
      const broken = { ...(b.objects.find((o) => o.type === 'indicator') as Obj), pattern: undefined };
      expect(stixSchemaErrors(JSON.parse(JSON.stringify(broken)))).not.toEqual([]);
    },
  );

  it('exports each caller exactly what TLP lets it see, sightings named only to the producer side', async () => {
    const values = async (name: string) =>
      (await exported(name))
        .filter((o) => o.type === 'indicator')
        .map((o) => o.name)
        .sort();
    const open = ['198.51.100.0/24', 'clear.evil.example'];
    // The producer named itself among RED's people by adding it; the centre was named.
    expect(await values('producer')).toEqual(
      [...open, 'boss@evil.example', 'd41d8cd98f00b204e9800998ecf8427e', URL_VALUE].sort(),
    );
    expect(await values('sibling')).toEqual([...open, URL_VALUE].sort());
    expect(await values('icb')).toEqual(open);
    expect(await values('centre')).toEqual([...open, 'boss@evil.example'].sort());
    expect(await values('north')).toEqual(open);
    // Each export matches the caller's indicator list (the one TLP rule), object for object.
    for (const name of at.keys()) {
      const listed = (await listIndicators(db(), who(name), { limit: 1000 })).map((i) => i.stixId).sort();
      const ids = (await exported(name))
        .filter((o) => o.type === 'indicator')
        .map((o) => o.id)
        .sort();
      expect(ids, name).toEqual(listed);
    }
    const sighted = async (name: string) =>
      (await exported(name))
        .filter((o) => o.type === 'sighting')
        .flatMap((o) => o.where_sighted_refs as string[])
        .sort();
    expect(await sighted('producer')).toEqual([identityId('A84001'), identityId('H85002')].sort());
    expect(await sighted('sibling')).toEqual([identityId('H85002')]);
    expect(await sighted('north')).toEqual([identityId('A84001')]);
    expect(await sighted('icb')).toEqual([identityId('H85002')]);
    const producerExport = await exported('producer');
    const report = producerExport.find((o) => o.type === 'report') as Obj;
    // A report is shared no further than the strictest of what it groups: here the RED sender.
    expect(report.object_marking_refs).toEqual([TLP_MARKING_ID.RED]);
    expect((report.object_refs as string[]).length).toBe(6);
    const northReport = (await exported('north')).find((o) => o.type === 'report') as Obj;
    expect(northReport.object_marking_refs).toEqual([TLP_MARKING_ID.GREEN]);
    expect((northReport.object_refs as string[]).length).toBe(3);
  });

  it('refuses a bad --tlp before writing anything', async () => {
    await expect(exportStixBundle(db(), who('producer'), { tlp: 'purple' })).rejects.toThrow(
      /not a TLP marking/,
    );
    const greens = [];
    for await (const o of exportStixObjects(db(), who('north'), { tlp: 'green' })) greens.push(o);
    expect(greens.filter((o) => o.type === 'indicator').map((o) => o.name)).toEqual(['198.51.100.0/24']);
  });

  it('reads its own export back: the same values, markings, confidence and validity', async () => {
    const text = await collect(await exportStixBundle(db(), who('producer')));
    const result = await importStixBundle(db(), who('north'), JSON.stringify(text), {
      source: 'stix:round-trip.json',
      file: 'round-trip.json',
    });
    expect(result.indicators).toEqual({ created: 5, updated: 0 });
    expect(result.skipped.map((s) => s.type).sort()).toEqual(['report', 'sighting', 'sighting']);
    const back = await db()
      .db.selectFrom('indicators')
      .select(['type', 'value', 'tlp', 'confidence', 'valid_until', 'description', 'stix_id'])
      .where('source', '=', 'stix:round-trip.json')
      .orderBy('value')
      .execute();
    const original = await db()
      .db.selectFrom('indicators')
      .select(['type', 'value', 'tlp', 'confidence', 'valid_until', 'stix_id'])
      .where('source', '=', 'incident:INC-1')
      .orderBy('value')
      .execute();
    expect(back.map(({ description: _, stix_id: __, ...r }) => r)).toEqual(
      original.map(({ stix_id: _, ...r }) => r),
    );
    // A STIX id Ward already holds for another producer names a new indicator, never overwrites it.
    expect(back.map((r) => r.stix_id).filter((id) => original.some((o) => o.stix_id === id))).toEqual([]);
    expect(back.find((r) => r.value === 'clear.evil.example')?.description).toBe(
      'seen in a phishing wave (from Balham Park Surgery)',
    );
    // The importer alone sees the AMBER+STRICT and RED ones it now holds (RED: named as its importer).
    const hash = 'd41d8cd98f00b204e9800998ecf8427e';
    expect((await listIndicators(db(), who('north'), { value: hash })).map((i) => i.producer)).toEqual([
      'A84001',
    ]);
    expect(await listIndicators(db(), who('icb'), { value: hash })).toEqual([]);
    const red = await listIndicators(db(), who('north'), { value: 'boss@evil.example' });
    expect(red.map((i) => [i.producer, i.tlp])).toEqual([['A84001', 'RED']]);
  });

  describe.skipIf(stixVendorMissing() !== null)('the OASIS examples', () => {
    const EXAMPLES = [
      'indicator-for-c2-ip-address.json',
      'indicator-to-campaign-relationship.json',
      'indicators-for-C2-with-COA.json',
      'infrastructure.json',
      'malicious-email-indicator-with-attachment.json',
      'threat-reports/apt1.json',
      'threat-reports/poisonivy.json',
    ];
    it.each(EXAMPLES)('%s imports, its unsupported objects reported by id', async (name) => {
      const text = readFileSync(path.join(STIX_VENDOR, 'examples', name), 'utf8');
      const objects = JSON.parse(text).objects as Obj[];
      const result = await importStixBundle(db(), ADMIN_CLI, text, {
        source: `stix:${name}`,
        producerCode: 'X26',
        file: name,
      });
      const skippedIds = new Set(result.skipped.map((s) => s.id));
      for (const o of objects)
        if (!['indicator', 'identity', 'marking-definition'].includes(o.type))
          expect(skippedIds).toContain(o.id);
      const held = await db()
        .db.selectFrom('indicators')
        .select('value')
        .where('source', '=', `stix:${name}`)
        .execute();
      expect(held.length).toBe(result.indicators.created);
      // Two hold no indicator Ward can hold: infrastructure.json has observables and no indicator;
      // the e-mail example's pattern joins a sender and an attachment with AND.
      const none = ['infrastructure.json', 'malicious-email-indicator-with-attachment.json'];
      if (none.includes(name)) expect(held).toEqual([]);
      else expect(held.length).toBeGreaterThan(0);
    });

    it('refuses the interop object whose marking is unknown, by id', async () => {
      const campaign = JSON.parse(
        readFileSync(path.join(STIX_VENDOR, 'examples', 'interop-objectmarking-test.json'), 'utf8'),
      );
      const problems = await refusal(
        importStixObjects(db(), ADMIN_CLI, [campaign], { source: 't', producerCode: 'X26' }),
      );
      expect(problems).toEqual([
        {
          id: 'campaign--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
          index: 1,
          reason:
            'marking "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec" is unknown (not a TLP marking, nor defined in the bundle)',
        },
      ]);
    });
  });

  it('refuses bad STIX by object id and leaves every table as it was', async () => {
    const before = await snapshotTables(db(), TABLES);
    const opts = { source: 'stix:bad.json', producerCode: 'H85001', file: 'bad.json' };
    await expect(importStixBundle(db(), who('producer'), '{"type": "bundle", ', opts)).rejects.toThrow(
      /bad\.json: nothing imported: not JSON/,
    );
    await expect(importStixBundle(db(), who('producer'), { type: 'report' }, opts)).rejects.toThrow(
      /not "bundle"/,
    );
    const problems = await refusal(
      importStixBundle(
        db(),
        who('producer'),
        bundle([
          indicator(1),
          indicator(2, { spec_version: '2.0' }),
          indicator(3, { pattern: "[ipv4-addr:value = '203.0.113.3'" }),
          indicator(4, { object_marking_refs: ['marking-definition--00000000-0000-4000-8000-000000000000'] }),
          indicator(5, { id: 'indicator--not-a-uuid' }),
          indicator(6, { confidence: 101 }),
          'text',
        ]),
        opts,
      ),
    );
    expect(problems).toEqual([
      { id: `indicator--${uuid(2)}`, index: 2, reason: '"spec_version" is "2.0": Ward reads STIX 2.1 only' },
      {
        id: `indicator--${uuid(3)}`,
        index: 3,
        reason: 'the pattern does not parse: expected "]" at the end (character 33)',
      },
      {
        id: `indicator--${uuid(4)}`,
        index: 4,
        reason:
          'marking "marking-definition--00000000-0000-4000-8000-000000000000" is unknown (not a TLP marking, nor defined in the bundle)',
      },
      {
        id: 'indicator--not-a-uuid',
        index: 5,
        reason: '"id" "indicator--not-a-uuid" is not indicator--<uuid>',
      },
      { id: `indicator--${uuid(6)}`, index: 6, reason: '"confidence" is not a whole number from 0 to 100' },
      { id: 'object 7', index: 7, reason: 'not a JSON object' },
    ]);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it('resolves markings defined in the bundle, keeps the stricter of two, and holds unmarked objects AMBER+STRICT', async () => {
    const amberDef = {
      type: 'marking-definition',
      spec_version: '2.1',
      id: `marking-definition--${uuid(50)}`,
      created: '2026-01-01T00:00:00.000Z',
      definition_type: 'tlp',
      definition: { tlp: 'amber' },
    };
    const statement = {
      type: 'marking-definition',
      spec_version: '2.1',
      id: `marking-definition--${uuid(51)}`,
      created: '2026-01-01T00:00:00.000Z',
      definition_type: 'statement',
      definition: { statement: 'Copyright partner CERT' },
    };
    const result = await importStixBundle(
      db(),
      who('producer'),
      bundle([
        statement,
        indicator(11, { object_marking_refs: [amberDef.id, statement.id] }),
        indicator(12, { object_marking_refs: [TLP_MARKING_ID.GREEN, TLP_MARKING_ID['AMBER+STRICT']] }),
        indicator(13, { object_marking_refs: undefined }),
        indicator(14, {
          pattern: "[ipv4-addr:value = '203.0.113.14'] FOLLOWEDBY [domain-name:value = 'x.example']",
        }),
        indicator(15, { pattern_type: 'sigma', pattern: 'title: x' }),
        // Defined after the indicator that uses it: markings resolve once the whole bundle is read.
        amberDef,
      ]),
      { source: 'stix:partner.json', producerCode: 'H85001' },
    );
    expect(result.indicators).toEqual({ created: 3, updated: 0 });
    expect(result.skipped.map((s) => s.id)).toEqual([`indicator--${uuid(14)}`, `indicator--${uuid(15)}`]);
    const rows = await db()
      .db.selectFrom('indicators')
      .select(['value', 'tlp'])
      .where('source', '=', 'stix:partner.json')
      .orderBy('value')
      .execute();
    expect(rows).toEqual([
      { value: '203.0.113.11', tlp: 'AMBER' },
      { value: '203.0.113.12', tlp: 'AMBER+STRICT' },
      { value: '203.0.113.13', tlp: 'AMBER+STRICT' },
    ]);
    // Flagged on entry like any added indicator: 203.0.113.0/24 is a documentation range.
    const flagged = await db()
      .db.selectFrom('indicators')
      .select('warnings')
      .where('source', '=', 'stix:partner.json')
      .execute();
    expect(flagged.map((r) => r.warnings)).toEqual([
      ['reserved-ranges'],
      ['reserved-ranges'],
      ['reserved-ranges'],
    ]);
    // Importing again updates in place.
    const again = await importStixBundle(
      db(),
      who('producer'),
      bundle([indicator(11, { object_marking_refs: [] })]),
      {
        source: 'stix:partner.json',
        producerCode: 'H85001',
      },
    );
    expect(again.indicators).toEqual({ created: 0, updated: 1 });
  });

  it('needs write on the importing organisation', async () => {
    await expect(
      importStixBundle(db(), who('north'), bundle([indicator(21)]), { source: 's', producerCode: 'H85001' }),
    ).rejects.toThrow(/no organisation H85001|may not write/);
  });
});
