/**
 * What a day's NVD delta does to CVEs that already have findings, through the real loader: a
 * re-score changes the priority people see, a widened version range opens findings on versions it
 * now covers, a configuration replaced by one that no longer matches fixes the findings, and a
 * rejected CVE closes its findings while its live alert's targets show they are no longer exposed.
 * A full recompute afterwards agrees with every incremental step.
 */
import { beforeAll, expect, it } from 'vitest';
import { upsertProposals } from '../../src/db/repositories/product-alias.repository.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { manualClock } from '../../src/domain/alerts/clock.js';
import { alertStatus, issueAlert } from '../../src/services/alerts/index.js';
import { listExposure, whoIsExposed } from '../../src/services/exposure/read.service.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import {
  type AliasView,
  confirmAlias,
  listProposals,
} from '../../src/services/identity/product-identity.service.js';
import { loadNvd } from '../../src/services/intel/intel-load.service.js';
import { alertContext } from '../factories/contact.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel, snapshotNvdRecord } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

/** Firefox before 74.0.1 (in KEV; CVSS 3.1 AV:N/AC:H/PR:N/UI:N in the snapshot). */
const CVE = 'CVE-2020-6819';

/** RJ7's workstations: one Firefox the CVE's range covers, one it does not. */
const WORKSTATIONS = [
  { id: 'PC-OLD', components: ['mozilla,firefox,52.0'] },
  { id: 'PC-NEW', components: ['mozilla,firefox,80.0'] },
];

interface CpeMatch {
  criteria: string;
  versionEndExcluding?: string;
}
// biome-ignore lint/suspicious/noExplicitAny: the tests edit raw NVD records
type RawCve = any;

