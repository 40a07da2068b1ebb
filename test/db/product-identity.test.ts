/**
 * Product identity resolution on CISA's real ICSMA advisories: a CMMS export that names devices
 * its own way ("Smiths Medical", "Medfusion 4000", "1.6") gets proposals for exactly the
 * advisories about those devices, shown as possible and never counted; a national decision turns
 * them into findings (incremental path and full recompute agreeing), for later imports and later
 * advisories too; rejecting removes them.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliActor, type Grant, SYSTEM_ACTOR, userActor } from '../../src/domain/access/actor.js';
import type { Role } from '../../src/domain/access/role.js';
import {
  CSAF_DATA_AVAILABLE,
  csafSuite,
  realAdvisories,
  realAdvisory,
} from '../../src/feeds/csaf/csaf-fixture.test-helper.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { recomputeProposals } from '../../src/services/identity/alias-proposal.service.js';
import {
  type AliasView,
  confirmAlias,
  listProposals,
  rejectAlias,
} from '../../src/services/identity/product-identity.service.js';
import { storeAdvisory } from '../../src/services/intel/csaf-load.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { importCsv } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/inventory/${name}`, import.meta.url), 'utf8');
const ANALYST = cliActor('analyst');
/** Loaded later, to see what an advisory load does on its own. */
const NATUS = 'icsma-18-165-01.json';
const MYCARELINK_LATER = 'icsma-18-219-01.json';
/** Names CVE-2016-8375 for the Alaris 8000, as ICSMA-17-017-02 does for the Alaris 8015. */
const ALARIS_8000 = 'icsma-17-017-01.json';
const HELD_BACK = [NATUS, MYCARELINK_LATER, ALARIS_8000];
const MEDFUSION = 'a:smiths_medical:medfusion_4000';
const MYCARELINK = 'a:medtronic:mycarelink_monitor_24950';

/** Every CMMS product an advisory names at an installed version, and the advisories (worked out by hand from the files). */
const EXPECTED = {
  'a:bd:alaris_8015': ['ICSMA-17-017-02', 'ICSMA-20-317-01', 'ICSMA-23-194-01'],
  'a:ge_healthcare:carescape_telemetry_server': ['ICSMA-20-023-01'],
  [MYCARELINK]: ['ICSMA-18-179-01'],
  'a:philips_healthcare:intellivue_information_center_ix': ['ICSMA-18-233-01'],
  [MEDFUSION]: ['ICSMA-17-250-02A'],
};

function byInventory(proposals: readonly AliasView[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of proposals) out[p.inventoryKey] = [...(out[p.inventoryKey] ?? []), ...p.advisories].sort();
  return out;
}

/** The advisory's (installed version, CVE) pairs: each known-affected product's version, per CVE. */
function affectedPairs(file: string, versions: readonly string[]): string[] {
  const advisory = realAdvisory(file);
  const versionOf = new Map(advisory.products.map((p) => [p.productId, p.version]));
  return advisory.vulnerabilities
    .flatMap((v) => v.productStatus.known_affected.map((id) => `${versionOf.get(id)} ${v.cve}`))
    .filter((pair) => versions.includes(pair.split(' ')[0] as string))
    .sort();
}

