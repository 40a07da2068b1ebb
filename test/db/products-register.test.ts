/**
 * The products register on both engines: shipped defaults and a national admin's own rows, the
 * all-or-nothing import, the baseline's end-of-life evidence reading the register, findings of
 * product policy scoped like findings, and certified products' new CVEs told once.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { syncShippedProducts } from '../../src/db/repositories/outside/product.repository.js';
import { type Actor, userActor } from '../../src/domain/access/actor.js';
import { SHIPPED_PRODUCTS } from '../../src/domain/outside/shipped-products.js';
import { showAssessment } from '../../src/services/baseline/assessment.service.js';
import { computeEvidence } from '../../src/services/baseline/evidence.service.js';
import { importContacts } from '../../src/services/contacts/contact.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { loadNvd } from '../../src/services/intel/intel-load.service.js';
import { INTEL_SNAPSHOT_DIR } from '../../src/services/intel/intel-snapshot.service.js';
import { importProducts, listRegister, showProduct } from '../../src/services/outside/product.service.js';
import { listPolicyFindings } from '../../src/services/outside/product-policy.service.js';
import { BASELINE_YEAR, loadShippedBaseline } from '../factories/baseline.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { importCsv, inventoryCsv, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const HEADER =
  'key,name,vendor,category,status,use,standard,certificate_ref,certified_on,expires_on,end_of_life,source,notes';
const WHATSAPP = 'cpe:2.3:a:whatsapp:whatsapp:2.23.1:*:*:*:*:*:*:*';
const FIREFOX = 'mozilla,firefox,115.0';
const REGISTER_TABLES = ['products', 'product_statuses', 'product_cve_notices', 'audit_log'];

const csv = (...rows: string[]) => ({ name: 'register.csv', text: `${HEADER}\n${rows.join('\n')}\n` });

async function orgId(
  db: () => { db: import('kysely').Kysely<import('../../src/db/schema.js').DB> },
  code: string,
) {
  const row = await db()
    .db.selectFrom('organisations')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A real NVD record of the shipped snapshot, its last modification moved to `lastModified` when given. */
function nvdRecord(id: string, lastModified?: string) {
  const page = JSON.parse(
    gunzipSync(readFileSync(`${INTEL_SNAPSHOT_DIR}/nvd/kev-cves.json.gz`)).toString('utf8'),
  ) as {
    vulnerabilities: { cve: { id: string; lastModified: string } }[];
  };
  const found = page.vulnerabilities.find((v) => v.cve.id === id);
  if (!found) throw new Error(`${id} is not in the snapshot`);
  const cve = lastModified ? { ...found.cve, lastModified } : found.cve;
  return Buffer.from(JSON.stringify({ format: 'NVD_CVE', version: '2.0', vulnerabilities: [{ cve }] }));
}

