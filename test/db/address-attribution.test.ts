import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { loadAddressTable, ownerOfAddress } from '../../src/db/repositories/outside/address.repository.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

describeEachEngine('address attribution', (db) => {
  it('gives an address to the most specific registered range, the same in memory as in the database', async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    const ids = new Map(
      (await db().db.selectFrom('organisations').select(['code', 'id']).execute()).map((o) => [o.code, o.id]),
    );
    const claims: [string, string][] = [
      ['QWE', '10.0.0.0/8'],
      ['RJ7', '10.1.0.0/16'],
      ['RJ701', '10.1.2.0/24'],
      ['QWE', '2001:db8::/32'],
      ['RJ7', '2001:db8:ab::/48'],
      ['QWE', '203.0.113.0/24'],
      ['H85001', '203.0.113.0/24'],
    ];
    for (const [code, range] of claims)
      await db()
        .db.insertInto('org_addresses')
        .values({ org_id: ids.get(code) as string, kind: 'range', range })
        .execute();
    await db()
      .db.insertInto('org_addresses')
      .values({ org_id: ids.get('RJ7') as string, kind: 'domain', domain: 'stgeorges.example' })
      .execute();
    const table = await loadAddressTable(db().db);
    const cases: [string, string | null][] = [
      ['10.1.2.200', 'RJ701'],
      ['10.1.3.1', 'RJ7'],
      ['10.200.0.1', 'QWE'],
      ['2001:db8:ab:1::5', 'RJ7'],
      ['2001:db8:ac::5', 'QWE'],
      ['203.0.113.9', 'H85001'],
      ['11.0.0.1', null],
    ];
    for (const [address, code] of cases) {
      expect(table.lookup(address)?.owner.code ?? null, address).toBe(code);
      expect((await ownerOfAddress(db().db, address))?.code ?? null, address).toBe(code);
    }
    const stored = await sql<{
      range: string;
    }>`SELECT range::text FROM org_addresses WHERE range IS NOT NULL ORDER BY id`.execute(db().db);
    expect(stored.rows.map((r) => r.range)).toEqual(claims.map(([, r]) => r));
  });
});
