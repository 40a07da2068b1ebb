import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { hitsEngine, hitsSql } from '../../src/db/repositories/exposure/hits.sql.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { addException } from '../../src/services/exposure/exception.service.js';
import {
  type Counts,
  type ListOptions,
  listExposure,
  summariseExposure,
} from '../../src/services/exposure/read.service.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import {
  medicalDevicesOverview,
  TOP_EXPOSURE_ORDERS,
  topExposuresOverview,
} from '../../src/services/federation/overview.service.js';
import { loadNvd } from '../../src/services/intel/intel-load.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel, snapshotNvdRecord } from '../factories/intel.factory.js';
import {
  importCsv,
  inventoryCsv,
  SERVER_2008_R2_SP1,
  SMB1,
  WIN7_SP1,
  WIN10_1709,
} from '../factories/inventory.factory.js';
import { orgCsv, SMALL_FEDERATION } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const OPENSSL_101F = 'cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*';
const LOG4J = 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*';

/**
 * Each live device under the organisation with an open, confirmed finding that applies to it for certain (the engine's
 * device-by-device reference, platform conditions included) and no active exception for that CVE
 * on its organisation or on the device: whether it is medical, its manufacturer, whether a KEV CVE.
 * The exception test reads the finding's and the asset's columns (equal to the hit's), not the hit
 * subquery's: Citus cannot correlate a subquery with a subquery it plans on its own.
 */
async function devicesOneByOne(database: Database, code: string) {
  const rows = await sql<{ medical: boolean; manufacturer: string; kev: boolean }>`
    SELECT a.asset_type = 'medical_device' AS medical, coalesce(nullif(a.manufacturer, ''), 'Unknown') AS manufacturer,
      bool_or(k.cve_id IS NOT NULL) AS kev
    FROM (${hitsSql({ kind: 'all' }, sql``, await hitsEngine(database.db))}) h
    JOIN findings f ON f.org_id = h.org_id AND f.component_id = h.component_id AND f.cve_id = h.cve_id
    JOIN assets a ON a.org_id = h.org_id AND a.id = h.asset_id AND a.retired_at IS NULL
    LEFT JOIN kev_entries k ON k.cve_id = h.cve_id
    WHERE f.status IN ('open', 'reopened') AND f.certainty = 'confirmed' AND NOT h.possible
      AND h.org_id IN (SELECT c.descendant_id FROM org_closure c JOIN organisations o ON o.id = c.ancestor_id
        WHERE o.code = ${code})
      AND NOT EXISTS (SELECT 1 FROM exceptions x WHERE x.org_id = f.org_id AND x.cve_id = f.cve_id
        AND x.expires_at > now() AND (x.asset_id IS NULL OR x.asset_id = a.id))
    GROUP BY h.org_id, h.asset_id, a.asset_type, a.manufacturer`.execute(database.db);
  return rows.rows;
}

/** Medical devices at risk under the organisation, by manufacturer, as counting them one by one gives. */
async function expectMedicalMatchesDevices(database: Database, code: string): Promise<void> {
  const atRisk = (await devicesOneByOne(database, code)).filter((d) => d.medical);
  const all = await sql<{ manufacturer: string; n: number }>`
    SELECT coalesce(nullif(a.manufacturer, ''), 'Unknown') AS manufacturer, count(*)::int AS n FROM assets a
    WHERE a.asset_type = 'medical_device' AND a.retired_at IS NULL
      AND a.org_id IN (SELECT c.descendant_id FROM org_closure c JOIN organisations o ON o.id = c.ancestor_id
        WHERE o.code = ${code})
    GROUP BY 1`.execute(database.db);
  const expected = all.rows.map((m) => ({
    name: m.manufacturer,
    devices: m.n,
    atRisk: atRisk.filter((d) => d.manufacturer === m.manufacturer).length,
    kev: atRisk.filter((d) => d.manufacturer === m.manufacturer && d.kev).length,
  }));
  const got = await medicalDevicesOverview(database, ADMIN_CLI, code, 1000);
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  expect({ code, m: [...got.manufacturers].sort(byName) }).toEqual({ code, m: expected.sort(byName) });
}

