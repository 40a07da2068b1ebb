/**
 * Matching precision on real NVD records, one case per class, on both engines: an attribute the
 * criterion sets (sw_edition, target_sw), NVD's `-` version against a versioned component, and
 * version equality only by the scheme (`1.0` against exact `1.0.0`). Each case is confirmed,
 * possible (with what would settle it) or nothing; possible findings are listed but never counted,
 * never make an organisation "exposed" and are not targeted by `auto` alerts (only `auto:possible`);
 * the incremental path and a full recompute agree.
 */

import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { manualClock } from '../../src/domain/alerts/clock.js';
import { NVD_DATA_AVAILABLE } from '../../src/domain/rules/nvd-fixture.test-helper.js';
import { issueAlert } from '../../src/services/alerts/index.js';
import { listExposure, summariseExposure, whoIsExposed } from '../../src/services/exposure/read.service.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { alertContext } from '../factories/contact.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1 } from '../factories/inventory.factory.js';
import { loadSampleRecords } from '../factories/nvd-records.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

interface Case {
  name: string;
  org: string;
  cve: string;
  /** The component the finding is on (its CPE), and the rest of the device. */
  cpe: string;
  others?: string[];
  want: 'confirmed' | 'possible' | 'none';
  /** The start of the reason a possible finding gives. */
  because?: string;
  /** Needs the NVD sample (the record is not in the shipped intel). */
  sample?: boolean;
}

const WIN10_1607 = (version: string) => `cpe:2.3:o:microsoft:windows_10_1607:${version}:*:*:*:*:*:x64:*`;
const ADC = (version: string, swEdition: string) =>
  `cpe:2.3:a:citrix:netscaler_application_delivery_controller:${version}:*:*:*:${swEdition}:*:*:*`;
const GRPC = (version: string, targetSw: string) => `cpe:2.3:a:grpc:grpc:${version}:*:*:*:*:${targetSw}:*:*`;

const CASES: Case[] = [
  // Exact versions: CVE-2015-1427 names Red Hat Fuse 1.0.0 exactly.
  {
    name: 'exact as written',
    org: 'RJ7',
    cve: 'CVE-2015-1427',
    cpe: 'cpe:2.3:a:redhat:fuse:1.0.0:*:*:*:*:*:*:*',
    want: 'confirmed',
    sample: true,
  },
  {
    name: 'exact only by the scheme',
    org: 'RJ7',
    cve: 'CVE-2015-1427',
    cpe: 'cpe:2.3:a:redhat:fuse:1.0:*:*:*:*:*:*:*',
    want: 'possible',
    sample: true,
    because: "possible: installed 1.0 equals NVD's 1.0.0 only if trailing zeros do not count",
  },
  // NVD's `-`: CVE-2017-0144 needs SMBv1 running on windows_10_1607:- (x64).
  {
    name: '- against -',
    org: 'RAL',
    cve: 'CVE-2017-0144',
    cpe: SMB1,
    others: [WIN10_1607('-')],
    want: 'confirmed',
  },
  {
    name: '- against a build',
    org: 'H85001',
    cve: 'CVE-2017-0144',
    cpe: SMB1,
    others: [WIN10_1607('10.0.14393.2000')],
    want: 'possible',
    because: 'possible: the platform NVD says it must run on is only possibly present',
  },
  {
    name: '- as vulnerable product, against a build',
    org: 'H85002',
    cve: 'CVE-2017-0147',
    cpe: WIN10_1607('10.0.14393.2000'),
    want: 'possible',
    because:
      "possible: NVD names no version for this product; the vendor's fixed build or KB would settle it",
    sample: true,
  },
  {
    name: '- as vulnerable product, against -',
    org: 'A84001',
    cve: 'CVE-2017-0147',
    cpe: WIN10_1607('-'),
    want: 'confirmed',
    sample: true,
  },
  // sw_edition: CVE-2023-4966 has separate FIPS and non-FIPS ranges; 13.1-37.164 is the fixed FIPS build.
  {
    name: 'FIPS build at its fix',
    org: 'F83001',
    cve: 'CVE-2023-4966',
    cpe: ADC('13.1-37.164', 'fips'),
    want: 'none',
    sample: true,
  },
  {
    name: 'non-FIPS build',
    org: 'F83001',
    cve: 'CVE-2023-4966',
    cpe: ADC('13.1-37.164', '-'),
    want: 'confirmed',
    sample: true,
  },
  {
    name: 'edition unknown',
    org: 'F83001',
    cve: 'CVE-2023-4966',
    cpe: ADC('13.1-37.164', '*'),
    want: 'possible',
    because: 'possible: NVD names sw_edition',
    sample: true,
  },
  // target_sw: CVE-2023-44487 fixed gRPC for Go in 1.58.3; other languages have their own ranges.
  {
    name: 'gRPC for Go at its fix',
    org: 'FA123',
    cve: 'CVE-2023-44487',
    cpe: GRPC('1.58.3', 'go'),
    want: 'none',
    sample: true,
  },
  {
    name: 'gRPC of unknown language',
    org: 'FA123',
    cve: 'CVE-2023-44487',
    cpe: GRPC('1.58.3', '*'),
    want: 'possible',
    because: 'possible: NVD names target_sw',
    sample: true,
  },
];

