/**
 * A re-import refreshes only the components its change can reach (affected-components.repository.ts):
 * the rows it changed, every component of an asset whose platform or weight changed, and the
 * components whose rules' conditions a changed component meets. Each step checks both halves: the
 * presence rows rewritten are those whose counts changed (presence is kept by difference), and a
 * full recompute afterwards changes nothing anywhere (findings, presence, cells, devices, both roll-ups).
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { derivedExposure } from '../factories/exposure-state.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import {
  type AssetSpec,
  importCsv,
  inventoryCsv,
  SMB1,
  WIN7_SP1,
  WIN10_1709,
} from '../factories/inventory.factory.js';
import { loadPluginRecord, PLUGIN_CPES, PLUGIN_CVE } from '../factories/nvd-records.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const FIREFOX_OLD = 'mozilla,firefox,52.0';
const FIREFOX_NEW = 'mozilla,firefox,115.0';
const WANNACRY = 'CVE-2017-0144';

/** RJ7's presence rows by (component, platform), each with the transaction that wrote it. */
async function presenceVersions(database: Database): Promise<Map<string, string>> {
  const rows = await sql<{ row: string; xmin: string }>`
    SELECT c.key || ' ' || c.version || ' on ' || p.platform::text AS row, p.xmin::text AS xmin
    FROM component_presence p JOIN components c ON c.id = p.component_id
    JOIN organisations o ON o.id = p.org_id WHERE o.code = 'RJ7'`.execute(database.db);
  return new Map(rows.rows.map((r) => [r.row, r.xmin]));
}

/** The components (key and version) whose presence rows the step wrote, added or removed. */
function rewritten(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const changed = [...keys]
    .filter((k) => before.get(k) !== after.get(k))
    .map((k) => k.split(' on ')[0] as string);
  return [...new Set(changed)].sort();
}

async function finding(database: Database, cve: string, componentKey: string) {
  const row = await sql<{ asset_count: number; exposure: string; status: string }>`
    SELECT f.asset_count, f.exposure, f.status FROM findings f
    JOIN components c ON c.id = f.component_id JOIN organisations o ON o.id = f.org_id
    WHERE o.code = 'RJ7' AND f.cve_id = ${cve} AND c.key = ${componentKey} AND c.assumed_by = ''`.execute(
    database.db,
  );
  return row.rows[0];
}

describeEachEngine('a re-import refreshes only what it can reach', (db) => {
  beforeAll(async () => {
    await loadShippedIntel(db());
    await loadPluginRecord(db());
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    // Another trust's inventory, which no step may disturb.
    await importCsv(db(), 'RAL', inventoryCsv([{ id: 'PC-9', components: [WIN7_SP1, SMB1, FIREFOX_OLD] }]));
  });

  /** Imports RJ7's file and returns the components whose presence was rewritten; a full recompute then changes nothing. */
  async function step(assets: AssetSpec[]): Promise<string[]> {
    const before = await presenceVersions(db());
    await importCsv(db(), 'RJ7', inventoryCsv(assets));
    const after = await presenceVersions(db());
    const kept = await derivedExposure(db());
    const recomputed = await recomputeExposure(db(), SYSTEM_ACTOR);
    expect([recomputed.opened, recomputed.reopened, recomputed.fixed]).toEqual([0, 0, 0]);
    expect(await derivedExposure(db())).toEqual(kept);
    return rewritten(before, after);
  }

  it('follows a version change, a platform change, a condition met and an asset made internet-facing', async () => {
    const pc1 = { id: 'PC-1', components: [WIN7_SP1, SMB1, FIREFOX_OLD] };
    const pc2 = { id: 'PC-2', components: [WIN7_SP1, SMB1, FIREFOX_OLD] };
    const web = { id: 'WEB-1', type: 'server', components: [PLUGIN_CPES.gallery] };
    await step([pc1, pc2, web]);
    expect((await finding(db(), WANNACRY, 'a:microsoft:server_message_block'))?.asset_count).toBe(2);

    // Firefox updated on one PC: only the two Firefox versions are recounted.
    const pc1New = { ...pc1, components: [WIN7_SP1, SMB1, FIREFOX_NEW] };
    expect(await step([pc1New, pc2, web])).toEqual(['a:mozilla:firefox 115.0', 'a:mozilla:firefox 52.0']);

    // WordPress installed beside the plugin: the plugin's finding opens, from its rule's condition,
    // though only WordPress's presence is written (the plugin's own counts do not change).
    const webWp = { ...web, components: [PLUGIN_CPES.gallery, PLUGIN_CPES.wordpress] };
    expect(await finding(db(), PLUGIN_CVE.id, 'a:acme:gallery')).toBeUndefined();
    expect(await step([pc1New, pc2, webWp])).toEqual(['a:wordpress:wordpress 6.4']);
    expect((await finding(db(), PLUGIN_CVE.id, 'a:acme:gallery'))?.status).toBe('open');

    // PC-2 moved to a Windows 10 release WannaCry's rules do not name: every component of PC-2 is
    // recounted under its new platform; WannaCry's finding on SMBv1 counts PC-1 alone.
    const pc2Win10 = { ...pc2, components: [WIN10_1709, SMB1, FIREFOX_OLD] };
    const moved = await step([pc1New, pc2Win10, webWp]);
    expect(moved).toEqual(
      expect.arrayContaining([
        'a:mozilla:firefox 52.0',
        'o:microsoft:windows_7 -',
        'o:microsoft:windows_10_1709 -',
      ]),
    );
    expect(moved).not.toContain('a:mozilla:firefox 115.0');
    expect(moved).not.toContain('a:acme:gallery 1.5');
    expect((await finding(db(), WANNACRY, 'a:microsoft:server_message_block'))?.asset_count).toBe(1);

    // PC-1 made internet-facing: its components are recounted (the widest exposure is now open),
    // the web server's are not.
    const facing = await step([{ ...pc1New, internetFacing: true }, pc2Win10, webWp]);
    expect(facing).toEqual([
      'a:microsoft:server_message_block 1.0',
      'a:mozilla:firefox 115.0',
      'o:microsoft:windows_7 -',
    ]);
    expect((await finding(db(), WANNACRY, 'a:microsoft:server_message_block'))?.exposure).toBe('open');

    // PC-1 gone from the file: retired, its components recounted, its WannaCry finding fixed.
    await step([pc2Win10, webWp]);
    expect((await finding(db(), WANNACRY, 'a:microsoft:server_message_block'))?.status).toBe('fixed');
  }, 120_000);
});
