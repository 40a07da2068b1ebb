/**
 * Registered addresses through the service, on both engines: longest-prefix attribution (IPv4,
 * IPv6, nested ranges), replace and add, conflicts between unrelated organisations, idempotence,
 * bad files leaving the tables as they were, and what each caller may import, list and look up.
 */
import { sql } from 'kysely';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { type Actor, userActor } from '../../src/domain/access/actor.js';
import type { Role } from '../../src/domain/access/role.js';
import { ForbiddenError, type InputProblem, InvalidInputError } from '../../src/errors.js';
import { loadGrants } from '../../src/services/access/access.service.js';
import { addUser } from '../../src/services/access/user.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { addressList, importAddresses, lookupAddress } from '../../src/services/outside/address.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI, TEST_PASSWORD } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const csv = (rows: string[]) => `org_code,kind,value\n${rows.join('\n')}\n`;
const NESTED = csv([
  'QWE,range,10.0.0.0/8',
  'RJ7,range,10.1.0.0/16',
  'RJ701,range,10.1.2.0/24',
  'QWE,range,2001:db8::/32',
  'RJ7,range,2001:DB8:AB::/48',
  'RJ701,range,2001:db8:ab:cd::7',
  'QWE,range,203.0.113.0/24',
  'H85001,range,203.0.113.0/24',
  'RJ7,domain,StGeorges.NHS.example.',
  'RAL,range,198.51.100.0/24',
]);
const TABLES = ['org_addresses', 'audit_log'];

async function actorWith(database: Database, username: string, org: string, role: Role): Promise<Actor> {
  const added = await addUser(database, ADMIN_CLI, { username, password: TEST_PASSWORD, org, role });
  return userActor(added.user.id, username, await loadGrants(database.db, added.user.id));
}

async function problemsOf(promise: Promise<unknown>): Promise<InputProblem[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).problems;
}

