/**
 * Disruption that is not infection, from data: shared services declared in network files reach the
 * worm simulation, and each disrupted organisation is told which provider's fall disrupted it and
 * when — seen by its own staff, never by another organisation's.
 */
import { expect, it } from 'vitest';
import { listAllOrganisations } from '../../src/db/repositories/organisation.repository.js';
import type { Actor } from '../../src/domain/access/actor.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { importNetwork } from '../../src/services/sim/network.service.js';
import { showWormRun, simulateWorm } from '../../src/services/sim/worm-simulation.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1, WIN10_1709 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const HEADER = 'kind,name,cidr,size,egress,segment,from,to,protocol,port,action,provider,consumers';
const request = {
  profile: 'wannacry-2017',
  seedOrgs: ['RJ7'],
  runs: 4,
  seed: 5,
  horizonHours: 24,
  levers: [],
  threads: 1,
};

describeEachEngine('worm simulation: disruption through shared services', (db) => {
  it('reports the practices and the pharmacy that lose a fallen trust’s services, scoped to each', async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    const win7 = (id: string) => ({ id, components: [WIN7_SP1, SMB1] });
    const win10 = (id: string) => ({ id, components: [WIN10_1709] });
    await importCsv(db(), 'RJ7', inventoryCsv([win7('RJ7-1'), win7('RJ7-2')]));
    // Devices the worm cannot infect: these organisations can only be disrupted.
    for (const code of ['H85001', 'F83001', 'FA123', 'RAL'])
      await importCsv(db(), code, inventoryCsv([win10(`${code}-1`)]));
    await importNetwork(
      db(),
      ADMIN_CLI,
      'RJ7',
      'rj7.csv',
      [
        HEADER,
        'service,PAS,,,,,,,,,,,H85001;F83001',
        // Every organisation directly under the ICB (the trust itself is left out; H85002 has no devices).
        'service,Regional network,,,,,,,,,,,children:QWE',
      ].join('\n'),
    );
    // RAL uses a service of its own that nothing infects.
    await importNetwork(db(), ADMIN_CLI, 'RAL', 'ral.csv', `${HEADER}\nservice,EPR,,,,,,,,,,,F83001`);

    const report = await simulateWorm(db(), ADMIN_CLI, request);
    const org = (code: string) => report.orgs.find((o) => o.code === code);
    expect(org('RJ7')?.pInfectedBy[24]).toBe(1);
    expect(org('H85001')).toMatchObject({ pDisrupted: 1, expectedFirstHour: null });
    expect(org('H85001')?.disruptedBy).toEqual([
      { provider: 'RJ7', service: 'PAS', p: 1, expectedHour: 0 },
      { provider: 'RJ7', service: 'Regional network', p: 1, expectedHour: 0 },
    ]);
    expect(org('F83001')?.disruptedBy).toEqual([{ provider: 'RJ7', service: 'PAS', p: 1, expectedHour: 0 }]);
    expect(org('FA123')?.disruptedBy).toEqual([
      { provider: 'RJ7', service: 'Regional network', p: 1, expectedHour: 0 },
    ]);
    expect(org('RAL')).toBeUndefined();
    expect(report.national?.summary.disruptedOrgs.median).toBe(3);
    expect(report.national?.worstCase.disruptedOrgs).toBe(3);

    // A practice's own staff see why it was disrupted; another organisation's staff see nothing of it.
    const orgs = await listAllOrganisations(db().db);
    const viewer = (code: string): Actor => ({
      kind: 'user',
      userId: null,
      label: `user:${code}`,
      grants: [{ orgId: orgs.find((o) => o.code === code)?.id as string, role: 'viewer' }],
      full: false,
    });
    const practice = await showWormRun(db(), viewer('H85001'), report.id);
    expect(practice.orgs).toEqual([org('H85001')]);
    expect(practice.national).toBeNull();
    const other = await showWormRun(db(), viewer('RAL'), report.id);
    expect(other.orgs).toEqual([]);
  });
});
