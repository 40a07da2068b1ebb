/**
 * Migrations 0013, 0037, 0039 and 0040 fill the maintained tables and columns of a database that
 * already holds targets, findings and inventories: what they write equals what Ward maintains as
 * they change (their SQL repeats the repositories' on purpose, so this keeps the copies in step).
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { up } from '../../src/db/migrations/0013-maintained-counts.js';
import { up as upCells } from '../../src/db/migrations/0037-exposed-cells.js';
import { up as upDigest } from '../../src/db/migrations/0039-components-digest.js';
import { up as upPresence } from '../../src/db/migrations/0040-presence-counts.js';
import { manualClock } from '../../src/domain/alerts/clock.js';
import { issueAlert, respondToAlert } from '../../src/services/alerts/index.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { alertContext } from '../factories/contact.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1, WIN10_1709 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const LOG4J = 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*';

describeEachEngine('maintained counts migrations', (db) => {
  it('fills the tables as the repositories keep them', async () => {
    const d = db();
    await importOrganisations(d, ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(d);
    for (const org of ['RJ7', 'H85001', 'A84001'])
      await importCsv(
        d,
        org,
        inventoryCsv([
          { id: `${org}-PC`, components: [WIN7_SP1, SMB1] },
          { id: `${org}-MRI`, type: 'medical_device', zone: 'clinical', components: [WIN7_SP1, SMB1, LOG4J] },
          { id: `${org}-PUMP`, type: 'medical_device', zone: 'clinical', components: [WIN10_1709, SMB1] },
        ]),
      );
    const clock = manualClock(new Date('2026-06-01T10:20:00Z'));
    const ctx = alertContext(clock);
    const { reference } = await issueAlert(d, ctx, {
      title: 'WannaCry',
      severity: 'high',
      action: 'Patch.',
      cves: ['CVE-2017-0144'],
      advisory: null,
      targets: ['auto', 'kind:gp_practice'],
    });
    clock.set(new Date('2026-06-01T13:05:00Z'));
    await respondToAlert(d, ctx, { reference, orgs: ['RJ7'], status: 'acknowledged' });
    await respondToAlert(d, ctx, { reference, under: 'QMJ', status: 'not_applicable', reason: 'no SMB' });
    const tables = async () => ({
      targets: (await sql`SELECT * FROM alert_target_counts ORDER BY 1, 2, 3, 4, 5`.execute(d.db)).rows,
      devices: (await sql`SELECT * FROM exposed_devices ORDER BY 1, 2`.execute(d.db)).rows,
      cells: (await sql`SELECT * FROM exposed_cells ORDER BY 1, 2, 3`.execute(d.db)).rows,
      rollup: (await sql`SELECT * FROM device_rollup ORDER BY 1, 2, 3`.execute(d.db)).rows,
    });
    const maintained = await tables();
    expect(maintained.targets.length).toBeGreaterThan(5);
    // Every device: the Windows 10 1709 pump too, which the shipped NVD records expose (not to WannaCry).
    expect(maintained.devices.length).toBe(9);
    // Windows 7 SP1 with SMBv1 (WannaCry's rule: SMBv1 running on Windows) is a platform cell in each organisation.
    expect(maintained.cells.length).toBeGreaterThan(3);
    await sql`DROP TABLE alert_target_counts, exposed_devices, exposed_cells, device_rollup`.execute(d.db);
    await sql`DROP INDEX alert_targets_update_due`.execute(d.db);
    await up(d.db as never);
    await upCells(d.db as never);
    expect(await tables()).toEqual(maintained);
  });

  it('fills the installed components digests and the presence counts as imports keep them', async () => {
    const d = db();
    await importOrganisations(d, ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(d);
    await importCsv(
      d,
      'RJ7',
      inventoryCsv([
        { id: 'PC', components: [WIN7_SP1, SMB1] },
        { id: 'WEB', internetFacing: true, components: [WIN7_SP1, LOG4J] },
        { id: 'MRI', type: 'medical_device', zone: 'clinical', components: [WIN7_SP1, SMB1, LOG4J] },
        { id: 'LAB', zone: 'lab', criticality: 'high', components: [WIN10_1709, LOG4J] },
      ]),
    );
    await importCsv(d, 'RJ7', inventoryCsv([{ id: 'PC', components: [WIN7_SP1, SMB1] }]), 'scanner');
    const tables = async () => ({
      digests: (await sql`SELECT org_id, id, components_digest FROM assets ORDER BY 1, 2`.execute(d.db)).rows,
      presence: (await sql`SELECT * FROM component_presence ORDER BY 1, 2, 3`.execute(d.db)).rows,
    });
    const maintained = await tables();
    const counts = await sql<{ open: number; controlled: number; safety: number }>`
      SELECT sum(open_assets)::int AS open, sum(controlled_assets)::int AS controlled, sum(safety_assets)::int AS safety
      FROM component_presence`.execute(d.db);
    expect(counts.rows[0]?.open).toBeGreaterThan(0);
    expect(counts.rows[0]?.controlled).toBeGreaterThan(0);
    expect(counts.rows[0]?.safety).toBeGreaterThan(0);
    await sql`ALTER TABLE assets DROP COLUMN components_digest`.execute(d.db);
    await sql`ALTER TABLE component_presence DROP COLUMN open_assets, DROP COLUMN controlled_assets, DROP COLUMN safety_assets`.execute(
      d.db,
    );
    await upDigest(d.db as never);
    await upPresence(d.db as never);
    expect(await tables()).toEqual(maintained);
  });
});
