/**
 * The TLP rule in SQL equals the rule in the domain, over random markings and audiences: random
 * indicators (producer, marking, organisations and sharing groups named with or without their
 * subtree, people named) are stored, and for callers placed all over the small federation — the
 * producer, a site of a trust, a sibling, the parent ICB, the region, the national centre, another
 * region, someone with no role — the rows the SQL lets through are exactly those `maySee` allows.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { readerOf } from '../../src/db/repositories/sharing/reader.repository.js';
import { tlpVisible } from '../../src/db/tlp.js';
import { userActor } from '../../src/domain/access/actor.js';
import { TLP_MARKINGS } from '../../src/domain/sharing/tlp.js';
import { type Audience, entityOf, maySee } from '../../src/domain/sharing/tlp-audience.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv, SMALL_FEDERATION } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const CODES = SMALL_FEDERATION.map((l) => l[0]);
const PARENT = new Map(SMALL_FEDERATION.map((l) => [l[0], l[3] || null]));
const KIND = new Map(SMALL_FEDERATION.map((l) => [l[0], l[2]]));
const PEOPLE = ['alice', 'bob', 'carol'];

describeEachEngine('TLP rule: SQL against the domain', (db) => {
  const id = new Map<string, string>();
  const user = new Map<string, string>();
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    for (const o of await db().db.selectFrom('organisations').select(['code', 'id']).execute())
      id.set(o.code, o.id);
    for (const name of PEOPLE) {
      const row = await db()
        .db.insertInto('users')
        .values({ username: name, display_name: name, password_hash: null, oidc_subject: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      user.set(name, row.id);
    }
  });

  const entity = (code: string) =>
    entityOf(
      code,
      (c) => KIND.get(c),
      (c) => PARENT.get(c),
    );

  it('lets through exactly what maySee allows, for every caller', async () => {
    const named = fc.record({ org: fc.constantFrom(...CODES), subtree: fc.boolean() });
    const indicator = fc.record({
      producer: fc.constantFrom(...CODES.filter((c) => KIND.get(c) !== 'national')),
      tlp: fc.constantFrom(...TLP_MARKINGS),
      orgs: fc.uniqueArray(named, { maxLength: 2, selector: (n) => n.org }),
      groups: fc.uniqueArray(fc.nat(2), { maxLength: 2 }),
      people: fc.uniqueArray(fc.constantFrom(...PEOPLE), { maxLength: 2 }),
    });
    const group = fc.uniqueArray(named, { minLength: 1, maxLength: 3, selector: (n) => n.org });
    const caller = fc.record({
      org: fc.option(fc.constantFrom(...CODES), { nil: null }),
      person: fc.constantFrom(...PEOPLE),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(group, group, group),
        fc.array(indicator, { minLength: 1, maxLength: 12 }),
        fc.array(caller, { minLength: 4, maxLength: 8 }),
        async (groups, indicators, callers) => {
          const d = db().db;
          await d.deleteFrom('indicators').execute();
          await d.deleteFrom('marked_orgs').execute();
          await d.deleteFrom('marked_groups').execute();
          await d.deleteFrom('marked_people').execute();
          await d.deleteFrom('sharing_groups').execute();
          const groupIds: string[] = [];
          for (const [i, members] of groups.entries()) {
            const g = await d
              .insertInto('sharing_groups')
              .values({ name: `g${i}`, owner_org_id: id.get('X26') as string, created_by: 'test' })
              .returning('id')
              .executeTakeFirstOrThrow();
            groupIds.push(g.id);
            await d
              .insertInto('sharing_group_members')
              .values(
                members.map((m) => ({ group_id: g.id, org_id: id.get(m.org) as string, subtree: m.subtree })),
              )
              .execute();
          }
          const audiences = new Map<string, Audience>();
          for (const [i, x] of indicators.entries()) {
            const row = await d
              .insertInto('indicators')
              .values({
                stix_id: `indicator--${i}`,
                producer_org_id: id.get(x.producer) as string,
                producer_entity_id: id.get(entity(x.producer)) as string,
                type: 'domain',
                value: `d${i}.example`,
                tlp: x.tlp,
                source: 'test',
                created_by: 'test',
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            if (x.orgs.length > 0)
              await d
                .insertInto('marked_orgs')
                .values(
                  x.orgs.map((o) => ({
                    object_id: row.id,
                    org_id: id.get(o.org) as string,
                    subtree: o.subtree,
                  })),
                )
                .execute();
            if (x.groups.length > 0)
              await d
                .insertInto('marked_groups')
                .values(x.groups.map((g) => ({ object_id: row.id, group_id: groupIds[g] as string })))
                .execute();
            if (x.people.length > 0)
              await d
                .insertInto('marked_people')
                .values(x.people.map((p) => ({ object_id: row.id, user_id: user.get(p) as string })))
                .execute();
            // The domain's view of the same audience: groups expanded into their members.
            audiences.set(row.id, {
              tlp: x.tlp,
              producerEntityId: id.get(entity(x.producer)) as string,
              organisations: [
                ...x.orgs.map((o) => ({ orgId: id.get(o.org) as string, subtree: o.subtree })),
                ...x.groups.flatMap((g) =>
                  (groups[g] ?? []).map((m) => ({ orgId: id.get(m.org) as string, subtree: m.subtree })),
                ),
              ],
              people: x.people.map((p) => user.get(p) as string),
            });
          }
          for (const c of callers) {
            const actor = userActor(
              user.get(c.person) as string,
              c.person,
              c.org ? [{ orgId: id.get(c.org) as string, role: 'viewer' }] : [],
            );
            const reader = await readerOf(d, actor);
            const sqlSees = (
              await d
                .selectFrom('indicators as i')
                .select('i.id')
                .where(
                  tlpVisible({ id: 'i.id', tlp: 'i.tlp', producerEntity: 'i.producer_entity_id' }, reader),
                )
                .execute()
            )
              .map((r) => r.id)
              .sort();
            const domainSees = [...audiences.entries()]
              .filter(([, a]) => maySee(reader, a))
              .map(([k]) => k)
              .sort();
            expect(sqlSees, `${c.person} at ${c.org ?? 'no organisation'}`).toEqual(domainSees);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('places a reader at its legal entity: a site at its trust, with the ancestry above', async () => {
    const reader = await readerOf(
      db().db,
      userActor(user.get('alice') as string, 'alice', [
        { orgId: id.get('RJ701') as string, role: 'responder' },
      ]),
    );
    expect([...reader.entityIds]).toEqual([id.get('RJ7')]);
    expect([...(reader.ancestry.get(id.get('RJ7') as string) ?? [])].sort()).toEqual(
      ['RJ7', 'QWE', 'Y56', 'X26'].map((c) => id.get(c)).sort(),
    );
  });
});
