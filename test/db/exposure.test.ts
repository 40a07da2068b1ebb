import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { InvalidInputError } from '../../src/errors.js';
import { addException } from '../../src/services/exposure/exception.service.js';
import { listExposure, summariseExposure, whoIsExposed } from '../../src/services/exposure/read.service.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { loadNvd } from '../../src/services/intel/intel-load.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel, snapshotNvdRecord } from '../factories/intel.factory.js';
import {
  importCsv,
  inventoryCsv,
  SERVER_2008_R2_SP1,
  SMB1,
  SMB1_DISABLED,
  WIN7_SP1,
  WIN10_1709,
} from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

async function findingsSnapshot(db: Parameters<typeof snapshotTables>[0]) {
  const rows = await sql<Record<string, unknown>>`
    SELECT o.code, f.cve_id, c.key, c.version, f.asset_count, f.exposure, f.safety_impact, f.status
    FROM findings f JOIN organisations o ON o.id = f.org_id JOIN components c ON c.id = f.component_id
    ORDER BY 1, 2, 3, 4`.execute(db.db);
  return rows.rows;
}

describeEachEngine('exposure engine', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
  });

  it('finds WannaCry (SMBv1 on Windows 7 SP1 / 2008 R2 SP1) and not on Windows 10 1709', async () => {
    const result = await importCsv(
      db(),
      'RJ7',
      inventoryCsv([
        { id: 'PC-1', components: [WIN7_SP1, SMB1, 'mozilla,firefox,52.0'] },
        { id: 'SRV-1', type: 'server', criticality: 'high', components: [SERVER_2008_R2_SP1, SMB1] },
        { id: 'PC-2', components: [WIN10_1709, SMB1] },
        {
          id: 'MRI-1',
          type: 'medical_device',
          zone: 'clinical',
          criticality: 'life_critical',
          components: [WIN7_SP1, SMB1],
        },
      ]),
    );
    expect(result).toMatchObject({ assets: 4, assetsAdded: 4, rows: 9 });
    const who = await whoIsExposed(db(), SYSTEM_ACTOR, 'cve-2017-0144');
    expect(who.organisations).toEqual([
      {
        code: 'RJ7',
        name: "St George's University Hospitals NHS Foundation Trust",
        kind: 'trust',
        parent: 'QWE',
        assets: 3,
        components: 1,
        priority: 'act',
      },
    ]);
    const list = await listExposure(db(), SYSTEM_ACTOR, { org: 'RJ7', cve: 'CVE-2017-0144' });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      assets: 3,
      kev: true,
      kevDueDate: '2022-08-10',
      exposure: 'controlled',
      safetyImpact: true,
      priority: 'act',
    });
    expect(list[0]?.reasons).toContain(
      'patient safety: affects a medical device or critical clinical system',
    );
    // Firefox 52 is older than 74.0.1, the fix for CVE-2020-6819 (exploited, in KEV).
    expect(
      (await listExposure(db(), SYSTEM_ACTOR, { cve: 'CVE-2020-6819' })).map((f) => f.component.key),
    ).toEqual(['a:mozilla:firefox']);
  });

  it('gives the same findings from a full recompute as from the incremental path', async () => {
    const before = await findingsSnapshot(db());
    expect(before.length).toBeGreaterThan(3);
    await recomputeExposure(db(), SYSTEM_ACTOR);
    expect(await findingsSnapshot(db())).toEqual(before);
  });

  it('fixes a finding when the component goes on re-import, and reopens it when it comes back', async () => {
    const gone = await importCsv(
      db(),
      'RJ7',
      inventoryCsv([
        // SMBv1 switched off: reported disabled (left out, Windows' default would be assumed).
        { id: 'PC-1', components: [WIN7_SP1, SMB1_DISABLED, 'mozilla,firefox,52.0'] },
        { id: 'SRV-1', type: 'server', criticality: 'high', components: [SERVER_2008_R2_SP1, SMB1_DISABLED] },
        { id: 'PC-2', components: [WIN10_1709, SMB1] },
      ]),
    );
    expect(gone.assetsRetired).toBe(1);
    expect(gone.findingsFixed).toBeGreaterThanOrEqual(1);
    expect((await whoIsExposed(db(), SYSTEM_ACTOR, 'CVE-2017-0144')).organisations).toEqual([]);
    const all = await listExposure(db(), SYSTEM_ACTOR, { cve: 'CVE-2017-0144', all: true });
    expect(all.map((f) => f.status)).toEqual(['fixed']);
    const back = await importCsv(db(), 'RJ7', inventoryCsv([{ id: 'PC-1', components: [WIN7_SP1, SMB1] }]));
    // SMBv1 on Windows 7 SP1 carries the MS17-010 flaws NVD lists for it: each finding comes back.
    const reopened = (await listExposure(db(), SYSTEM_ACTOR, { org: 'RJ7' })).filter(
      (f) => f.component.key === 'a:microsoft:server_message_block',
    );
    expect(reopened.map((f) => f.status)).toEqual(reopened.map(() => 'reopened'));
    expect(reopened.map((f) => f.cve)).toContain('CVE-2017-0144');
    expect(back.findingsReopened).toBe(reopened.length);
    expect((await listExposure(db(), SYSTEM_ACTOR, { cve: 'CVE-2017-0144' }))[0]).toMatchObject({
      status: 'reopened',
      assets: 1,
    });
  });

  it('re-matches incrementally when a CVE changes, and drops a rejected CVE', async () => {
    await importCsv(
      db(),
      'H85001',
      inventoryCsv([{ id: 'GP-1', components: ['cpe:2.3:o:microsoft:windows_xp:-:sp3:*:*:*:*:*:*', SMB1] }]),
      'csv',
    );
    expect(
      (await whoIsExposed(db(), SYSTEM_ACTOR, 'CVE-2017-0144')).organisations.map((o) => o.code),
    ).toEqual(['RJ7']);
    const { page, record: found } = snapshotNvdRecord('CVE-2017-0144');
    // biome-ignore lint/suspicious/noExplicitAny: the test edits the raw NVD record
    const record = found as any;
    record.cve.lastModified = '2026-11-20T00:00:00.000';
    record.cve.configurations[0].nodes[1].cpeMatch.push({
      vulnerable: false,
      criteria: 'cpe:2.3:o:microsoft:windows_xp:-:sp3:*:*:*:*:*:*',
    });
    const changed = await loadNvd(db(), Buffer.from(JSON.stringify({ ...page, vulnerabilities: [record] })), {
      name: 'update.json',
    });
    expect(changed.changedCves).toEqual(['CVE-2017-0144']);
    expect(
      (await whoIsExposed(db(), SYSTEM_ACTOR, 'CVE-2017-0144')).organisations.map((o) => o.code),
    ).toEqual(['H85001', 'RJ7']);
    record.cve.lastModified = '2026-11-21T00:00:00.000';
    record.cve.vulnStatus = 'Rejected';
    await loadNvd(db(), Buffer.from(JSON.stringify({ ...page, vulnerabilities: [record] })), {
      name: 'reject.json',
    });
    expect((await whoIsExposed(db(), SYSTEM_ACTOR, 'CVE-2017-0144')).organisations).toEqual([]);
    const rules = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM match_rules WHERE cve_id = 'CVE-2017-0144'`.execute(db().db);
    expect(rules.rows[0]?.n).toBe(0);
    // Restore the original record for the tests that follow.
    record.cve.lastModified = '2026-11-22T00:00:00.000';
    record.cve.vulnStatus = 'Analyzed';
    await loadNvd(db(), Buffer.from(JSON.stringify({ ...page, vulnerabilities: [record] })), {
      name: 'restore.json',
    });
  });

  it('counts the roll-up per child organisation', async () => {
    const summary = await summariseExposure(db(), SYSTEM_ACTOR, 'Y56');
    const qwe = summary.children.find((c) => c.code === 'QWE');
    expect(qwe?.kev).toBeGreaterThan(0);
    expect(summary.totals.findings).toBe(summary.children.reduce((n, c) => n + c.findings, 0));
    expect(summary.children.find((c) => c.code === 'QMJ')?.findings).toBe(0);
  });

  it('excepts findings while an exception is active and reopens them when it expires', async () => {
    await expect(
      addException(db(), SYSTEM_ACTOR, {
        org: 'H85001',
        cve: 'CVE-2017-0144',
        reason: 'r',
        controls: 'c',
        expires: '2020-01-01',
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    const ex = await addException(db(), SYSTEM_ACTOR, {
      org: 'H85001',
      cve: 'CVE-2017-0144',
      asset: 'GP-1',
      reason: 'manufacturer has not validated the patch',
      controls: 'SMB blocked at the practice firewall; device on an isolated VLAN',
      expires: '2099-01-01',
    });
    expect(ex.asset).toBe('GP-1');
    expect(
      (await listExposure(db(), SYSTEM_ACTOR, { org: 'H85001', cve: 'CVE-2017-0144', all: true }))[0]?.status,
    ).toBe('excepted');
    expect(
      (await whoIsExposed(db(), SYSTEM_ACTOR, 'CVE-2017-0144')).organisations.map((o) => o.code),
    ).toEqual(['RJ7']);
    await sql`UPDATE exceptions SET expires_at = now() - interval '1 day' WHERE id = ${ex.id}`.execute(
      db().db,
    );
    expect((await listExposure(db(), SYSTEM_ACTOR, { org: 'H85001', cve: 'CVE-2017-0144' }))[0]?.status).toBe(
      'reopened',
    );
  });

  it('rejects a bad inventory file whole and writes nothing', async () => {
    const tables = ['assets', 'asset_components', 'components', 'findings'];
    const before = await snapshotTables(db(), tables);
    const bad = `${inventoryCsv([{ id: 'PC-9', components: [WIN7_SP1] }])}PC-9,x,toaster,,,,,,false,none,,,,${WIN7_SP1},\nPC-8,x,workstation,,,,,,maybe,none,,,,cpe:2.3:o:bad,\n`;
    const error = await importCsv(db(), 'RJ7', bad, 'csv', 'bad.csv').catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    const reasons = (error as InvalidInputError).problems.map((p) => `${p.file}:${p.line}: ${p.reason}`);
    expect(reasons[0]).toMatch(/^bad\.csv:3: unknown asset_type "toaster"/);
    expect(reasons.some((r) => r.startsWith('bad.csv:4: internet_facing must be true or false'))).toBe(true);
    expect(await snapshotTables(db(), tables)).toEqual(before);
    const unknownOrg = await importCsv(
      db(),
      'ZZZ99',
      inventoryCsv([{ id: 'A', components: [WIN7_SP1] }]),
    ).catch((e) => e);
    expect(String(unknownOrg.message)).toContain('no organisation ZZZ99');
    expect(await snapshotTables(db(), tables)).toEqual(before);
  });
});