describeEachEngine('a day of NVD changes on CVEs with findings', (db) => {
  let day = 0;
  /** Loads the snapshot's record of CVE, edited, as NVD's next modification of it. */
  async function publish(edit: (cve: RawCve) => void = () => {}) {
    const { page, record } = snapshotNvdRecord(CVE);
    const cve = record.cve as RawCve;
    day++;
    cve.lastModified = `2026-12-${String(day).padStart(2, '0')}T00:00:00.000`;
    edit(cve);
    const result = await loadNvd(db(), Buffer.from(JSON.stringify({ ...page, vulnerabilities: [record] })), {
      name: `delta-${day}.json`,
    });
    expect(result.changedCves).toEqual([CVE]);
  }
  const firefox = (cve: RawCve) => cve.configurations[0].nodes[0].cpeMatch[0] as CpeMatch;
  const findings = async (all = false) =>
    (await listExposure(db(), SYSTEM_ACTOR, { org: 'RJ7', cve: CVE, all }))
      .map((f) => ({ version: f.component.version, status: f.status, priority: f.priority }))
      .sort((a, b) => String(a.version).localeCompare(String(b.version)));
  const recomputeChanges = async () => {
    const r = await recomputeExposure(db(), SYSTEM_ACTOR);
    return { opened: r.opened, fixed: r.fixed, reopened: r.reopened };
  };

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    await importCsv(db(), 'RJ7', inventoryCsv(WORKSTATIONS));
  });

  it('changes the priority when NVD re-scores the CVE', async () => {
    await publish();
    // Known exploited and automatable (network, no privileges, no interaction): act.
    expect(await findings()).toEqual([{ version: '52.0', status: 'open', priority: 'act' }]);
    await publish((cve) => {
      const data = cve.metrics.cvssMetricV31[0].cvssData;
      data.vectorString = 'CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H';
      data.baseScore = 7.0;
      data.baseSeverity = 'HIGH';
    });
    // Still exploited, no longer automatable, on a corporate workstation: attend.
    expect(await findings()).toEqual([{ version: '52.0', status: 'open', priority: 'attend' }]);
    expect(await recomputeChanges()).toEqual({ opened: 0, fixed: 0, reopened: 0 });
  });

  it('keeps the rules and matches of a CVE NVD only re-scores, and replaces those of one it re-configures', async () => {
    const ruleIds = async () =>
      (
        await db().db.selectFrom('match_rules').select('id').where('cve_id', '=', CVE).orderBy('id').execute()
      ).map((r) => String(r.id));
    const lastLoad = async () =>
      (
        await db()
          .db.selectFrom('audit_log')
          .select('after')
          .where('action', '=', 'intel.nvd')
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow()
      ).after as { changed: number; rematched: number };
    const before = await ruleIds();
    expect(before.length).toBeGreaterThan(0);
    await publish((cve) => {
      cve.metrics.cvssMetricV31[0].cvssData.baseScore = 6.9;
    });
    expect(await ruleIds()).toEqual(before);
    expect(await lastLoad()).toMatchObject({ changed: 1, rematched: 0 });
    // The vector is NVD's original again (network, automatable): the priority follows, unmatched.
    expect(await findings()).toEqual([{ version: '52.0', status: 'open', priority: 'act' }]);
    await publish((cve) => {
      firefox(cve).versionEndExcluding = '74.0.2';
    });
    const after = await ruleIds();
    expect(after).toHaveLength(before.length);
    expect(after.some((id) => before.includes(id))).toBe(false);
    expect(await lastLoad()).toMatchObject({ changed: 1, rematched: 1 });
    expect(await findings()).toEqual([{ version: '52.0', status: 'open', priority: 'act' }]);
  });

  it('opens findings on the versions a widened range now covers', async () => {
    await publish();
    expect((await findings()).map((f) => f.version)).toEqual(['52.0']);
    await publish((cve) => {
      firefox(cve).versionEndExcluding = '90.0';
    });
    expect(await findings()).toEqual([
      { version: '52.0', status: 'open', priority: 'act' },
      { version: '80.0', status: 'open', priority: 'act' },
    ]);
    expect(await recomputeChanges()).toEqual({ opened: 0, fixed: 0, reopened: 0 });
  });

  it('fixes the findings a replaced configuration no longer matches', async () => {
    await publish((cve) => {
      firefox(cve).versionEndExcluding = '90.0';
    });
    expect(await findings()).toHaveLength(2);
    await publish((cve) => {
      cve.configurations = [
        {
          nodes: [
            {
              operator: 'OR',
              negate: false,
              cpeMatch: [
                {
                  vulnerable: true,
                  criteria: 'cpe:2.3:a:mozilla:thunderbird:*:*:*:*:*:*:*:*',
                  versionEndExcluding: '68.7.0',
                },
              ],
            },
          ],
        },
      ];
    });
    expect(await findings()).toEqual([]);
    expect((await findings(true)).map((f) => [f.version, f.status])).toEqual([
      ['52.0', 'fixed'],
      ['80.0', 'fixed'],
    ]);
    expect((await whoIsExposed(db(), SYSTEM_ACTOR, CVE)).organisations).toEqual([]);
    expect(await recomputeChanges()).toEqual({ opened: 0, fixed: 0, reopened: 0 });
  });

  it('closes the findings of a rejected CVE, and its live alert shows the target no longer exposed', async () => {
    await publish();
    expect(await findings()).toEqual([{ version: '52.0', status: 'reopened', priority: 'act' }]);
    const clock = manualClock(new Date('2026-12-20T09:00:00Z'));
    const alert = await issueAlert(db(), alertContext(clock), {
      title: 'Firefox',
      severity: 'high',
      action: 'patch',
      cves: [CVE],
      advisory: null,
      targets: ['auto'],
    });
    expect(alert.targets.map((t) => t.code)).toEqual(['RJ7']);
    const before = await alertStatus(db(), SYSTEM_ACTOR, clock, alert.reference, { targets: true });
    expect(before.targets?.map((t) => [t.code, t.evidence.exposedNow])).toEqual([['RJ7', true]]);

    await publish((cve) => {
      cve.vulnStatus = 'Rejected';
      cve.configurations = [];
    });
    expect(await findings()).toEqual([]);
    // 52.0's finding was open until the rejection; 80.0's was fixed by the earlier replacement.
    expect((await findings(true)).map((f) => [f.version, f.status])).toEqual([
      ['52.0', 'fixed'],
      ['80.0', 'fixed'],
    ]);
    const after = await alertStatus(db(), SYSTEM_ACTOR, clock, alert.reference, { targets: true });
    // The organisation stays a target (what it was told stands); its evidence says it is exposed no more.
    expect(after.targets?.map((t) => [t.code, t.state, t.evidence.exposedNow])).toEqual([
      ['RJ7', 'awaiting_ack', false],
    ]);
    expect(after.targets?.[0]?.evidence.fixedAt).not.toBeNull();
    expect(await recomputeChanges()).toEqual({ opened: 0, fixed: 0, reopened: 0 });
  });

  it("keeps a confirmed alias's findings when NVD re-configures a CVE it cloned", async () => {
    await publish(); // no longer rejected: Firefox before 74.0.1 again
    // The same inventory (an import replaces it whole) and a kiosk whose browser is named its own way.
    await importCsv(
      db(),
      'RJ7',
      inventoryCsv([...WORKSTATIONS, { id: 'PC-KIOSK', components: ['mozilla,firefox browser,60.0'] }]),
    );
    const kiosk = await db()
      .db.selectFrom('components')
      .select('key')
      .where('version', '=', '60.0')
      .where('key', 'like', '%firefox_browser%')
      .executeTakeFirstOrThrow();
    // Not a product NVD names: no finding until an analyst confirms it is Firefox.
    expect((await findings()).map((f) => f.version)).toEqual(['52.0']);
    await db()
      .db.transaction()
      .execute((trx) =>
        upsertProposals(trx, [
          {
            advisoryKey: 'a:mozilla:firefox',
            inventoryKey: kiosk.key,
            advisoryVendor: 'Mozilla',
            advisoryProduct: 'Firefox',
            advisories: [],
            cves: [CVE],
            versions: ['60.0'],
            evidence: {},
          },
        ]),
      );
    const proposal = (await listProposals(db(), ADMIN_CLI, { limit: 10 })).find(
      (p) => p.inventoryKey === kiosk.key,
    ) as AliasView;
    await confirmAlias(db(), ADMIN_CLI, proposal.id);
    expect(await findings()).toEqual([
      { version: '52.0', status: 'reopened', priority: 'act' },
      { version: '60.0', status: 'open', priority: 'act' },
    ]);
    await publish((cve) => {
      firefox(cve).versionEndExcluding = '65.0';
    });
    // The alias's clone follows NVD's new range: 60.0 is still in it.
    expect((await findings()).map((f) => [f.version, f.status])).toEqual([
      ['52.0', 'reopened'],
      ['60.0', 'open'],
    ]);
    await publish((cve) => {
      firefox(cve).versionEndExcluding = '55.0';
    });
    expect((await findings(true)).map((f) => [f.version, f.status])).toEqual([
      ['52.0', 'reopened'],
      ['60.0', 'fixed'],
      ['80.0', 'fixed'],
    ]);
    expect(await recomputeChanges()).toEqual({ opened: 0, fixed: 0, reopened: 0 });
  });
});
