import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { type Actor, userActor } from '../../src/domain/access/actor.js';
import { manualClock } from '../../src/domain/alerts/clock.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../../src/errors.js';
import {
  alertStatus,
  dismissAlertDraft,
  issueAlert,
  issueAlertDraft,
  listAlertDrafts,
  withdrawAlert,
} from '../../src/services/alerts/index.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { loadKev } from '../../src/services/intel/intel-load.service.js';
import { INTEL_SNAPSHOT_DIR } from '../../src/services/intel/intel-snapshot.service.js';
import { remoteWorkingView } from '../../src/services/outside/remote-working.service.js';
import { alertContext } from '../factories/contact.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { importCsv, inventoryCsv } from '../factories/inventory.factory.js';
import { loadSampleRecords } from '../factories/nvd-records.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const FORTIOS = (v: string) => `cpe:2.3:o:fortinet:fortios:${v}:*:*:*:*:*:*:*`;
/** Real FortiOS KEV CVEs: the first named "FortiOS" by CISA, the second "Multiple Products" (found by NVD's keys). */
const OOB_WRITE = 'CVE-2024-21762';
const FORMAT_STRING = 'CVE-2024-23113';
/** The FortiOS SSL-VPN path traversal: versions up to 6.0.4, which no organisation runs until the last test. */
const PATH_TRAVERSAL = 'CVE-2018-13379';
/** Log4Shell: NVD's rules name Cisco Firepower Threat Defense among many products; KEV names Apache Log4j2. */
const LOG4SHELL = 'CVE-2021-44228';

/** A KEV catalogue of the snapshot's real entries for the CVEs given, each optionally changed. */
function kevCatalogue(cves: string[], change: (e: Record<string, unknown>) => void = () => {}): Buffer {
  const all = JSON.parse(
    gunzipSync(
      readFileSync(join(INTEL_SNAPSHOT_DIR, 'kev', 'known_exploited_vulnerabilities.json.gz')),
    ).toString(),
  ) as { vulnerabilities: Record<string, unknown>[] } & Record<string, unknown>;
  const vulnerabilities = all.vulnerabilities.filter((v) => cves.includes(v.cveID as string));
  for (const v of vulnerabilities) change(v);
  return Buffer.from(JSON.stringify({ ...all, count: vulnerabilities.length, vulnerabilities }));
}

