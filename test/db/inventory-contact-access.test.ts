/**
 * The inventory, asset and contact services decide access themselves from the caller: what an
 * organisation administrator, a responder and a viewer may import and read, and that a refused
 * import leaves the database as it was.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { type Actor, cliActor, userActor } from '../../src/domain/access/actor.js';
import type { Role } from '../../src/domain/access/role.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../src/errors.js';
import { parseInventoryCsv } from '../../src/inventory/parse-inventory-csv.js';
import { loadGrants } from '../../src/services/access/access.service.js';
import { addUser } from '../../src/services/access/user.service.js';
import { contactList, importContacts } from '../../src/services/contacts/contact.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { listAssetPage, showAsset } from '../../src/services/inventory/asset.service.js';
import { importInventory, prepareInventory } from '../../src/services/inventory/inventory.service.js';
import { ADMIN_CLI, TEST_PASSWORD } from '../factories/identity.factory.js';
import { importCsv, inventoryCsv, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const contactsCsv = (codes: string[]) =>
  `org_code,name,email,role,channel,digest\n${codes.map((c) => `${c},Duty,duty@${c.toLowerCase()}.example,it,email,false`).join('\n')}\n`;

/** A user holding `role` on `org`, as the API would see them. */
async function actorWith(database: Database, username: string, org: string, role: Role): Promise<Actor> {
  const added = await addUser(database, ADMIN_CLI, { username, password: TEST_PASSWORD, org, role });
  return userActor(added.user.id, username, await loadGrants(database.db, added.user.id));
}

/** One workstation's snapshot, parsed and prepared as an import would be. */
async function snapshotOf(id: string) {
  const parsed = await parseInventoryCsv('pcs.csv', [inventoryCsv([{ id, components: [WIN7_SP1] }])]);
  return prepareInventory([{ file: 'pcs.csv', ...parsed }]);
}

describeEachEngine('inventory, assets and contacts decide access from the caller', (db) => {
  let qweAdmin: Actor;
  let rj7Responder: Actor;
  let rj7Viewer: Actor;
  const rowsOf = async (table: 'contacts' | 'assets') =>
    Number(
      (
        await db()
          .db.selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = async () => ({ contacts: await rowsOf('contacts'), assets: await rowsOf('assets') });

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await importCsv(db(), 'RJ7', inventoryCsv([{ id: 'RJ7-PC-1', components: [WIN7_SP1] }]));
    await importCsv(db(), 'RAL', inventoryCsv([{ id: 'RAL-PC-1', components: [WIN7_SP1] }]));
    qweAdmin = await actorWith(db(), 'qwe_admin', 'QWE', 'org_admin');
    rj7Responder = await actorWith(db(), 'rj7_responder', 'RJ7', 'responder');
    rj7Viewer = await actorWith(db(), 'rj7_viewer', 'RJ7', 'viewer');
  });

  it('imports contacts for the organisations the caller administers; any other named one is unknown and nothing is written', async () => {
    const before = await counts();
    const refused = await importContacts(
      db(),
      qweAdmin,
      'c.csv',
      contactsCsv(['RJ7', 'H85001', 'RAL', 'Y56']),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).problems.map((p) => [p.line, p.reason])).toEqual([
      [4, 'unknown organisation RAL'],
      [5, 'unknown organisation Y56'],
    ]);
    expect(await counts()).toEqual(before);

    // A responder reads RJ7 but does not administer it: to the import it is unknown too.
    const responder = await importContacts(db(), rj7Responder, 'c.csv', contactsCsv(['RJ7'])).catch(
      (e: unknown) => e,
    );
    expect((responder as InvalidInputError).problems.map((p) => p.reason)).toEqual([
      'unknown organisation RJ7',
    ]);

    expect(await importContacts(db(), qweAdmin, 'c.csv', contactsCsv(['RJ7', 'H85001']))).toMatchObject({
      rows: 2,
      created: 2,
    });
    expect(await counts()).toEqual({ ...before, contacts: before.contacts + 2 });
  });

  it('lists only the contacts the caller may read, and says an organisation outside its scope does not exist', async () => {
    await importContacts(db(), cliActor('test'), 'c.csv', contactsCsv(['RAL']));
    expect((await contactList(db(), rj7Viewer, null)).map((c) => c.org)).toEqual(['RJ7']);
    expect((await contactList(db(), qweAdmin, 'QWE')).map((c) => c.org)).toEqual(['H85001', 'RJ7']);
    await expect(contactList(db(), rj7Viewer, 'RAL')).rejects.toThrow(NotFoundError);
    expect((await contactList(db(), cliActor('test'), null)).map((c) => c.org)).toEqual([
      'H85001',
      'RAL',
      'RJ7',
    ]);
  });

  it('imports an inventory only where the caller may write: forbidden to a viewer, not found outside its scope', async () => {
    const before = await counts();
    const rj7 = await snapshotOf('RJ7-PC-2');
    await expect(importInventory(db(), rj7Viewer, 'RJ7', 'test', rj7)).rejects.toThrow(ForbiddenError);
    const ral = await snapshotOf('RAL-PC-2');
    await expect(importInventory(db(), rj7Responder, 'RAL', 'test', ral)).rejects.toThrow(
      'no organisation RAL',
    );
    expect(await counts()).toEqual(before);
    expect(await importInventory(db(), rj7Responder, 'RJ7', 'test', rj7)).toMatchObject({
      org: 'RJ7',
      assetsAdded: 1,
    });
  });

  it('shows assets within the caller read scope only, as domain values', async () => {
    const seen = await listAssetPage(db(), rj7Viewer, { limit: 50 });
    expect(seen.map((a) => [a.org, a.assetKey, a.assetType])).toEqual([
      ['RJ7', 'RJ7-PC-1', 'workstation'],
      ['RJ7', 'RJ7-PC-2', 'workstation'],
    ]);
    expect(seen[0]?.firstSeen).toBeInstanceOf(Date);
    const ral = (await listAssetPage(db(), cliActor('test'), { org: 'RAL', limit: 50 }))[0];
    expect(ral?.assetKey).toBe('RAL-PC-1');
    await expect(showAsset(db(), rj7Viewer, ral?.id as number)).rejects.toThrow(NotFoundError);
    await expect(listAssetPage(db(), rj7Viewer, { org: 'RAL', limit: 50 })).rejects.toThrow(NotFoundError);
    const detail = await showAsset(db(), rj7Viewer, seen[0]?.id as number);
    // Windows 7 as listed, and SMBv1 assumed from the platform's defaults.
    expect(detail.components.map((c) => [c.key, c.version, c.update])).toEqual([
      ['a:microsoft:server_message_block', '1.0', null],
      ['o:microsoft:windows_7', '-', 'sp1'],
    ]);
  });
});
