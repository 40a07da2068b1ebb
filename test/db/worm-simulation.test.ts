import { expect, it } from 'vitest';
import { listAllOrganisations } from '../../src/db/repositories/organisation.repository.js';
import type { Actor, Grant } from '../../src/domain/access/actor.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { importNetwork } from '../../src/services/sim/network.service.js';
import {
  listWormRuns,
  rankWormLevers,
  showWormRun,
  simulateWorm,
} from '../../src/services/sim/worm-simulation.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const HEADER = 'kind,name,cidr,size,egress,segment,from,to,protocol,port,action';
const request = {
  profile: 'wannacry-2017',
  seedOrgs: [],
  runs: 6,
  seed: 3,
  horizonHours: 24,
  levers: [],
  threads: 1,
};

describeEachEngine('worm simulation on the inventory', (db) => {
  it('finds the devices carrying the worm’s CVEs and follows the imported reachability', async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    const win7 = (id: string, zone: string, criticality = 'none') => ({
      id,
      zone,
      criticality,
      components: [WIN7_SP1, SMB1],
    });
    await importCsv(
      db(),
      'RJ7',
      inventoryCsv([win7('RJ7-1', 'edge'), win7('RJ7-2', 'edge'), win7('RJ7-3', 'imaging', 'high')]),
    );
    await importCsv(db(), 'RAL', inventoryCsv([win7('RAL-1', 'corporate'), win7('RAL-2', 'corporate')]));
    // RJ7's edge zone is open to the internet on 445; RAL supplies nothing, so the priors apply to it.
    await importNetwork(
      db(),
      ADMIN_CLI,
      'RJ7',
      'net.csv',
      [
        HEADER,
        'zone,edge,,254,direct,office,,,,,',
        'zone,imaging,,254,proxy,clinical,,,,,',
        'rule,,,,,,internet,edge,tcp,445,allow',
      ].join('\n'),
    );
    const report = await simulateWorm(db(), ADMIN_CLI, request);
    expect(report.federation).toMatchObject({ devices: 5 });
    expect(report.national?.worstCase.devicesAtRisk).toBeGreaterThanOrEqual(3);
    const rj7 = report.orgs.find((o) => o.code === 'RJ7');
    expect(rj7?.reachable).toBe(true);
    expect(rj7?.worstCasePath).toEqual(['seed → internet (seed)', 'internet → RJ7/edge (internet)']);
    expect(rj7?.pInfectedBy[24]).toBeGreaterThan(0);
    expect(report.national?.summary.devicesHitBySafety.diagnostic.p95).toBeLessThanOrEqual(1);

    // Denying 445 from the internet at every boundary leaves nothing reachable from the internet.
    const closed = await simulateWorm(db(), ADMIN_CLI, {
      ...request,
      levers: [
        { kind: 'block', boundary: 'internet', atHours: 0 },
        { kind: 'block', boundary: 'wan', atHours: 0 },
      ],
    });
    expect(closed.national?.worstCase.orgs).toBe(0);
    expect(closed.national?.summary.infectedOrgsTotal.median).toBe(0);
  });

  it('shows a trust only its own blast radius, never the federation or other organisations', async () => {
    const orgs = await listAllOrganisations(db().db);
    const id = (code: string) => orgs.find((o) => o.code === code)?.id as string;
    const grants: Grant[] = [{ orgId: id('RAL'), role: 'viewer' }];
    const ralViewer: Actor = { kind: 'user', userId: null, label: 'user:ralviewer', grants, full: false };
    const national = await simulateWorm(db(), ADMIN_CLI, request);
    expect(national.orgs.map((o) => o.code)).toContain('RJ7');
    const report = await simulateWorm(db(), ralViewer, request);
    expect(report.national).toBeNull();
    expect(report.orgs.map((o) => o.code)).not.toContain('RJ7');
    expect(report.orgs.every((o) => o.code === 'RAL')).toBe(true);
    // The stored run reads back the same, scoped the same way.
    expect(await showWormRun(db(), ADMIN_CLI, national.id)).toEqual(national);
    expect(await showWormRun(db(), ralViewer, national.id)).toEqual({
      ...national,
      national: null,
      orgs: national.orgs.filter((o) => o.code === 'RAL'),
    });
    expect((await listWormRuns(db())).map((r) => r.id)).toContain(national.id);
    await expect(simulateWorm(db(), ralViewer, { ...request, seedOrgs: ['RJ7'] })).rejects.toThrow(
      /cannot run/,
    );
  });

  it('ranks levers federation-wide for national callers only', async () => {
    const ranking = await rankWormLevers(db(), ADMIN_CLI, request, [
      { kind: 'block', boundary: 'internet', atHours: 0 },
      { kind: 'kill-switch', atHours: 500 },
    ]);
    expect(ranking.baseline.meanInfectedOrgs).toBeGreaterThan(0);
    expect(ranking.levers[0]?.lever).toEqual({ kind: 'block', boundary: 'internet', atHours: 0 });
    expect(ranking.levers[0]?.infectedOrgsAvoided).toBeGreaterThan(0);
    expect(ranking.levers[1]?.infectedOrgsAvoided).toBe(0);
    expect(ranking.rules[0]).toMatchObject({ code: 'RJ7', boundary: 'internet' });
    const orgs = await listAllOrganisations(db().db);
    const grants: Grant[] = [{ orgId: orgs.find((o) => o.code === 'RAL')?.id as string, role: 'viewer' }];
    const ralViewer: Actor = { kind: 'user', userId: null, label: 'user:ralviewer', grants, full: false };
    await expect(rankWormLevers(db(), ralViewer, request)).rejects.toThrow(/may not rank levers/);
  });
});
