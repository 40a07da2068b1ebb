import { expect, it } from 'vitest';
import type { Actor, Grant } from '../../src/domain/access/actor.js';
import { formatProblem, InvalidInputError, NotFoundError } from '../../src/errors.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { importNetwork, showNetwork } from '../../src/services/sim/network.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const HEADER = 'kind,name,cidr,size,egress,segment,from,to,protocol,port,action';
const GOOD = [
  HEADER,
  'zone,office,10.0.0.0/24,,direct,office,,,,,',
  'zone,imaging,10.0.1.0/24,,proxy,clinical,,,,,',
  'rule,,,,,,wan,office,tcp,445,allow',
].join('\n');
const TABLES = ['network_zones', 'network_rules', 'shared_services'];
const SERVICES = [
  `${HEADER},provider,consumers`,
  'zone,office,,40,proxy,office,,,,,,,',
  'service,PAS,,,,,,,,,,,H85001;h85002',
  'service,Regional network,,,,,,,,,,,children:QWE',
  'service,Pathology,,,,,,,,,,RAL,',
].join('\n');

describeEachEngine('network import', (db) => {
  it('imports zones and rules, shows their reachability, and replaces them on the next import', async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    const result = await importNetwork(db(), ADMIN_CLI, 'rj7', 'net.csv', GOOD);
    expect(result).toEqual({
      file: 'net.csv',
      org: 'RJ7',
      zones: 2,
      rules: 1,
      services: 0,
      replaced: { zones: 0, rules: 0, services: 0 },
    });
    const shown = await showNetwork(db(), ADMIN_CLI, 'RJ7');
    expect(shown.zones.map((z) => [z.name, z.size, z.wanIn, z.internetIn, z.orgIn])).toEqual([
      ['imaging', 256, false, false, true],
      ['office', 256, true, false, true],
    ]);
    const again = await importNetwork(
      db(),
      ADMIN_CLI,
      'RJ7',
      'net2.csv',
      `${HEADER}\nzone,flat,,40,proxy,office,,,,,`,
    );
    expect(again.replaced).toEqual({ zones: 2, rules: 1, services: 0 });
    expect((await showNetwork(db(), ADMIN_CLI, 'RJ7')).zones.map((z) => z.name)).toEqual(['flat']);
  });

  it('rejects a file with bad lines whole, leaving the database as it was', async () => {
    await importNetwork(db(), ADMIN_CLI, 'RJ7', 'net.csv', GOOD);
    const before = await snapshotTables(db(), TABLES);
    const bad = `${GOOD}\nzone,lab,,0,proxy,office,,,,,\nrule,,,,,,internet,nowhere,tcp,445,allow`;
    const error = await importNetwork(db(), ADMIN_CLI, 'RJ7', 'bad.csv', bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map(formatProblem)).toEqual([
      'bad.csv:5: give a cidr or a size (a whole number of addresses, at least 1)',
      'bad.csv:6: unknown zone or class "nowhere" (classes: internet, wan, org, *)',
    ]);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it("lets an organisation's own staff import, and hides other organisations' networks", async () => {
    const { listAllOrganisations } = await import('../../src/db/repositories/organisation.repository.js');
    const orgs = await listAllOrganisations(db().db);
    const id = (code: string) => orgs.find((o) => o.code === code)?.id as string;
    // Callers known by their grants alone (no user row, so the audit log records only the label).
    const caller = (label: string, grants: Grant[]): Actor => ({
      kind: 'user',
      userId: null,
      label,
      grants,
      full: false,
    });
    const rj7Admin = caller('user:rj7admin', [{ orgId: id('RJ7'), role: 'org_admin' }]);
    const ralViewer = caller('user:ralviewer', [{ orgId: id('RAL'), role: 'viewer' }]);
    await expect(importNetwork(db(), rj7Admin, 'RJ7', 'net.csv', GOOD)).resolves.toMatchObject({ zones: 2 });
    await expect(showNetwork(db(), ralViewer, 'RJ7')).rejects.toBeInstanceOf(NotFoundError);
    await expect(importNetwork(db(), ralViewer, 'RAL', 'net.csv', GOOD)).rejects.toThrow(/may not write/);
  });

  it('imports the shared services an organisation provides or uses, and replaces them on the next import', async () => {
    const result = await importNetwork(db(), ADMIN_CLI, 'RJ7', 'services.csv', SERVICES);
    expect(result).toMatchObject({ zones: 1, rules: 0, services: 3 });
    const shown = await showNetwork(db(), ADMIN_CLI, 'RJ7');
    expect(shown.services).toEqual([
      { service: 'PAS', provider: 'RJ7', consumers: ['H85001', 'H85002'] },
      { service: 'Pathology', provider: 'RAL', consumers: ['RJ7'] },
      { service: 'Regional network', provider: 'RJ7', consumers: ['children:QWE'] },
    ]);
    // A file of service rows only: the zones go, the services are replaced.
    const only = await importNetwork(
      db(),
      ADMIN_CLI,
      'RJ7',
      'pas.csv',
      `${HEADER},provider,consumers\nservice,PAS,,,,,,,,,,,F83001`,
    );
    expect(only).toMatchObject({ zones: 0, services: 1, replaced: { zones: 1, rules: 0, services: 3 } });
    expect((await showNetwork(db(), ADMIN_CLI, 'RJ7')).services).toEqual([
      { service: 'PAS', provider: 'RJ7', consumers: ['F83001'] },
    ]);
  });

  it('rejects services naming unknown organisations or not involving the importer, leaving the database as it was', async () => {
    await importNetwork(db(), ADMIN_CLI, 'RJ7', 'services.csv', SERVICES);
    const before = await snapshotTables(db(), TABLES);
    const bad = [
      `${HEADER},provider,consumers`,
      'service,PAS,,,,,,,,,,,H85001;NOPE1',
      'service,EPR,,,,,,,,,,RAL,H85001',
      'service,Own,,,,,,,,,,,RJ7',
      'service,Lab,,,,,,,,,,ZZZ9,RJ7',
    ].join('\n');
    const error = await importNetwork(db(), ADMIN_CLI, 'RJ7', 'bad.csv', bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map(formatProblem)).toEqual([
      'bad.csv:2: unknown organisation NOPE1',
      'bad.csv:3: RJ7 may declare only the services it provides or uses: name it as the provider or a consumer',
      'bad.csv:4: RJ7 cannot be a consumer of its own service',
      'bad.csv:5: unknown organisation ZZZ9',
    ]);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });
});
