import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { cliActor } from '../../src/domain/access/actor.js';
import { realAdvisories } from '../../src/domain/rules/csaf-fixture.test-helper.js';
import { storeAdvisory } from '../../src/services/csaf-load.service.js';
import { importOrganisations } from '../../src/services/organisation.service.js';
import { listProposals } from '../../src/services/product-identity.service.js';
import { importCsv } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/inventory/${name}`, import.meta.url), 'utf8');
const ANALYST = cliActor('analyst');

describeEachEngine('explore', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), 'orgs.csv', orgCsv());
    const t = Date.now();
    for (const a of realAdvisories()) await storeAdvisory(db(), a.advisory);
    console.log('advisories', Date.now() - t);
  }, 300_000);
  it('explores', async () => {
    const t = Date.now();
    await importCsv(db(), 'RJ7', fixture('cmms-medical-devices-rj7.csv'));
    await importCsv(db(), 'RAL', fixture('cmms-medical-devices-ral.csv'));
    console.log('imports', Date.now() - t);
    const all = await listProposals(db(), ANALYST, { limit: 500 });
    for (const p of all) console.log(p.id, p.inventoryKey, '->', p.advisoryKey, p.advisories, p.versions, p.evidence.tokens, p.devices, p.organisations);
  }, 300_000);
});