describeEachEngine('remote-working watch and KEV-drafted alerts', (db) => {
  const clock = manualClock(new Date('2026-05-12T09:00:00Z'));
  const analyst = alertContext(clock);
  const ids = new Map<string, string>();
  let firstLoad: { alertDrafts?: number } = {};

  function actorOn(code: string, role: string): Actor {
    return userActor(`u-${code}`, `${code.toLowerCase()}_${role}`, [
      { orgId: ids.get(code) as string, role } as never,
    ]);
  }

  async function observe(
    code: string,
    row: {
      address: string;
      port: number;
      kind: string;
      vendor?: string;
      product?: string;
      cpe?: string;
      closed?: boolean;
    },
  ) {
    await db()
      .db.insertInto('external_services')
      .values({
        org_id: ids.get(code) as string,
        source: 'shadowserver',
        address: row.address,
        port: row.port,
        protocol: 'tcp',
        kind: row.kind,
        severity: 'high',
        vendor: row.vendor ?? null,
        product: row.product ?? null,
        cpe: row.cpe ?? null,
        first_seen: '2026-05-01T00:00:00Z',
        last_seen: '2026-05-11T00:00:00Z',
        closed_at: row.closed ? new Date('2026-05-11T00:00:00Z') : null,
      })
      .execute();
  }

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    for (const o of await db().db.selectFrom('organisations').select(['code', 'id']).execute())
      ids.set(o.code, o.id);
    await loadSampleRecords(db(), [OOB_WRITE, FORMAT_STRING, PATH_TRAVERSAL, LOG4SHELL]);
    await importCsv(
      db(),
      'RJ7',
      inventoryCsv([
        { id: 'FW-EDGE', type: 'network', internetFacing: true, components: [FORTIOS('7.2.5')] },
        { id: 'FW-CORE', type: 'network', components: [FORTIOS('7.2.5')] },
        { id: 'PC-1', components: ['TeamViewer,TeamViewer,15.40.8'] },
      ]),
    );
    await importCsv(
      db(),
      'H85001',
      inventoryCsv([{ id: 'FW-1', type: 'network', components: [FORTIOS('7.0.10')] }]),
    );
    // Patched: runs FortiOS, exposed to neither flaw.
    await importCsv(
      db(),
      'RAL',
      inventoryCsv([{ id: 'FW-1', type: 'network', internetFacing: true, components: [FORTIOS('7.4.5')] }]),
    );
    // Exposed to Log4Shell through log4j, not through a catalogue product: no draft for it.
    await importCsv(
      db(),
      'A84001',
      inventoryCsv([
        {
          id: 'PC-1',
          components: [
            'cpe:2.3:a:zoom:meetings:5.17.0:*:*:*:*:*:*:*',
            'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
          ],
        },
      ]),
    );
    // FortiProxy shares FortiOS's flaws but is not a remote-working product here: no draft targets it.
    await importCsv(
      db(),
      'F83001',
      inventoryCsv([
        { id: 'PROXY-1', type: 'network', components: ['cpe:2.3:a:fortinet:fortiproxy:7.2.5:*:*:*:*:*:*:*'] },
      ]),
    );
    await observe('F83001', {
      address: '203.0.113.5',
      port: 443,
      kind: 'service',
      vendor: 'Fortinet',
      product: 'FortiGate SSL VPN',
    });
    await observe('F83001', {
      address: '203.0.113.5',
      port: 10443,
      kind: 'service',
      cpe: 'cpe:2.3:o:fortinet:fortios:7.4.5:*:*:*:*:*:*:*',
    });
    await observe('H85002', { address: '198.51.100.7', port: 3389, kind: 'rdp' });
    await observe('A84001', {
      address: '192.0.2.9',
      port: 443,
      kind: 'service',
      vendor: 'Ivanti',
      product: 'Connect Secure',
      closed: true,
    });
    firstLoad = await loadKev(db(), kevCatalogue([OOB_WRITE, FORMAT_STRING, PATH_TRAVERSAL, LOG4SHELL]), {
      name: 'kev.json',
    });
  });

  it('drafts one alert per KEV entry for FortiOS, targeting exactly the organisations exposed to it', async () => {
    expect(firstLoad.alertDrafts).toBe(2);
    // A84001 is exposed to Log4Shell (through log4j), yet no draft names it.
    const log4shell = await db()
      .db.selectFrom('findings')
      .select('org_id')
      .where('cve_id', '=', LOG4SHELL)
      .where('status', '=', 'open')
      .execute();
    expect(log4shell.map((f) => f.org_id)).toEqual([ids.get('A84001')]);
    const drafts = await listAlertDrafts(db(), analyst);
    expect(drafts.map((d) => [d.triggerKey, d.targets, d.severity, d.state]).sort()).toEqual([
      // RJ7's edge firewall faces the internet; CISA knows ransomware uses CVE-2024-21762.
      [OOB_WRITE, ['org:H85001', 'org:RJ7'], 'critical', 'pending'],
      [FORMAT_STRING, ['org:H85001', 'org:RJ7'], 'critical', 'pending'],
    ]);
    const oob = drafts.find((d) => d.triggerKey === OOB_WRITE);
    expect(oob?.products).toEqual([{ id: 'fortinet-fortios', name: 'Fortinet FortiOS SSL-VPN (FortiGate)' }]);
    expect(oob?.cves).toEqual([OOB_WRITE]);
    expect(oob?.why).toContain(
      '2 organisations have open findings for it on 3 devices, 1 of them internet-facing',
    );
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['action', 'target'])
      .where('action', '=', 'alert.draft')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('drafts nothing new when the same KEV entries are loaded again, or come back changed', async () => {
    expect(
      (await loadKev(db(), kevCatalogue([OOB_WRITE, FORMAT_STRING]), { name: 'kev.json' })).alertDrafts,
    ).toBe(0);
    const changed = await loadKev(
      db(),
      kevCatalogue([OOB_WRITE], (e) => {
        e.notes = `${e.notes} ; updated`;
      }),
      { name: 'kev-later.json' },
    );
    expect(changed.changed).toBe(1);
    expect(changed.alertDrafts).toBe(0);
    expect(await db().db.selectFrom('alert_drafts').select('id').execute()).toHaveLength(2);
  });

  it('shows the national view from inventories and external observations', async () => {
    const view = await remoteWorkingView(db(), ADMIN_CLI);
    expect(view.org.code).toBe('X26');
    const fortios = view.products.find((p) => p.id === 'fortinet-fortios');
    expect(fortios).toMatchObject({
      organisations: 4, // RJ7, H85001, RAL from inventories; F83001 seen from outside
      devices: 4,
      internetFacing: 2,
      seenFromOutside: 1,
      topOrganisations: ['RJ7', 'H85001', 'RAL', 'F83001'],
    });
    expect(fortios?.kev.map((k) => [k.cve, k.dueDate, k.organisations, k.devices])).toEqual([
      [OOB_WRITE, '2024-02-16', 2, 3],
      [FORMAT_STRING, '2024-10-30', 2, 3],
    ]);
    expect(view.products.find((p) => p.id === 'teamviewer')).toMatchObject({
      organisations: 1,
      devices: 1,
      kev: [],
    });
    expect(view.products.find((p) => p.id === 'zoom')).toMatchObject({ organisations: 1, devices: 1 });
    expect(view.products.find((p) => p.id === 'microsoft-rds')).toMatchObject({
      organisations: 1,
      devices: 0,
      seenFromOutside: 1,
    });
    // A closed observation is not counted.
    expect(view.products.find((p) => p.id === 'ivanti-connect-secure')).toMatchObject({
      organisations: 0,
      seenFromOutside: 0,
    });
    expect(view.products[0]?.id).toBe('fortinet-fortios');
    // RJ7, H85001, RAL, F83001 (FortiOS), A84001 (Zoom), H85002 (RDP seen from outside).
    expect(view.totals).toMatchObject({ organisations: 6, kevFlaws: 2, seenFromOutside: 2 });
  });

  it("shows an ICB only its subtree, and an organisation's view within the caller's scope", async () => {
    const qwe = actorOn('QWE', 'org_admin');
    const view = await remoteWorkingView(db(), qwe);
    expect(view.org.code).toBe('QWE');
    expect(view.products.find((p) => p.id === 'fortinet-fortios')).toMatchObject({
      organisations: 2,
      devices: 3,
      internetFacing: 1,
      seenFromOutside: 0,
      topOrganisations: ['RJ7', 'H85001'],
    });
    expect(view.products.find((p) => p.id === 'microsoft-rds')?.organisations).toBe(1);
    expect(view.products.find((p) => p.id === 'zoom')?.organisations).toBe(0);
    const rj7 = await remoteWorkingView(db(), qwe, 'rj7');
    expect(rj7.products.find((p) => p.id === 'fortinet-fortios')?.kev.map((k) => k.organisations)).toEqual([
      1, 1,
    ]);
    await expect(remoteWorkingView(db(), qwe, 'RAL')).rejects.toThrow('no organisation RAL');
  });

  it('issues a draft through the issue path in one step and marks it issued; only national roles review drafts', async () => {
    const [draft] = (await listAlertDrafts(db(), analyst)).filter((d) => d.triggerKey === OOB_WRITE);
    const qweCtx = { ...analyst, actor: actorOn('QWE', 'org_admin') };
    await expect(listAlertDrafts(db(), qweCtx)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(issueAlertDraft(db(), qweCtx, draft?.id as string)).rejects.toBeInstanceOf(ForbiddenError);

    const issued = await issueAlertDraft(db(), analyst, draft?.id as string);
    expect(issued.alert.targets.map((t) => t.code).sort()).toEqual(['H85001', 'RJ7']);
    expect(issued.alert.cves).toEqual([OOB_WRITE]);
    expect(issued.draft).toMatchObject({
      state: 'issued',
      issued: { reference: issued.alert.reference, by: 'test:analyst' },
    });
    const status = await alertStatus(db(), analyst.actor, clock, issued.alert.reference, { targets: true });
    expect(status.alert.severity).toBe('critical');
    await expect(issueAlertDraft(db(), analyst, draft?.id as string)).rejects.toBeInstanceOf(ConflictError);
    expect((await listAlertDrafts(db(), analyst)).map((d) => d.triggerKey)).toEqual([FORMAT_STRING]);
  });

  it('dismisses a draft with a reason, and refuses one without', async () => {
    const [draft] = await listAlertDrafts(db(), analyst);
    await expect(dismissAlertDraft(db(), analyst, draft?.id as string, '  ')).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    const dismissed = await dismissAlertDraft(
      db(),
      analyst,
      draft?.id as string,
      'covered by the vendor advisory sent last week',
    );
    expect(dismissed).toMatchObject({
      state: 'dismissed',
      dismissed: { reason: 'covered by the vendor advisory sent last week' },
    });
    expect(await listAlertDrafts(db(), analyst)).toEqual([]);
    expect((await listAlertDrafts(db(), analyst, 'all')).map((d) => d.state).sort()).toEqual([
      'dismissed',
      'issued',
    ]);
    await expect(dismissAlertDraft(db(), analyst, 'x1', 'no')).rejects.toBeInstanceOf(InvalidInputError);
    const actions = (
      await db().db.selectFrom('audit_log').select('action').where('action', 'like', 'alert.%').execute()
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['alert.draft', 'alert.draft.issue', 'alert.issue', 'alert.draft.dismiss']),
    );
  });

  it('drafts nothing for a CVE a live alert already names, and drafts it once that alert is withdrawn', async () => {
    // Nobody ran an affected version when the entry first landed (no draft then); now a pharmacy does.
    await importCsv(
      db(),
      'FA123',
      inventoryCsv([{ id: 'FW-1', type: 'network', components: [FORTIOS('6.0.4')] }]),
    );
    const issued = await issueAlert(db(), analyst, {
      title: 'FortiOS SSL-VPN path traversal',
      severity: 'high',
      action: 'update FortiOS',
      cves: [PATH_TRAVERSAL],
      advisory: null,
      targets: ['auto'],
    });
    let release = 0;
    const again = () =>
      loadKev(
        db(),
        kevCatalogue([PATH_TRAVERSAL], (e) => {
          e.notes = `${e.notes} ; release ${++release}`;
        }),
        { name: `kev-${release}.json` },
      );
    expect((await again()).alertDrafts).toBe(0);
    await withdrawAlert(db(), analyst, issued.reference, 'drill');
    expect((await again()).alertDrafts).toBe(1);
    const [draft] = await listAlertDrafts(db(), analyst);
    // Inside the network only, but CISA knows ransomware campaigns use it: critical.
    expect(draft).toMatchObject({ triggerKey: PATH_TRAVERSAL, targets: ['org:FA123'], severity: 'critical' });
  });
});
