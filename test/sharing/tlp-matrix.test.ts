/**
 * The TLP matrix: every indicator read path (indicator-read-paths.ts) × every marking × every kind
 * of caller — the producer, an organisation in the sharing group it named, a sibling practice under
 * the same ICB, the parent ICB, a national analyst, a practice in another region, and a person named
 * for RED. Nothing leaks and nothing visible is hidden: each path must reveal exactly what the
 * expected table below says, written out by hand from the TLP 2.0 rule (not computed by Ward's code).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { makeSignInLimiter } from '../../src/http/plugins/sign-in-limiter.js';
import { createToken } from '../../src/services/access/session.service.js';
import { addUser } from '../../src/services/access/user.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';
import { INDICATOR_READ_PATHS, type Seeded } from './indicator-read-paths.js';

/** Callers: where their role is, and which role. */
const CALLERS = {
  producer: ['H85001', 'responder'],
  groupMember: ['F83001', 'viewer'],
  sibling: ['H85002', 'viewer'],
  parentIcb: ['QWE', 'org_admin'],
  national: ['X26', 'national_analyst'],
  otherRegion: ['A84001', 'viewer'],
  namedPerson: ['RAL', 'viewer'],
} as const;
type Caller = keyof typeof CALLERS;

/** AMBER is shared with the group "Camden partners" (F83001 alone); RED names the person at RAL. */
const MARKINGS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;

/** Who sees what, from the TLP 2.0 rule (RED: the people named, and its creator). */
const EXPECTED: Record<Caller, readonly (typeof MARKINGS)[number][]> = {
  producer: ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'],
  groupMember: ['CLEAR', 'GREEN', 'AMBER'],
  sibling: ['CLEAR', 'GREEN'],
  parentIcb: ['CLEAR', 'GREEN'],
  national: ['CLEAR', 'GREEN'],
  otherRegion: ['CLEAR', 'GREEN'],
  namedPerson: ['CLEAR', 'GREEN', 'RED'],
};

describeEachEngine('TLP matrix over every indicator read path', (db) => {
  let app: FastifyInstance;
  const tokens = {} as Record<Caller, string>;
  const seeded: Seeded[] = [];

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    for (const [name, [org, role]] of Object.entries(CALLERS) as [Caller, readonly [string, string]][]) {
      const added = await addUser(db(), ADMIN_CLI, {
        username: name.toLowerCase(),
        password: null,
        org,
        role,
      });
      const token = await createToken(
        db(),
        ADMIN_CLI,
        { id: added.user.id, username: name.toLowerCase() },
        { name: 'matrix', expiresInDays: 1 },
      );
      tokens[name] = token.token;
    }
    // Every caller's organisation registers the seeded values' parent domain: each indicator is
    // flagged to each of them (but the producer's own), and the flags must say no more than TLP allows.
    await sql`INSERT INTO org_addresses (org_id, kind, domain)
      SELECT id, 'domain', 'matrix.example' FROM organisations WHERE code IN (${sql.join(Object.values(CALLERS).map((c) => c[0]))})`.execute(
      db().db,
    );
    app = await buildApp({
      database: db(),
      oidc: null,
      uploadLimitBytes: 64 * 1024,
      limiter: makeSignInLimiter(1000),
      web: false,
    });
    const as = (caller: Caller, url: string, payload: object) =>
      app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${tokens[caller]}` } });
    const group = await as('producer', '/api/v1/sharing-groups', {
      name: 'Camden partners',
      owner: 'H85001',
      members: ['F83001'],
    });
    expect(group.statusCode, group.body).toBe(201);
    const res = await as('producer', '/api/v1/indicators', {
      org: 'H85001',
      indicators: MARKINGS.map((tlp) => ({
        value: `${tlp.toLowerCase().replace('+', '-')}.matrix.example`,
        tlp,
        ...(tlp === 'AMBER' ? { groups: ['Camden partners'] } : {}),
        ...(tlp === 'RED' ? { people: ['namedperson'] } : {}),
      })),
    });
    expect(res.statusCode, res.body).toBe(201);
    for (const i of res.json().items) seeded.push({ id: i.id, value: i.value, tlp: i.tlp });
  });
  afterAll(async () => app?.close());

  it("flags every seeded indicator to every caller's organisation but the producer's", async () => {
    const flags = await db().db.selectFrom('indicator_matches').select('org_id').execute();
    expect(flags).toHaveLength(MARKINGS.length * (Object.keys(CALLERS).length - 1));
  });

  for (const path of INDICATOR_READ_PATHS)
    describe(path.name, () => {
      for (const caller of Object.keys(CALLERS) as Caller[])
        it(`as ${caller} (${CALLERS[caller].join(' on ')})`, async () => {
          const reveal = await path.read(app, tokens[caller], seeded, CALLERS[caller][0]);
          const expected = seeded.filter((s) => (EXPECTED[caller] as readonly string[]).includes(s.tlp));
          if ('seen' in reveal && reveal.partial)
            expect(
              seeded.filter((s) => reveal.seen.has(s.id) && !expected.includes(s)).map((s) => s.tlp),
            ).toEqual([]);
          else if ('seen' in reveal)
            expect(seeded.filter((s) => reveal.seen.has(s.id)).map((s) => s.tlp)).toEqual(
              expected.map((s) => s.tlp),
            );
          else expect(reveal.counts).toEqual(Object.fromEntries(expected.map((s) => [s.tlp, 1])));
        });
    });
});