describe.skipIf(!CSAF_DATA_AVAILABLE)(csafSuite('product identity on real ICSMA advisories'), () => {
  describeEachEngine('product identity', (db) => {
    const orgIds = new Map<string, string>();
    const as = (code: string, role: Role) =>
      userActor(`u-${code}`, `${code}-${role}`, [
        { orgId: orgIds.get(code) as string, role } satisfies Grant,
      ]);
    const findingsOf = async (key: string) =>
      (
        await sql<{ line: string }>`
          SELECT o.code || ' ' || c.version || ' ' || f.cve_id || ' ' || f.asset_count || ' ' || f.status AS line
          FROM findings f JOIN components c ON c.id = f.component_id JOIN organisations o ON o.id = f.org_id
          WHERE c.key = ${key} ORDER BY 1`.execute(db().db)
      ).rows.map((r) => r.line);
    const allFindings = () => snapshotTables(db(), ['findings']);
    const proposalFor = async (key: string) =>
      (await listProposals(db(), ANALYST, { limit: 100 })).find((p) => p.inventoryKey === key) as AliasView;

    beforeAll(async () => {
      await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
      for (const code of ['RJ7', 'RAL', 'A84001', 'H85001']) {
        const row = await db()
          .db.selectFrom('organisations')
          .select('id')
          .where('code', '=', code)
          .executeTakeFirstOrThrow();
        orgIds.set(code, row.id);
      }
      for (const a of realAdvisories()) {
        if (HELD_BACK.some((name) => a.file.endsWith(`/${name}`))) continue;
        await storeAdvisory(db(), a.advisory);
      }
      await importCsv(db(), 'RJ7', fixture('cmms-medical-devices-rj7.csv'), 'cmms', 'cmms-rj7.csv');
      await importCsv(db(), 'RAL', fixture('cmms-medical-devices-ral.csv'), 'cmms', 'cmms-ral.csv');
    }, 300_000);

    it('proposes the CMMS products the advisories name, with the evidence, and nothing else', async () => {
      const proposals = await listProposals(db(), ANALYST, { limit: 100 });
      expect(byInventory(proposals)).toEqual(EXPECTED);
      expect(proposals.every((p) => p.status === 'proposed')).toBe(true);
      const medfusion = await proposalFor(MEDFUSION);
      expect(medfusion).toMatchObject({
        advisoryKey: 'a:smiths_medical:medfusion_4000_wireless_syringe_infusion_pump',
        advisory: { vendor: 'Smiths Medical', product: 'Medfusion 4000 Wireless Syringe Infusion Pump' },
        inventory: { vendor: 'smiths medical', product: 'medfusion 4000' },
        versions: ['1.5', '1.6'],
        devices: 3,
        organisations: 1,
      });
      expect(medfusion.evidence).toEqual({
        vendor: { inventory: 'smiths medical', advisory: 'Smiths Medical', sharedName: 'smiths' },
        tokens: ['medfusion', '4000'],
        advisoryProduct: 'Medfusion 4000 Wireless Syringe Infusion Pump',
        versions: [
          { version: '1.5', verdict: 'match', advisories: ['ICSMA-17-250-02A'] },
          { version: '1.6', verdict: 'match', advisories: ['ICSMA-17-250-02A'] },
        ],
      });
      expect(medfusion.cves).toEqual(
        [
          ...new Set(affectedPairs('icsma-17-250-02a.json', ['1.5', '1.6']).map((p) => p.split(' ')[1])),
        ].sort(),
      );
      // GE Healthcare is the advisory's "General Electric (GE)".
      expect(
        (await proposalFor('a:ge_healthcare:carescape_telemetry_server')).evidence.vendor.sharedName,
      ).toBe('ge');
    });

    it('proposes when an advisory is loaded, for its own products', async () => {
      const before = await listProposals(db(), ANALYST, { limit: 100 });
      await storeAdvisory(db(), realAdvisory(NATUS));
      const after = await listProposals(db(), ANALYST, { limit: 100 });
      expect(byInventory(after)).toEqual({
        ...EXPECTED,
        'a:natus_medical_incorporated:xltek_neuroworks': ['ICSMA-18-165-01'],
      });
      expect(after.filter((p) => !p.inventoryKey.includes('natus'))).toEqual(before);
    });

    it('recomputes to the same proposals', async () => {
      const before = await snapshotTables(db(), ['product_aliases']);
      expect(await recomputeProposals(db(), ANALYST)).toEqual({ proposals: 8, added: 0 });
      expect(await snapshotTables(db(), ['product_aliases'])).toEqual(before);
    });

    it('shows a proposal as possible to the organisations whose devices it touches, never as a finding', async () => {
      for (const key of Object.keys(EXPECTED)) expect(await findingsOf(key)).toEqual([]);
      const ral = await listProposals(db(), as('RAL', 'responder'), { limit: 100 });
      // RAL's Medfusion runs 1.0, which the advisory does not name; its MyCareLink monitor is named.
      expect(ral.map((p) => [p.inventoryKey, p.devices, p.organisations])).toEqual([[MYCARELINK, 1, 1]]);
      const rj7 = await listProposals(db(), as('RJ7', 'viewer'), { limit: 100 });
      expect([...new Set(rj7.map((p) => p.inventoryKey))].sort()).toEqual(
        [...Object.keys(EXPECTED), 'a:natus_medical_incorporated:xltek_neuroworks'].sort(),
      );
      expect(rj7.find((p) => p.inventoryKey === MYCARELINK)).toMatchObject({ devices: 1, organisations: 1 });
      expect(await listProposals(db(), as('A84001', 'viewer'), { limit: 100 })).toEqual([]);
      expect((await proposalFor(MYCARELINK)).organisations).toBe(2);
    });

    it('turns a confirmed alias into findings for the named versions, as a full recompute does', async () => {
      const alias = await proposalFor(MEDFUSION);
      await expect(confirmAlias(db(), as('RJ7', 'responder'), alias.id)).rejects.toThrow(/may not/);
      const result = await confirmAlias(db(), ANALYST, alias.id, 'same pump, checked with Smiths Medical');
      expect(result.alias).toMatchObject({
        status: 'confirmed',
        devices: 3,
        reason: 'same pump, checked with Smiths Medical',
      });
      const expected = affectedPairs('icsma-17-250-02a.json', ['1.5', '1.6']).map((pair) => {
        const [version, cve] = pair.split(' ');
        return `RJ7 ${version} ${cve} ${version === '1.6' ? 2 : 1} open`;
      });
      expect(expected.length).toBeGreaterThan(0);
      expect(await findingsOf(MEDFUSION)).toEqual(expected.sort());
      expect(result.findingsOpened).toBe(expected.length);
      const incremental = await allFindings();
      await recomputeExposure(db(), SYSTEM_ACTOR);
      expect(await allFindings()).toEqual(incremental);
      await expect(confirmAlias(db(), ANALYST, alias.id)).rejects.toThrow(/already confirmed/);
      const audited = await db()
        .db.selectFrom('audit_log')
        .select(['actor', 'target'])
        .where('action', '=', 'identity.confirm')
        .execute();
      expect(audited).toEqual([{ actor: 'cli:analyst', target: `alias ${alias.id}` }]);
    });

    it('applies a confirmed alias to later imports', async () => {
      await importCsv(
        db(),
        'H85001',
        fixture('cmms-medical-devices-rj7.csv').split('\n').slice(0, 2).join('\n').replace(/RJ7/g, 'H85'),
        'cmms',
      );
      expect((await findingsOf(MEDFUSION)).filter((f) => f.startsWith('H85001'))).toEqual(
        affectedPairs('icsma-17-250-02a.json', ['1.6']).map((p) => `H85001 ${p} 1 open`),
      );
    });

    it('gives a later advisory naming a confirmed product its findings at load time', async () => {
      await confirmAlias(db(), ANALYST, (await proposalFor(MYCARELINK)).id);
      const first = await findingsOf(MYCARELINK);
      expect(first.length).toBeGreaterThan(0);
      await storeAdvisory(db(), realAdvisory(MYCARELINK_LATER));
      const later = realAdvisory(MYCARELINK_LATER).vulnerabilities.map((v) => v.cve as string);
      const now = await findingsOf(MYCARELINK);
      for (const org of ['RAL', 'RJ7']) {
        for (const cve of later) expect(now).toContain(`${org} 1.0 ${cve} 1 open`);
      }
      expect((await proposalFor(MYCARELINK)).advisories).toEqual(['ICSMA-18-179-01', 'ICSMA-18-219-01']);
      // A revision of the advisory replaces its rules and their clones, once.
      const clones = () =>
        sql<{ n: number }>`SELECT count(*)::int AS n FROM match_rules WHERE alias_id IS NOT NULL`
          .execute(db().db)
          .then((r) => r.rows[0]?.n);
      const before = await clones();
      const revised = structuredClone(realAdvisory(MYCARELINK_LATER));
      revised.document.tracking.version = `${revised.document.tracking.version}.1`;
      expect((await storeAdvisory(db(), revised)).changed).toBe(true);
      expect(await clones()).toBe(before);
      expect(await findingsOf(MYCARELINK)).toEqual(now);
      const incremental = await allFindings();
      await recomputeExposure(db(), SYSTEM_ACTOR);
      expect(await allFindings()).toEqual(incremental);
    });

    it("keeps an alias's findings when a later advisory names one of its CVEs for another product", async () => {
      const alaris = (await listProposals(db(), ANALYST, { limit: 100 })).find(
        (p) => p.inventoryKey === 'a:bd:alaris_8015' && p.advisories.includes('ICSMA-17-017-02'),
      ) as AliasView;
      await confirmAlias(db(), ANALYST, alaris.id);
      const confirmed = await findingsOf('a:bd:alaris_8015');
      expect(confirmed).toContain('RJ7 9.7 CVE-2016-8375 1 open');
      await storeAdvisory(db(), realAdvisory(ALARIS_8000));
      expect(await findingsOf('a:bd:alaris_8015')).toEqual(confirmed);
      const incremental = await allFindings();
      await recomputeExposure(db(), SYSTEM_ACTOR);
      expect(await allFindings()).toEqual(incremental);
    });

    it('removes the rules and findings of a confirmed alias when it is rejected', async () => {
      const alias = await proposalFor(MEDFUSION);
      await expect(rejectAlias(db(), ANALYST, alias.id, '  ')).rejects.toThrow(/reason is required/);
      const result = await rejectAlias(db(), ANALYST, alias.id, 'a different pump line at these trusts');
      expect(result.alias).toMatchObject({
        status: 'rejected',
        reason: 'a different pump line at these trusts',
      });
      expect(result.findingsRemoved).toBeGreaterThan(0);
      expect(await findingsOf(MEDFUSION)).toEqual([]);
      const left = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM match_rules WHERE alias_id = ${alias.id}`.execute(db().db);
      expect(left.rows[0]?.n).toBe(0);
      expect((await findingsOf(MYCARELINK)).length).toBeGreaterThan(0);
      const incremental = await allFindings();
      await recomputeExposure(db(), SYSTEM_ACTOR);
      expect(await allFindings()).toEqual(incremental);
      // Decided once: a later recompute keeps the decision.
      await recomputeProposals(db(), ANALYST);
      expect((await proposalFor(MEDFUSION)).status).toBe('rejected');
    });
  });
});