describeEachEngine('address import, list and lookup', (db) => {
  let qweAdmin: Actor;
  let rj7Admin: Actor;
  let rj7Viewer: Actor;
  const imp = (text: string, actor: Actor = ADMIN_CLI, add = false) =>
    importAddresses(db(), actor, { name: 'addresses.csv', text }, { add });
  const owner = async (ip: string, actor: Actor = ADMIN_CLI) => {
    const found = await lookupAddress(db(), actor, ip);
    return found.owner ? `${found.owner.org} ${found.owner.range}` : null;
  };
  const registered = async () =>
    (await addressList(db(), ADMIN_CLI, null)).map((a) => `${a.org} ${a.kind} ${a.value}`).sort();

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    qweAdmin = await actorWith(db(), 'qwe_admin', 'QWE', 'org_admin');
    rj7Admin = await actorWith(db(), 'rj7_admin', 'RJ7', 'org_admin');
    rj7Viewer = await actorWith(db(), 'rj7_viewer', 'RJ7', 'viewer');
  });
  const ids_ = async () =>
    new Map(
      (await db().db.selectFrom('organisations').select(['code', 'id']).execute()).map((o) => [o.code, o.id]),
    );
  beforeEach(async () => {
    await sql`DELETE FROM org_addresses`.execute(db().db);
  });

  it('attributes an address to the most specific range, IPv4 and IPv6, nested, the deeper of an ancestor and its descendant', async () => {
    const result = await imp(NESTED);
    expect(result).toMatchObject({ mode: 'replace', rows: 10, organisations: 5, added: 10, removed: 0 });
    expect(await owner('10.1.2.200')).toBe('RJ701 10.1.2.0/24');
    expect(await owner('10.1.3.1')).toBe('RJ7 10.1.0.0/16');
    expect(await owner('10.200.0.1')).toBe('QWE 10.0.0.0/8');
    expect(await owner('2001:db8:ab:cd::7')).toBe('RJ701 2001:db8:ab:cd::7/128');
    expect(await owner('2001:db8:ab:cd::8')).toBe('RJ7 2001:db8:ab::/48');
    expect(await owner('2001:db8:ac::5')).toBe('QWE 2001:db8::/32');
    expect(await owner('203.0.113.9')).toBe('H85001 203.0.113.0/24');
    expect(await owner('11.0.0.1')).toBeNull();
    expect(await owner('2001:db9::1')).toBeNull();
    // Stored canonical: the range as PostgreSQL prints it, the domain lower case without its final dot.
    expect(await registered()).toContain('RJ7 range 2001:db8:ab::/48');
    expect(await registered()).toContain('RJ7 domain stgeorges.nhs.example');
    await expect(lookupAddress(db(), ADMIN_CLI, '10.1.2.300')).rejects.toThrow(InvalidInputError);
  });

  it('answers "not registered" for an address whose organisation the caller may not see', async () => {
    await imp(NESTED);
    expect(await owner('10.1.2.200', rj7Viewer)).toBe('RJ701 10.1.2.0/24');
    expect(await owner('10.1.3.1', rj7Viewer)).toBe('RJ7 10.1.0.0/16');
    // QWE's own range and RAL's are outside an RJ7 viewer's subtree: the same answer as unknown.
    expect(await owner('10.200.0.1', rj7Viewer)).toBeNull();
    expect(await owner('198.51.100.1', rj7Viewer)).toBeNull();
    expect(await owner('198.51.100.1', qweAdmin)).toBeNull();
    expect(await owner('10.200.0.1', qweAdmin)).toBe('QWE 10.0.0.0/8');
  });

  it('lists within the caller scope: an ICB sees its subtree, a trust viewer its own', async () => {
    await imp(NESTED);
    const orgsOf = async (actor: Actor, org: string | null = null) =>
      [...new Set((await addressList(db(), actor, org)).map((a) => a.org))].sort();
    expect(await orgsOf(ADMIN_CLI)).toEqual(['H85001', 'QWE', 'RAL', 'RJ7', 'RJ701']);
    expect(await orgsOf(qweAdmin)).toEqual(['H85001', 'QWE', 'RJ7', 'RJ701']);
    expect(await orgsOf(rj7Viewer)).toEqual(['RJ7', 'RJ701']);
    expect(await orgsOf(qweAdmin, 'RJ7')).toEqual(['RJ7', 'RJ701']);
    await expect(addressList(db(), rj7Viewer, 'RAL')).rejects.toThrow('no organisation RAL');
  });

  it('imported twice changes nothing', async () => {
    await imp(NESTED);
    const before = await snapshotTables(db(), TABLES);
    const again = await imp(NESTED);
    expect(again).toMatchObject({ added: 0, removed: 0, unchanged: 10 });
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it("replaces the named organisations' lists, leaves the others, and only adds with add", async () => {
    const since = Number(
      (await sql<{ n: string }>`SELECT coalesce(max(seq), 0) AS n FROM audit_log`.execute(db().db)).rows[0]
        ?.n,
    );
    await imp(NESTED);
    const replaced = await imp(csv(['RJ7,range,10.1.0.0/16', 'RJ7,range,192.0.2.0/28']));
    expect(replaced).toMatchObject({ rows: 2, organisations: 1, added: 1, removed: 2, unchanged: 1 });
    const after = await registered();
    expect(after.filter((r) => r.startsWith('RJ7 '))).toEqual([
      'RJ7 range 10.1.0.0/16',
      'RJ7 range 192.0.2.0/28',
    ]);
    expect(after.filter((r) => r.startsWith('RJ701 '))).toHaveLength(2);
    expect(after).toHaveLength(9);
    const added = await imp(csv(['RJ7,domain,stgeorges.nhs.example']), ADMIN_CLI, true);
    expect(added).toMatchObject({ mode: 'add', added: 1, removed: 0 });
    expect((await registered()).filter((r) => r.startsWith('RJ7 '))).toHaveLength(3);
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['target', 'before', 'after'])
      .where('action', '=', 'address.import')
      .where('target', '=', 'RJ7')
      .where('seq', '>', since)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => (a.before as { removed: string[] }).removed.sort())).toEqual([
      [],
      ['domain|stgeorges.nhs.example', 'range|2001:db8:ab::/48'],
      [],
    ]);
    expect(audit[1]?.after).toEqual({
      file: 'addresses.csv',
      mode: 'replace',
      added: ['range|192.0.2.0/28'],
    });
    expect(audit[2]?.after).toEqual({
      file: 'addresses.csv',
      mode: 'add',
      added: ['domain|stgeorges.nhs.example'],
    });
  });

  it('refuses a range claimed by two organisations where neither is the the other ancestor, naming both', async () => {
    await imp(csv(['RAL,range,198.51.100.0/24']));
    const before = await snapshotTables(db(), TABLES);
    const problems = await problemsOf(
      imp(
        csv([
          'RJ7,range,192.0.2.0/24',
          'H85001,range,192.0.2.0/24',
          'RJ7,range,198.51.100.0/24',
          'QWE,range,192.0.2.0/24',
        ]),
      ),
    );
    expect(problems).toEqual([
      {
        file: 'addresses.csv',
        line: 3,
        reason:
          "conflict: 192.0.2.0/24 is claimed by H85001 here and by RJ7 on line 2, and neither organisation is the other's ancestor",
      },
      {
        file: 'addresses.csv',
        line: 4,
        reason:
          "conflict: 198.51.100.0/24 is already registered by RAL, and neither it nor RJ7 is the other's ancestor",
      },
    ]);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
    // An ICB admin learns a range is taken, not by whom outside their subtree.
    const hidden = await problemsOf(imp(csv(['RJ7,range,198.51.100.0/24']), qweAdmin));
    expect(hidden.map((p) => p.reason)).toEqual([
      "conflict: 198.51.100.0/24 is already registered by another organisation, and neither it nor RJ7 is the other's ancestor",
    ]);
    // Replacing RAL's own list frees the range in the same file.
    expect(await imp(csv(['RAL,range,198.51.100.0/25', 'RJ7,range,198.51.100.0/24']))).toMatchObject({
      added: 2,
      removed: 1,
    });
    // With add, RAL's registration stays and conflicts again.
    const adding = await problemsOf(
      imp(csv(['RAL,range,192.0.2.0/24', 'RJ7,range,192.0.2.0/24']), ADMIN_CLI, true),
    );
    expect(adding.map((p) => p.line)).toEqual([3]);
  });

  it('rejects a bad file whole with every problem, leaving the tables as they were', async () => {
    await imp(NESTED);
    const before = await snapshotTables(db(), TABLES);
    const problems = await problemsOf(
      imp(
        csv([
          'RJ7,range,10.1.0.1/16',
          'NOPE1,range,192.0.2.0/24',
          'RJ7,domain,https://stgeorges.example/',
          'RJ7,range,10.9.0.0/16',
          'rj7,range,10.9.0.0/16',
          'RJ7,subnet,10.9.0.0/16',
          'RJ7,domain,localhost',
          'RJ7,range,2001:db8::/129',
          'RJ7,range,',
        ]),
      ),
    );
    expect(problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '2: "10.1.0.1/16" has bits set right of the mask; did you mean 10.1.0.0/16?',
      '3: unknown organisation NOPE1',
      '4: "https://stgeorges.example/" is not a domain name (a bare name such as nhs.example, no scheme, path or wildcard)',
      '6: duplicate: RJ7 range 10.9.0.0/16 is already on line 5',
      '7: unknown kind "subnet" (expected range or domain)',
      '8: "localhost" is not a domain name (it needs at least two labels)',
      '9: "2001:db8::/129" has a prefix length outside 0–128',
      '10: empty value (expected a CIDR range or an address)',
    ]);
    expect(problems.every((p) => p.file === 'addresses.csv')).toBe(true);
    const header = await problemsOf(imp('org,kind,value\nRJ7,range,10.0.0.0/8\n'));
    expect(header[0]?.reason).toBe('missing column org_code (expected header: org_code,kind,value)');
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it('lets an organisation admin register for their subtree only; a viewer not at all', async () => {
    expect(await imp(csv(['RJ701,range,10.1.2.0/24']), rj7Admin)).toMatchObject({ added: 1 });
    const before = await snapshotTables(db(), TABLES);
    const problems = await problemsOf(
      imp(csv(['RJ7,range,10.1.0.0/16', 'QWE,range,10.0.0.0/8', 'RAL,range,198.51.100.0/24']), rj7Admin),
    );
    expect(problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '3: unknown organisation QWE',
      '4: unknown organisation RAL',
    ]);
    // Seeing an organisation is not registering for it: viewer on the ICB, admin on one trust.
    const ids = await ids_();
    const mixed = userActor(rj7Admin.userId as string, 'mixed', [
      { orgId: ids.get('QWE') as string, role: 'viewer' },
      { orgId: ids.get('RJ7') as string, role: 'org_admin' },
    ]);
    const refused = await problemsOf(imp(csv(['RJ7,range,10.1.0.0/16', 'H85001,range,10.0.0.0/8']), mixed));
    expect(refused.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '3: user:mixed may not register addresses for H85001 (needs the admin permission)',
    ]);
    await expect(imp(csv(['RJ7,range,10.1.0.0/16']), rj7Viewer)).rejects.toThrow(ForbiddenError);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });
});