describeEachEngine('products register', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedBaseline(db());
    // RJ7: a medical device and an office PC, both with WhatsApp; RAL: one Windows 7 PC with Firefox.
    await importCsv(
      db(),
      'RJ7',
      inventoryCsv([
        { id: 'INFUSION-1', type: 'medical_device', zone: 'clinical', components: [WHATSAPP] },
        { id: 'OFFICE-1', components: [WHATSAPP] },
      ]),
    );
    await importCsv(
      db(),
      'RAL',
      inventoryCsv([
        { id: 'PC-1', components: [FIREFOX] },
        { id: 'PC-2', components: [WIN7_SP1] },
      ]),
    );
  });

  describe('shipped defaults', () => {
    it('holds the end-of-life table and the example entries, marked shipped', async () => {
      const win7 = await showProduct(db(), ADMIN_CLI, 'o:microsoft:windows_7');
      expect(win7).toMatchObject({ shipped: true, category: 'operating-system' });
      expect(win7.statuses).toEqual([
        expect.objectContaining({ status: 'end-of-life', endOfLife: '2020-01-14' }),
      ]);
      const messaging = await listRegister(db(), ADMIN_CLI, { category: 'messaging', status: 'certified' });
      expect(messaging.map((p) => p.key)).toEqual(['a:example:secure_clinical_messenger']);
      expect(messaging[0]?.notes).toMatch(/^EXAMPLE/);
      const all = await listRegister(db(), ADMIN_CLI);
      expect(all.filter((p) => p.shipped)).toHaveLength(SHIPPED_PRODUCTS.length);
    });

    it("never overwrites a national admin's row when the shipped list is applied again", async () => {
      await importProducts(
        db(),
        ADMIN_CLI,
        csv(
          'o:microsoft:windows_vista,Windows Vista,Microsoft,operating-system,end-of-life,,,,,,2017-04-11,national decision 12,kept',
        ),
      );
      // The national body decides otherwise about a shipped example: its statuses are the file's.
      await importProducts(
        db(),
        ADMIN_CLI,
        csv('a:whatsapp:whatsapp,WhatsApp,Meta,messaging,approved,any,,,,,,,'),
      );
      const before = await snapshotTables(db(), ['products', 'product_statuses']);
      await syncShippedProducts(db().db, SHIPPED_PRODUCTS);
      expect(await snapshotTables(db(), ['products', 'product_statuses'])).toEqual(before);
      const vista = await showProduct(db(), ADMIN_CLI, 'o:microsoft:windows_vista');
      expect(vista).toMatchObject({ shipped: false, notes: 'kept' });
      expect(vista.statuses[0]?.source).toBe('national decision 12');
      const whatsapp = await showProduct(db(), ADMIN_CLI, 'a:whatsapp:whatsapp');
      expect(whatsapp.statuses.map((s) => `${s.status}/${s.use}`)).toEqual(['approved/any']);
      // Back to the shipped example for the tests below.
      await importProducts(
        db(),
        ADMIN_CLI,
        csv('a:whatsapp:whatsapp,WhatsApp (consumer),Meta,messaging,not-approved,patient-data,,,,,,,'),
      );
    });
  });

  describe('import', () => {
    it('refuses a bad file with every problem and leaves the register exactly as it was', async () => {
      const before = await snapshotTables(db(), REGISTER_TABLES);
      const bad = csv(
        'a:acme:chat,Acme Chat,Acme,messaging,approved,patient-data,,,,,,,',
        'a:acme:chat,Acme Chat,Acme,messaging,certified,patient-data,,,2025-01-01,,,,',
        'acme chat,Acme Chat,Acme,messaging,approved,,,,,,,,',
      );
      await expect(importProducts(db(), ADMIN_CLI, bad)).rejects.toMatchObject({
        problems: [
          { file: 'register.csv', line: 3, reason: 'a certified product names its standard (standard)' },
          { file: 'register.csv', line: 4, reason: expect.stringContaining('is not a match key') },
        ],
      });
      expect(await snapshotTables(db(), REGISTER_TABLES)).toEqual(before);
    });

    it('is refused below national admin, before the file is read', async () => {
      const trust = userActor('00000000-0000-0000-0000-000000000001', 'rj7admin', [
        { orgId: await orgId(db, 'RJ7'), role: 'org_admin' },
      ]);
      let read = false;
      const incoming = async () => {
        read = true;
        return csv('a:acme:chat,Acme Chat,Acme,messaging,approved,,,,,,,,');
      };
      await expect(importProducts(db(), trust, incoming)).rejects.toMatchObject({ code: 'forbidden' });
      expect(read).toBe(false);
    });

    it("gives each product named exactly the file's statuses", async () => {
      const result = await importProducts(
        db(),
        ADMIN_CLI,
        csv(
          'a:telegram:telegram,Telegram,Telegram,messaging,approved,any,,,,,,,',
          'pkg:npm/%40acme/widget@2.0.0,Widget,Acme,other,not-approved,clinical,,,,,,,',
        ),
      );
      expect(result).toMatchObject({ products: 2, statuses: 2, added: 1, evidenceRecomputed: false });
      const telegram = await showProduct(db(), ADMIN_CLI, 'a:telegram:telegram');
      expect(telegram.statuses.map((s) => `${s.status}/${s.use}`)).toEqual(['approved/any']);
      expect(telegram.shipped).toBe(false);
      expect((await showProduct(db(), ADMIN_CLI, 'pkg:npm/%40acme/widget')).name).toBe('Widget');
    });
  });

  it("the baseline's end-of-life evidence reads the register: an imported entry changes the figure", async () => {
    const unsupported = async () => {
      const view = await showAssessment(db(), ADMIN_CLI, 'RAL', BASELINE_YEAR);
      return view.outcomes
        .find((o) => o.id === 'B4.b')
        ?.evidence.find((e) => e.rule === 'unsupported_products');
    };
    const now = new Date();
    await computeEvidence(db().db, { all: true }, now);
    expect(await unsupported()).toMatchObject({
      figure: 50,
      details: { devices: 2, onUnsupportedProducts: 1 },
    });
    const result = await importProducts(
      db(),
      ADMIN_CLI,
      csv(
        'a:mozilla:firefox,Firefox 115 ESR,Mozilla,browser,end-of-life,,,,,,2024-01-01,https://www.mozilla.org,',
      ),
      now,
    );
    expect(result.evidenceRecomputed).toBe(true);
    expect(await unsupported()).toMatchObject({
      figure: 100,
      details: {
        onUnsupportedProducts: 2,
        byProduct: [
          expect.objectContaining({
            key: 'a:mozilla:firefox',
            product: 'Firefox 115 ESR',
            endOfSupport: '2024-01-01',
            devices: 1,
          }),
          expect.objectContaining({ key: 'o:microsoft:windows_7', devices: 1 }),
        ],
      },
    });
    // The day of the end of support still counts as supported.
    await computeEvidence(db().db, { all: true }, new Date('2024-01-01T12:00:00Z'));
    expect(await unsupported()).toMatchObject({ details: { onUnsupportedProducts: 1 } });
    await computeEvidence(db().db, { all: true }, now);
  });

  describe('findings of product policy', () => {
    let rj7Viewer: Actor;
    let ralViewer: Actor;
    beforeAll(async () => {
      rj7Viewer = userActor('00000000-0000-0000-0000-000000000002', 'rj7', [
        { orgId: await orgId(db, 'RJ7'), role: 'viewer' },
      ]);
      ralViewer = userActor('00000000-0000-0000-0000-000000000003', 'ral', [
        { orgId: await orgId(db, 'RAL'), role: 'viewer' },
      ]);
    });

    it('a product not approved for patient data on a clinical device is a high finding of its trust', async () => {
      const findings = await listPolicyFindings(db(), rj7Viewer, { org: 'RJ7' });
      expect(findings).toEqual([
        expect.objectContaining({
          org: 'RJ7',
          product: { key: 'a:whatsapp:whatsapp', name: 'WhatsApp (consumer)', category: 'messaging' },
          status: 'not-approved',
          use: 'patient-data',
          // The office PC is not a clinical device: only the infusion pump counts.
          devices: 1,
          clinicalDevices: 1,
          priority: 'high',
        }),
      ]);
      expect(findings[0]?.reasons[0]).toContain('not approved for patient data');
    });

    it('is not visible to another trust', async () => {
      await expect(listPolicyFindings(db(), ralViewer, { org: 'RJ7' })).rejects.toMatchObject({
        code: 'not_found',
      });
      const own = await listPolicyFindings(db(), ralViewer, {});
      expect(own.map((f) => `${f.org} ${f.product.key} ${f.priority}`)).toEqual([
        'RAL a:mozilla:firefox medium',
        'RAL o:microsoft:windows_7 medium',
      ]);
    });

    it('a product approved again is no longer a finding', async () => {
      await importProducts(
        db(),
        ADMIN_CLI,
        csv('a:whatsapp:whatsapp,WhatsApp,Meta,messaging,approved,patient-data,,,,,,,'),
      );
      expect(await listPolicyFindings(db(), rj7Viewer, { org: 'RJ7' })).toEqual([]);
    });
  });

  describe("certified products' new vulnerabilities", () => {
    const outbox = async () =>
      (
        await sql<{ recipient: string; subject: string; body: string }>`
          SELECT recipient, subject, body FROM outbox WHERE kind = 'product-cve' ORDER BY subject, recipient`.execute(
          db().db,
        )
      ).rows;

    beforeAll(async () => {
      await importContacts(
        db(),
        ADMIN_CLI,
        'contacts.csv',
        'org_code,name,email,role,channel,digest\nX26,Register owner,register@nhs.example,products,email,false\nRJ7,Duty,duty@rj7.nhs.example,security,email,false\n',
      );
      await importProducts(
        db(),
        ADMIN_CLI,
        csv(
          'o:fortinet:fortios,FortiOS,Fortinet,remote-access,certified,any,EXAMPLE-STD,C-9,2024-01-01,2099-01-01,,,',
        ),
      );
    });

    it("tells the register's owners once per CVE and product", async () => {
      await loadNvd(db(), nvdRecord('CVE-2018-13379'), { name: 'nvd.json' });
      expect(await outbox()).toEqual([
        expect.objectContaining({
          recipient: 'register@nhs.example',
          subject: 'New vulnerability in certified product FortiOS: CVE-2018-13379',
          body: expect.stringContaining(
            'certified for use (EXAMPLE-STD, certificate C-9, valid until 2099-01-01)',
          ),
        }),
      ]);
      // The same CVE changed again at NVD: no second message.
      await loadNvd(db(), nvdRecord('CVE-2018-13379', '2099-01-01T00:00:00.000'), { name: 'nvd2.json' });
      expect(await outbox()).toHaveLength(1);
      await loadNvd(db(), nvdRecord('CVE-2019-5591'), { name: 'nvd3.json' });
      expect((await outbox()).map((m) => m.subject)).toEqual([
        'New vulnerability in certified product FortiOS: CVE-2018-13379',
        'New vulnerability in certified product FortiOS: CVE-2019-5591',
      ]);
    });
  });
});
