import { describe, expect, it } from 'vitest';
import type { TableFacts } from './catalog.js';
import type { Placement } from './layout.js';
import { planDistribution } from './plan.js';

function table(name: string, facts: Partial<TableFacts> = {}): TableFacts {
  const columns = facts.columns ?? ['org_id', 'id'];
  return { name, columns, notNull: facts.notNull ?? columns, uniqueKeys: [], foreignKeys: [], ...facts };
}

const reference: Placement = { kind: 'reference' };
const distributed: Placement = { kind: 'distributed' };
const local: Placement = { kind: 'local', why: 'a queue' };

describe('the Citus distribution plan', () => {
  it('orders each kind parents first and finds nothing wrong with a sound schema', () => {
    const plan = planDistribution(
      [
        table('results', {
          uniqueKeys: [{ name: 'results_pkey', columns: ['org_id', 'assessment_id', 'id'] }],
          foreignKeys: [
            {
              name: 'results_assessment',
              columns: ['org_id', 'assessment_id'],
              references: 'assessments',
              referencedColumns: ['org_id', 'id'],
            },
          ],
          columns: ['org_id', 'assessment_id', 'id'],
        }),
        table('assessments', {
          uniqueKeys: [{ name: 'assessments_pkey', columns: ['org_id', 'id'] }],
          foreignKeys: [
            { name: 'a_org', columns: ['org_id'], references: 'organisations', referencedColumns: ['id'] },
          ],
        }),
        table('org_closure', {
          columns: ['ancestor_id', 'descendant_id'],
          foreignKeys: [
            {
              name: 'c_anc',
              columns: ['ancestor_id'],
              references: 'organisations',
              referencedColumns: ['id'],
            },
          ],
        }),
        table('organisations', {
          columns: ['id'],
          uniqueKeys: [{ name: 'organisations_pkey', columns: ['id'] }],
        }),
        table('outbox', { columns: ['id', 'org_id'], notNull: ['id'] }),
        table('ward_migration', { columns: ['name'] }),
      ],
      {
        results: distributed,
        assessments: distributed,
        org_closure: reference,
        organisations: reference,
        outbox: local,
      },
      ['ward_migration'],
    );
    expect(plan).toEqual({
      reference: ['organisations', 'org_closure'],
      distributed: ['assessments', 'results'],
      local: ['outbox'],
      problems: [],
    });
  });

  it('names every reason Citus would refuse a placement', () => {
    const plan = planDistribution(
      [
        table('assets', {
          notNull: ['id'],
          uniqueKeys: [{ name: 'assets_pkey', columns: ['id'] }],
        }),
        table('asset_components', {
          columns: ['org_id', 'asset_id'],
          foreignKeys: [
            { name: 'ac_asset', columns: ['asset_id'], references: 'assets', referencedColumns: ['id'] },
          ],
        }),
        table('roots', { uniqueKeys: [{ name: 'one_root', columns: [null] }] }),
        table('alerts', {
          foreignKeys: [
            { name: 'alerts_asset', columns: ['id'], references: 'assets', referencedColumns: ['id'] },
          ],
        }),
        table('users', {
          foreignKeys: [
            { name: 'users_session', columns: ['id'], references: 'sessions', referencedColumns: ['id'] },
          ],
        }),
        table('sessions'),
        table('devices', { columns: ['id'] }),
        table('mystery'),
      ],
      {
        assets: distributed,
        asset_components: distributed,
        roots: distributed,
        alerts: reference,
        users: reference,
        sessions: local,
        devices: distributed,
      },
    );
    expect(plan.problems).toEqual([
      'assets: org_id may be null',
      'assets: unique key assets_pkey (id) leaves out org_id',
      'asset_components: foreign key ac_asset (asset_id) to tenant table assets is not on org_id',
      'roots: unique key one_root (expression) leaves out org_id',
      'alerts: a reference table with foreign key alerts_asset to tenant table assets',
      'users: a reference table with foreign key users_session to coordinator table sessions',
      'devices: a tenant table without org_id',
      'mystery: no placement on Citus (add it to the Citus layout)',
    ]);
  });
});
