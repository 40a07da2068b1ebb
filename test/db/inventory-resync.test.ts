/**
 * A re-import writes only what changed (inventory.repository.ts `syncAssetComponentsOfOrgs`): the
 * counts it reports and the rows it leaves are those of the new file, a retired asset loses its
 * components, and another source's inventory of the same organisation is left alone.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1, WIN10_1709 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const FIREFOX = 'mozilla,firefox,52.0';
const FIREFOX_NEW = 'mozilla,firefox,115.0';

describeEachEngine('inventory re-import', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
  });

  /** (source, asset key, retired, component key and version) of every installed row of RJ7. */
  async function installed() {
    const rows = await sql<{ row: string }>`
      SELECT a.source || ' ' || a.asset_key || CASE WHEN a.retired_at IS NULL THEN '' ELSE ' (retired)' END
        || ' ' || c.key || ' ' || c.version AS row
      FROM asset_components ac JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id
      JOIN components c ON c.id = ac.component_id JOIN organisations o ON o.id = ac.org_id
      WHERE o.code = 'RJ7' AND c.assumed_by = '' ORDER BY 1`.execute(db().db);
    return rows.rows.map((r) => r.row);
  }

  it('adds and removes only the changed rows, and empties retired assets', async () => {
    await importCsv(db(), 'RJ7', inventoryCsv([{ id: 'SCAN-1', components: [WIN10_1709] }]), 'scanner');
    const first = await importCsv(
      db(),
      'RJ7',
      inventoryCsv([
        { id: 'PC-1', components: [WIN7_SP1, SMB1, FIREFOX] },
        { id: 'PC-2', components: [WIN7_SP1, FIREFOX] },
      ]),
    );
    // PC-2's SMBv1 is assumed from Windows 7, which enables it by default.
    expect([first.installedAdded, first.installedRemoved]).toEqual([3 + 3, 0]);
    const again = await importCsv(
      db(),
      'RJ7',
      inventoryCsv([{ id: 'PC-1', components: [WIN7_SP1, SMB1, FIREFOX_NEW] }]),
    );
    // PC-1: Firefox 52 out, 115 in; PC-2 retired: its two rows and its assumed SMBv1 out.
    expect([again.installedAdded, again.installedRemoved, again.assetsRetired]).toEqual([1, 1 + 3, 1]);
    expect(await installed()).toEqual([
      'csv PC-1 a:microsoft:server_message_block 1.0',
      'csv PC-1 a:mozilla:firefox 115.0',
      'csv PC-1 o:microsoft:windows_7 -',
      'scanner SCAN-1 o:microsoft:windows_10_1709 -',
    ]);
    const same = await importCsv(
      db(),
      'RJ7',
      inventoryCsv([{ id: 'PC-1', components: [WIN7_SP1, SMB1, FIREFOX_NEW] }]),
    );
    expect([same.installedAdded, same.installedRemoved]).toEqual([0, 0]);
  });
});