/** The counts of a subtree computed from its open findings, one by one. */
async function countedFromFindings(database: Database, code: string): Promise<Counts> {
  // Possible findings are listed too but never counted with confirmed ones.
  const findings = (await listExposure(database, SYSTEM_ACTOR, { org: code, limit: 100_000 })).filter(
    (f) => f.certainty === 'confirmed',
  );
  const today = new Date().toISOString().slice(0, 10);
  const n = (p: (f: (typeof findings)[number]) => boolean) => findings.filter(p).length;
  return {
    findings: findings.length,
    act: n((f) => f.priority === 'act'),
    attend: n((f) => f.priority === 'attend'),
    trackStar: n((f) => f.priority === 'track*'),
    track: n((f) => f.priority === 'track'),
    kev: n((f) => f.kev),
    kevOverdue: n((f) => f.kev && (f.kevDueDate ?? '9999') < today),
    assets: findings.reduce((sum, f) => sum + f.assets, 0),
    devicesExposed: (await devicesOneByOne(database, code)).length,
    cves: new Set(findings.map((f) => f.cve)).size,
    seenFromOutside: {
      findings: n((f) => f.seenFromOutside),
      act: n((f) => f.seenFromOutside && f.priority === 'act'),
      organisations: new Set(findings.filter((f) => f.seenFromOutside).map((f) => f.org)).size,
    },
  };
}

/** Every organisation with children: its totals and each child's counts equal the counted findings. */
async function expectSummariesMatchFindings(database: Database): Promise<number> {
  const parents = await sql<{ code: string }>`
    SELECT DISTINCT p.code FROM organisations p JOIN organisations c ON c.parent_id = p.id ORDER BY 1`.execute(
    database.db,
  );
  let findings = 0;
  for (const { code } of parents.rows) {
    const summary = await summariseExposure(database, SYSTEM_ACTOR, code);
    const { code: _, name: __, kind: ___, ...totals } = { ...summary.org, ...summary.totals };
    expect({ code, ...totals }).toEqual({ code, ...(await countedFromFindings(database, code)) });
    for (const child of summary.children) {
      const { code: c, name: _n, kind: _k, ...counts } = child;
      expect({ code: c, ...counts }).toEqual({ code: c, ...(await countedFromFindings(database, c)) });
    }
    findings = Math.max(findings, summary.totals.findings);
    await expectTopExposuresMatchFindings(database, code);
    await expectMedicalMatchesDevices(database, code);
  }
  return findings;
}

/** Per CVE under the organisation: organisations, devices and Act findings as the findings list them. */
async function expectTopExposuresMatchFindings(database: Database, code: string): Promise<void> {
  // Possible findings are listed too but never counted with confirmed ones.
  const findings = (await listExposure(database, SYSTEM_ACTOR, { org: code, limit: 100_000 })).filter(
    (f) => f.certainty === 'confirmed',
  );
  const expected = new Map<string, { orgs: Set<string>; devices: number; act: number }>();
  for (const f of findings) {
    const e = expected.get(f.cve) ?? { orgs: new Set(), devices: 0, act: 0 };
    e.orgs.add(f.org);
    e.devices += f.assets;
    if (f.priority === 'act') e.act++;
    expected.set(f.cve, e);
  }
  const top = await topExposuresOverview(database, ADMIN_CLI, code, { order: 'devices', limit: 1000 });
  expect(
    Object.fromEntries(top.items.map((i) => [i.cve, [i.organisations, i.devices, i.actFindings]])),
  ).toEqual(Object.fromEntries([...expected].map(([cve, e]) => [cve, [e.orgs.size, e.devices, e.act]])));
}

/**
 * Any page of a worklist (several organisations, filters, offsets and sizes) is that slice of the
 * whole list: the first pages of a large subtree are narrowed to the CVEs the roll-up says can fill
 * them, the whole list is not.
 */
