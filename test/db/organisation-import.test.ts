import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { userActor } from '../../src/domain/access/actor.js';
import { ForbiddenError, formatProblem, InvalidInputError, NotFoundError } from '../../src/errors.js';
import {
  importOrganisations,
  listOrganisations,
  organisationTree,
  showOrganisation,
} from '../../src/services/federation/organisation.service.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { type OrgCsvLine, orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const TABLES = ['organisations', 'org_closure'];

async function importError(fn: () => Promise<unknown>): Promise<string[]> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems.map(formatProblem);
  }
  throw new Error('expected the import to fail');
}

describeEachEngine('organisation import', (db) => {
  it('imports a federation and builds the closure', async () => {
    const result = await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    expect(result).toEqual({ file: 'orgs.csv', rows: 14, created: 14, updated: 0, unchanged: 0 });
    const qwe = await showOrganisation(db(), ADMIN_CLI, 'qwe');
    expect(qwe.organisation).toMatchObject({ code: 'QWE', kind: 'icb', parentCode: 'Y56', depth: 2 });
    expect(qwe.ancestors.map((a) => a.code)).toEqual(['X26', 'Y56']);
    expect(qwe.descendants).toEqual({ trust: 1, site: 1, gp_practice: 2, pharmacy: 1 });
    const root = await showOrganisation(db(), ADMIN_CLI, 'X26');
    expect(root.descendants).toEqual({ region: 2, icb: 3, trust: 2, site: 1, gp_practice: 4, pharmacy: 1 });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await snapshotTables(db(), TABLES);
    const result = await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 14 });
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });

  it('imports only for a national admin and shows each caller only its own subtree', async () => {
    const id = async (code: string) => (await showOrganisation(db(), ADMIN_CLI, code)).organisation.id;
    const icbAdmin = userActor(randomUUID(), 'qwe-admin', [{ orgId: await id('QWE'), role: 'org_admin' }]);
    const analyst = userActor(randomUUID(), 'analyst', [
      { orgId: await id('X26'), role: 'national_analyst' },
    ]);
    const before = await snapshotTables(db(), TABLES);
    const more = orgCsv([['H85003', 'Earlsfield Surgery', 'gp_practice', 'QWE']]);
    for (const actor of [icbAdmin, analyst])
      await expect(importOrganisations(db(), actor, 'more.csv', more)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
    await expect(showOrganisation(db(), icbAdmin, 'RAL')).rejects.toBeInstanceOf(NotFoundError);
    await expect(listOrganisations(db(), icbAdmin, { under: 'QMJ', limit: 10 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await organisationTree(db(), icbAdmin, null, null)).code).toBe('QWE');
    expect((await listOrganisations(db(), icbAdmin, { limit: 100 })).map((o) => o.code)).toEqual([
      'FA123',
      'H85001',
      'H85002',
      'QWE',
      'RJ7',
      'RJ701',
    ]);
    expect(
      (await listOrganisations(db(), analyst, { kind: 'trust', limit: 100 })).map((o) => o.code),
    ).toEqual(['RAL', 'RJ7']);
  });

  it('applies renames and moves, re-rooting the moved subtree', async () => {
    const result = await importOrganisations(
      db(),
      ADMIN_CLI,
      'moves.csv',
      orgCsv([
        ['rj7', "St George's NHS Trust", 'trust', 'QMJ'],
        ['A84002', 'Gateshead Surgery', 'gp_practice', 'QHM'],
      ]),
    );
    expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    const site = await showOrganisation(db(), ADMIN_CLI, 'RJ701');
    expect(site.ancestors.map((a) => a.code)).toEqual(['X26', 'Y56', 'QMJ', 'RJ7']);
    expect(site.ancestors[3]?.name).toBe("St George's NHS Trust");
    const qwe = await showOrganisation(db(), ADMIN_CLI, 'QWE');
    expect(qwe.descendants).toEqual({ gp_practice: 2, pharmacy: 1 });
    const tree = await organisationTree(db(), ADMIN_CLI, 'QMJ', 1);
    expect(tree.children.map((c) => c.code).sort()).toEqual(['F83001', 'RAL', 'RJ7']);
    expect(tree.children.find((c) => c.code === 'RJ7')?.hiddenChildren).toBe(1);
  });

  const bad: [string, OrgCsvLine[] | string, string[]][] = [
    [
      'an unknown kind',
      [['H85009', 'A Surgery', 'hospital', 'QWE']],
      ['bad.csv:2: unknown kind "hospital" for H85009'],
    ],
    [
      'an unknown parent',
      [['H85009', 'A Surgery', 'gp_practice', 'ZZZ']],
      ['bad.csv:2: unknown parent ZZZ for H85009'],
    ],
    [
      'a duplicate code in the file',
      [
        ['H85009', 'A Surgery', 'gp_practice', 'QWE'],
        ['h85009', 'Same Surgery', 'gp_practice', 'QWE'],
      ],
      ['bad.csv:3: duplicate code H85009 (first on line 2)'],
    ],
    ['an empty code', [['', 'Nameless', 'gp_practice', 'QWE']], ['bad.csv:2: empty code']],
    [
      'a missing column',
      'code,name,kind\nH85009,A Surgery,gp_practice\n',
      ['bad.csv:1: missing column parent_code'],
    ],
    [
      'a cycle',
      [
        ['QWE', 'South West London ICB', 'icb', 'H85001'],
        ['H85001', 'Balham Park Surgery', 'gp_practice', 'QWE'],
      ],
      ['bad.csv:2: cycle in the hierarchy'],
    ],
    [
      'a second national root',
      [['X27', 'Another NHS', 'national', '']],
      ['bad.csv:2: X27 would be a second national root'],
    ],
  ];
  for (const [what, input, expected] of bad) {
    it(`rejects ${what} and writes nothing`, async () => {
      const before = await snapshotTables(db(), TABLES);
      const text = typeof input === 'string' ? input : orgCsv(input);
      const problems = await importError(() => importOrganisations(db(), ADMIN_CLI, 'bad.csv', text));
      expect(problems).toHaveLength(expected.length);
      for (const [i, e] of expected.entries()) expect(problems[i]).toContain(e);
      expect(await snapshotTables(db(), TABLES)).toEqual(before);
    });
  }

  it('reports every problem of a file, not just the first, and writes none of its good rows', async () => {
    const before = await snapshotTables(db(), TABLES);
    const problems = await importError(() =>
      importOrganisations(
        db(),
        ADMIN_CLI,
        'many.csv',
        orgCsv([
          ['H85010', 'Good Surgery', 'gp_practice', 'QWE'],
          ['H85011', 'Bad Kind', 'surgery', 'QWE'],
          ['', 'No Code', 'gp_practice', 'QWE'],
          ['H85012', 'Orphan', 'gp_practice', 'NOPE'],
        ]),
      ),
    );
    expect(problems).toEqual([
      'many.csv:3: unknown kind "surgery" for H85011 (expected one of national, region, icb, trust, site, gp_practice, pharmacy, social_care, alb, csu, other)',
      'many.csv:4: empty code',
      'many.csv:5: unknown parent NOPE for H85012',
    ]);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  });
});
