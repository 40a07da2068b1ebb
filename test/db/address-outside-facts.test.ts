/**
 * Outside-in facts feeding the other parts, on both engines: the baseline's secure-configuration
 * evidence counts risky services seen open from the internet, and the worm simulation takes an
 * observed port 445 (open, or recently covered and closed) over what a network file declares or the
 * priors assume, recording which organisations rested on which.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { EVIDENCE_RULES } from '../../src/domain/baseline/evidence-rules.js';
import { ZONE } from '../../src/domain/sim/federation.js';
import { DEFAULT_PRIORS } from '../../src/domain/sim/priors.js';
import { PROFILES } from '../../src/domain/sim/profile.js';
import { setOutcome, showAssessment } from '../../src/services/baseline/assessment.service.js';
import { computeEvidence } from '../../src/services/baseline/evidence.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { importAddresses } from '../../src/services/outside/address.service.js';
import { takeSnapshot } from '../../src/services/sim/federation-snapshot.service.js';
import { importNetwork } from '../../src/services/sim/network.service.js';
import { simulateWorm } from '../../src/services/sim/worm-simulation.service.js';
import { BASELINE_YEAR, loadShippedBaseline } from '../factories/baseline.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const NOW = new Date();
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const NET_HEADER = 'kind,name,cidr,size,egress,segment,from,to,protocol,port,action';
const WORM = {
  profile: 'wannacry-2017',
  seedOrgs: [],
  runs: 4,
  seed: 3,
  horizonHours: 24,
  levers: [],
  threads: 1,
};

interface Observation {
  org: string;
  address: string;
  port: number;
  kind: string;
  severity: string;
  lastSeen: Date;
  closed?: boolean;
}

async function observe(database: Database, rows: Observation[]): Promise<void> {
  await sql`DELETE FROM external_services`.execute(database.db);
  for (const r of rows)
    await sql`
      INSERT INTO external_services (org_id, source, address, port, protocol, kind, severity, first_seen, last_seen, closed_at)
      SELECT id, 'shadowserver', ${r.address}::inet, ${r.port}, 'tcp', ${r.kind}, ${r.severity},
        ${daysAgo(60)}, ${r.lastSeen}, ${r.closed ? r.lastSeen : null}
      FROM organisations WHERE code = ${r.org}`.execute(database.db);
}

async function evidence(database: Database, org: string) {
  const view = await showAssessment(database, ADMIN_CLI, org, BASELINE_YEAR);
  return view.outcomes
    .find((o) => o.id === 'B4.b')
    ?.evidence.find((e) => e.rule === 'internet_risky_services');
}

describeEachEngine('outside-in facts feed the baseline and the worm simulation', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    await loadShippedBaseline(db());
    const win7 = (id: string, zone: string) => ({ id, zone, components: [WIN7_SP1, SMB1] });
    await importCsv(db(), 'RJ7', inventoryCsv([win7('RJ7-1', 'edge'), win7('RJ7-2', 'edge')]));
    await importCsv(db(), 'RAL', inventoryCsv([win7('RAL-1', 'corporate')]));
    await importCsv(db(), 'H85001', inventoryCsv([win7('GP-1', 'corporate')]));
    // RJ7 declares its edge zone open to the internet on 445; RAL and H85001 supply nothing (priors).
    await importNetwork(
      db(),
      ADMIN_CLI,
      'RJ7',
      'net.csv',
      [NET_HEADER, 'zone,edge,,254,direct,office,,,,,', 'rule,,,,,,internet,edge,tcp,445,allow'].join('\n'),
    );
    await importAddresses(db(), ADMIN_CLI, {
      name: 'addresses.csv',
      text: 'org_code,kind,value\nRJ7,range,192.0.2.0/24\nRAL,range,198.51.100.0/24\nH85001,range,203.0.113.0/28\n',
    });
  });

  it('the risky-services rule judges B4.b (Secure Configuration), an outcome of both shipped CAF versions', () => {
    const rule = EVIDENCE_RULES.find((r) => r.id === 'internet_risky_services');
    expect(rule?.outcome).toBe('B4.b');
    for (const version of ['3.2', '4.0']) {
      const text = readFileSync(
        new URL(`../../fixtures/baseline/caf-${version}-e.json`, import.meta.url),
        'utf8',
      );
      expect(text).toMatch(/"id":\s*"B4\.b",\s*"title":\s*"Secure Configuration"/);
    }
  });

  it('B4.b evidence: open high and critical services seen from outside, by kind, as of the latest scan', async () => {
    await observe(db(), [
      {
        org: 'RJ7',
        address: '192.0.2.10',
        port: 445,
        kind: 'smb',
        severity: 'critical',
        lastSeen: daysAgo(1),
      },
      {
        org: 'RJ7',
        address: '192.0.2.11',
        port: 445,
        kind: 'smb',
        severity: 'critical',
        lastSeen: daysAgo(2),
      },
      { org: 'RJ7', address: '192.0.2.12', port: 3389, kind: 'rdp', severity: 'high', lastSeen: daysAgo(3) },
      {
        org: 'RJ7',
        address: '192.0.2.13',
        port: 443,
        kind: 'service',
        severity: 'info',
        lastSeen: daysAgo(1),
      },
      // Closed since: no longer counts.
      {
        org: 'RJ7',
        address: '192.0.2.14',
        port: 23,
        kind: 'telnet',
        severity: 'high',
        lastSeen: daysAgo(9),
        closed: true,
      },
      // RAL: observed, only a low-severity service open.
      { org: 'RAL', address: '198.51.100.7', port: 123, kind: 'ntp', severity: 'low', lastSeen: daysAgo(4) },
    ]);
    await computeEvidence(db().db, { all: true }, NOW);
    expect(await evidence(db(), 'RJ7')).toMatchObject({
      figure: 3,
      suggestedLevel: 'Not achieved',
      details: { open: 3, byKind: { smb: 2, rdp: 1 }, asOf: daysAgo(1).toISOString() },
    });
    expect(await evidence(db(), 'RAL')).toMatchObject({
      figure: 0,
      suggestedLevel: 'Achieved',
      details: { open: 0, byKind: {}, asOf: daysAgo(4).toISOString() },
    });
    // Never observed from outside: nothing to measure, not "none open".
    expect(await evidence(db(), 'H85001')).toMatchObject({ figure: null, suggestedLevel: null });
    const claimed = await setOutcome(db(), ADMIN_CLI, 'RJ7', BASELINE_YEAR, 'B4.b', { level: 'Achieved' });
    const rj7 = claimed.outcomes
      .find((o) => o.id === 'B4.b')
      ?.evidence.find((e) => e.rule === 'internet_risky_services');
    expect(rj7).toMatchObject({ contradicted: true });
  });

  it('the worm simulation takes an observed 445 over the network file and the priors, and records which', async () => {
    await observe(db(), []);
    const before = await simulateWorm(db(), ADMIN_CLI, WORM);
    expect(before.orgs.find((o) => o.code === 'RJ7')?.worstCasePath).toEqual([
      'seed → internet (seed)',
      'internet → RJ7/edge (internet)',
    ]);
    expect(before.orgs.find((o) => o.code === 'RAL')).toBeUndefined();
    expect(before.national?.internetExposure).toEqual({
      observedOpen: [],
      observedClosed: [],
      declared: 1,
      assumed: 2,
    });

    await observe(db(), [
      // RJ7: a scan yesterday covered it and saw only HTTPS: its declared open edge is known closed.
      {
        org: 'RJ7',
        address: '192.0.2.13',
        port: 443,
        kind: 'service',
        severity: 'info',
        lastSeen: daysAgo(1),
      },
      // RAL: SMB seen open, where the priors for a trust assumed it closed.
      {
        org: 'RAL',
        address: '198.51.100.7',
        port: 445,
        kind: 'smb',
        severity: 'critical',
        lastSeen: daysAgo(2),
      },
    ]);
    const after = await simulateWorm(db(), ADMIN_CLI, WORM);
    expect(after.national?.internetExposure).toEqual({
      observedOpen: ['RAL'],
      observedClosed: ['RJ7'],
      declared: 0,
      assumed: 1,
    });
    const ral = after.orgs.find((o) => o.code === 'RAL');
    expect(ral).toMatchObject({ internetExposure: 'observed-open', reachable: true });
    expect(ral?.worstCasePath).toEqual(['seed → internet (seed)', 'internet → RAL/corporate (internet)']);
    expect(after.orgs.find((o) => o.code === 'RJ7')).toBeUndefined();
    expect(after.provenance.snapshot).not.toBe(before.provenance.snapshot);
  });

  it('a covering scan older than 30 days, or a closed 445, leaves the organisation to its file or priors', async () => {
    await observe(db(), [
      {
        org: 'RJ7',
        address: '192.0.2.13',
        port: 443,
        kind: 'service',
        severity: 'info',
        lastSeen: daysAgo(45),
      },
      {
        org: 'RAL',
        address: '198.51.100.7',
        port: 445,
        kind: 'smb',
        severity: 'critical',
        lastSeen: daysAgo(40),
        closed: true,
      },
    ]);
    const snap = await takeSnapshot(db(), PROFILES['wannacry-2017'] as never, DEFAULT_PRIORS, 3, NOW);
    const source = (code: string) => snap.internetExposure[snap.federation.orgCodes.indexOf(code)];
    expect(source('RJ7')).toBe('declared');
    expect(source('RAL')).toBe('assumed');
    expect(source('H85001')).toBe('assumed');
    const rj7 = snap.federation.orgCodes.indexOf('RJ7');
    const edge = snap.federation.orgZoneStart[rj7] as number;
    expect((snap.federation.zoneFlags[edge] as number) & ZONE.INTERNET_IN).toBe(ZONE.INTERNET_IN);
    // The same scan 20 days later counts: RJ7 known closed, its edge no longer reachable from the internet.
    const later = await takeSnapshot(
      db(),
      PROFILES['wannacry-2017'] as never,
      DEFAULT_PRIORS,
      3,
      daysAgo(30),
    );
    expect(later.internetExposure[later.federation.orgCodes.indexOf('RJ7')]).toBe('observed-closed');
    const laterEdge = later.federation.orgZoneStart[later.federation.orgCodes.indexOf('RJ7')] as number;
    expect((later.federation.zoneFlags[laterEdge] as number) & ZONE.INTERNET_IN).toBe(0);
  });
});