const cases = CASES.filter((c) => NVD_DATA_AVAILABLE || !c.sample);

async function findingRows(database: Database) {
  const rows = await sql<Record<string, unknown>>`
    SELECT o.code, f.cve_id, c.key, c.version, c.attrs, f.asset_count, f.certainty, f.status FROM findings f
    JOIN organisations o ON o.id = f.org_id JOIN components c ON c.id = f.component_id ORDER BY 1, 2, 3, 4, 5`.execute(
    database.db,
  );
  return rows.rows;
}

describeEachEngine('matching precision on real NVD records', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    if (NVD_DATA_AVAILABLE)
      await loadSampleRecords(db(), ['CVE-2015-1427', 'CVE-2017-0147', 'CVE-2023-4966', 'CVE-2023-44487']);
    const byOrg = new Map<string, { id: string; components: string[] }[]>();
    cases.forEach((c, i) => {
      const list = byOrg.get(c.org) ?? [];
      list.push({ id: `HOST-${i}`, components: [c.cpe, ...(c.others ?? [])] });
      byOrg.set(c.org, list);
    });
    for (const [org, hosts] of byOrg) await importCsv(db(), org, inventoryCsv(hosts));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const findings = await listExposure(db(), SYSTEM_ACTOR, { org: c.org, cve: c.cve });
    // Windows 10 1607 also brings its default SMBv1 (assumed): only the component the case is about.
    const mine = findings.filter((f) => f.component.cpe === c.cpe && f.basis === 'reported');
    if (c.want === 'none') {
      expect(mine).toEqual([]);
      return;
    }
    expect(mine.map((f) => [f.certainty, f.assets])).toEqual([[c.want, 1]]);
    if (c.because)
      expect(mine[0]?.reasons[0]).toMatch(new RegExp(`^${c.because.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    else expect(mine[0]?.reasons[0]).not.toMatch(/^possible/);
  });

  it('never counts possible findings: summaries, who is exposed and the filter', async () => {
    const possible = await listExposure(db(), SYSTEM_ACTOR, { certainty: 'possible', limit: 1000 });
    const confirmed = await listExposure(db(), SYSTEM_ACTOR, { certainty: 'confirmed', limit: 1000 });
    const key = (org: string, cve: string, cpe: string | null) => `${org} ${cve} ${cpe}`;
    const listed = new Set(possible.map((f) => key(f.org, f.cve, f.component.cpe)));
    for (const c of cases.filter((x) => x.want === 'possible'))
      expect(listed).toContain(key(c.org, c.cve, c.cpe));
    for (const c of cases.filter((x) => x.want === 'confirmed'))
      expect(listed).not.toContain(key(c.org, c.cve, c.cpe));
    expect(possible.every((f) => f.certainty === 'possible')).toBe(true);
    const summary = await summariseExposure(db(), SYSTEM_ACTOR, null);
    expect(summary.totals.findings).toBe(confirmed.length);
    // H85001's only CVE-2017-0144 finding is possible: it is not exposed; RAL's is confirmed.
    const who = await whoIsExposed(db(), SYSTEM_ACTOR, 'CVE-2017-0144');
    // (A84001's Windows 10 1607 '-' host has SMBv1 by default, assumed, and so is confirmed too.)
    expect(who.organisations.map((o) => o.code)).toEqual(NVD_DATA_AVAILABLE ? ['A84001', 'RAL'] : ['RAL']);
  });

  it('targets auto alerts at confirmed exposure only; auto:possible takes possible findings too', async () => {
    const ctx = alertContext(manualClock(new Date('2026-05-12T09:00:00Z')));
    const alert = (targets: string[]) =>
      issueAlert(db(), ctx, {
        title: 'WannaCry',
        severity: 'critical',
        action: 'Install MS17-010 and turn off SMBv1.',
        cves: ['CVE-2017-0144'],
        advisory: null,
        targets,
      });
    const confirmed = NVD_DATA_AVAILABLE ? ['A84001', 'RAL'] : ['RAL'];
    expect((await alert(['auto'])).targets.map((t) => t.code)).toEqual(confirmed);
    // H85001's build-versioned Windows 10 1607 (and H85002's, with SMBv1 assumed) are possible.
    const possible = NVD_DATA_AVAILABLE ? ['A84001', 'H85001', 'H85002', 'RAL'] : ['H85001', 'RAL'];
    const wide = await alert(['auto:possible']);
    expect(wide.targets.map((t) => [t.code, t.reasons])).toEqual(
      possible.map((code) => [code, ['auto:possible']]),
    );
  });

  it('gives the same findings, with their certainty, from a full recompute', async () => {
    const before = await findingRows(db());
    expect(before.some((r) => r.certainty === 'possible')).toBe(true);
    await recomputeExposure(db(), SYSTEM_ACTOR);
    expect(await findingRows(db())).toEqual(before);
  });
});
