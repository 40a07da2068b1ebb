import { expect, it } from 'vitest';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { declareDemoSharedServices } from '../../src/services/sim/demo-shared-services.service.js';
import { showNetwork } from '../../src/services/sim/network.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

describeEachEngine('the demo’s shared services', (db) => {
  it("has each ICB's practices use one of its trusts' PAS, declared once through the trusts' network files", async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    // QWE: trust RJ7, practices H85001 and H85002; QMJ: trust RAL, practice F83001; QHM has no trust.
    expect(await declareDemoSharedServices(db())).toEqual({ trusts: 2, practices: 3 });
    expect((await showNetwork(db(), ADMIN_CLI, 'RJ7')).services).toEqual([
      { service: 'PAS', provider: 'RJ7', consumers: ['H85001', 'H85002'] },
    ]);
    expect((await showNetwork(db(), ADMIN_CLI, 'RAL')).services).toEqual([
      { service: 'PAS', provider: 'RAL', consumers: ['F83001'] },
    ]);
    expect(await declareDemoSharedServices(db())).toBeNull();
  });
});