async function expectPagesMatchWholeList(database: Database): Promise<void> {
  const filters: Partial<ListOptions>[] = [
    {},
    { kev: true },
    { priority: 'act' },
    { priority: 'attend' },
    { certainty: 'confirmed' },
  ];
  for (const org of [undefined, 'X26', 'Y56', 'RJ7', 'RJ701'])
    for (const filter of filters) {
      const all = await listExposure(database, ADMIN_CLI, { org, ...filter, limit: 100_000 });
      for (const limit of [1, 2, 5])
        for (const offset of [0, 1, 3, 8]) {
          const page = await listExposure(database, ADMIN_CLI, { org, ...filter, limit, offset });
          expect(page, `${org} ${JSON.stringify(filter)} ${offset}+${limit}`).toEqual(
            all.slice(offset, offset + limit),
          );
        }
    }
}

describeEachEngine('exposure roll-up', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    // One KEV entry not yet due, so "past due" is not simply "KEV".
    await sql`UPDATE kev_entries SET due_date = current_date + 30 WHERE cve_id = 'CVE-2021-44228'`.execute(
      db().db,
    );
    const estate = (org: string) =>
      inventoryCsv([
        { id: `${org}-PC-1`, components: [WIN7_SP1, SMB1, OPENSSL_101F] },
        { id: `${org}-PC-2`, components: [WIN10_1709, SMB1, LOG4J] },
        {
          id: `${org}-SRV-1`,
          type: 'server',
          internetFacing: true,
          components: [SERVER_2008_R2_SP1, SMB1, LOG4J],
        },
        {
          id: `${org}-MRI-1`,
          type: 'medical_device',
          zone: 'clinical',
          criticality: 'life_critical',
          components: [WIN7_SP1, SMB1],
        },
      ]);
    for (const org of ['RJ7', 'RJ701', 'RAL', 'H85001', 'F83001', 'A84001'])
      await importCsv(db(), org, estate(org));
  });

  it('matches the findings after inventory imports', async () => {
    expect(await expectSummariesMatchFindings(db())).toBeGreaterThan(20);
  });

  it('ranks the first N exposures as the whole ranking does, ties at the last place included, in every order', async () => {
    for (const order of TOP_EXPOSURE_ORDERS) {
      const all = (await topExposuresOverview(db(), ADMIN_CLI, 'X26', { order, limit: 1000 })).items;
      expect(all.length, order).toBeGreaterThan(5);
      // Equal counts abound here (every organisation has the same estate): the last place is often a tie.
      expect(new Set(all.map((i) => i.devices)).size, order).toBeLessThan(all.length);
      for (let n = 1; n <= all.length; n++) {
        const top = await topExposuresOverview(db(), ADMIN_CLI, 'X26', { order, limit: n });
        expect(top.items, `${order} top ${n}`).toEqual(all.slice(0, n));
      }
    }
  });

  it('lists any page of a worklist as the whole list does, narrowed by the roll-up or not', async () => {
    await expectPagesMatchWholeList(db());
  });

  it('follows a re-import that removes and changes components', async () => {
    await importCsv(
      db(),
      'RJ701',
      inventoryCsv([
        { id: 'RJ701-PC-1', components: [WIN7_SP1, SMB1] },
        { id: 'RJ701-MRI-2', type: 'medical_device', zone: 'clinical', components: [WIN7_SP1, SMB1, LOG4J] },
        // SMBv1 on a platform the WannaCry rules do not name (and no CVE names at all): its finding
        // is PC-1's, not this device's.
        {
          id: 'RJ701-MRI-3',
          type: 'medical_device',
          zone: 'clinical',
          components: ['cpe:2.3:o:example:scanner_os:4.2:*:*:*:*:*:*:*', SMB1],
        },
      ]),
    );
    await expectSummariesMatchFindings(db());
    const medical = await medicalDevicesOverview(db(), ADMIN_CLI, 'RJ701', 10);
    expect(medical.totals).toEqual({ devices: 2, atRisk: 1, kev: 1 });
    const rj701 = (await summariseExposure(db(), SYSTEM_ACTOR, 'RJ7')).children.find(
      (c) => c.code === 'RJ701',
    );
    expect(rj701?.devicesExposed).toBe(2);
    const site = await summariseExposure(db(), SYSTEM_ACTOR, 'RJ7');
    // WannaCry and BlueKeep (Windows 7), Log4Shell and the rest NVD lists for them; OpenSSL (Heartbleed) has gone.
    const cves = new Set(
      (await listExposure(db(), SYSTEM_ACTOR, { org: 'RJ701', limit: 1000 })).map((f) => f.cve),
    );
    for (const cve of ['CVE-2017-0144', 'CVE-2019-0708', 'CVE-2021-44228']) expect(cves).toContain(cve);
    expect(cves).not.toContain('CVE-2014-0160');
    expect(site.children.find((c) => c.code === 'RJ701')?.cves).toBe(cves.size);
  });

  it('follows exceptions on a whole organisation and on one asset, active and expired', async () => {
    const before = (await summariseExposure(db(), SYSTEM_ACTOR, 'QWE')).totals;
    const wide = await addException(db(), SYSTEM_ACTOR, {
      org: 'H85001',
      cve: 'CVE-2017-0144',
      reason: 'replacement ordered',
      controls: 'SMB blocked at the firewall',
      expires: '2099-01-01',
    });
    await addException(db(), SYSTEM_ACTOR, {
      org: 'RJ7',
      cve: 'CVE-2021-44228',
      asset: 'RJ7-PC-2',
      reason: 'vendor patch pending',
      controls: 'outbound LDAP blocked',
      expires: '2099-01-01',
    });
    await expectSummariesMatchFindings(db());
    await expectPagesMatchWholeList(db());
    expect((await summariseExposure(db(), SYSTEM_ACTOR, 'QWE')).totals.findings).toBeLessThan(
      before.findings,
    );
    await sql`UPDATE exceptions SET expires_at = now() - interval '1 day' WHERE id = ${wide.id}`.execute(
      db().db,
    );
    await expectSummariesMatchFindings(db());
  });

  it('follows a changed CVE (matched again incrementally)', async () => {
    const { page, record: found } = snapshotNvdRecord('CVE-2021-44228');
    const record = found.cve;
    // Rejected: its findings close, and the roll-up forgets it.
    const rejected = { ...record, vulnStatus: 'Rejected', lastModified: '2030-01-01T00:00:00.000' };
    await loadNvd(db(), Buffer.from(JSON.stringify({ ...page, vulnerabilities: [{ cve: rejected }] })), {
      name: 'rejected.json',
    });
    await expectSummariesMatchFindings(db());
    const restored = { ...record, lastModified: '2030-01-02T00:00:00.000' };
    await loadNvd(db(), Buffer.from(JSON.stringify({ ...page, vulnerabilities: [{ cve: restored }] })), {
      name: 'restored.json',
    });
    await expectSummariesMatchFindings(db());
  });

  it('follows a move in the tree, and a full recompute changes nothing', async () => {
    const moved = SMALL_FEDERATION.map((l) =>
      l[0] === 'H85001' ? ([l[0], l[1], l[2], 'QMJ'] as typeof l) : l,
    );
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv(moved));
    await expectSummariesMatchFindings(db());
    const tables = async () => [
      (await sql`SELECT * FROM exposure_rollup ORDER BY 1, 2, 3, 4`.execute(db().db)).rows,
      (await sql`SELECT * FROM exposed_devices ORDER BY 1, 2`.execute(db().db)).rows,
      (await sql`SELECT * FROM exposed_cells ORDER BY 1, 2, 3`.execute(db().db)).rows,
      (await sql`SELECT * FROM device_rollup ORDER BY 1, 2, 3`.execute(db().db)).rows,
    ];
    const before = await tables();
    await recomputeExposure(db(), SYSTEM_ACTOR);
    expect(await tables()).toEqual(before);
  });
});
