/**
 * Ward on a real Citus cluster (a coordinator and two workers, test/setup/citus.ts) beside plain
 * PostgreSQL: the migrations place every table as the Citus layout says, the same federation and
 * inventory give the same findings, worklist and summaries on both, and the queries route as the
 * design promises — an organisation's worklist to one shard, the national roll-up in parallel
 * across the workers. Runs with WARD_TEST_CITUS=1 (else skips, saying so).
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITUS_LAYOUT } from '../../src/db/citus/layout.js';
import type { Database } from '../../src/db/connect.js';
import { summariseFindings } from '../../src/db/repositories/exposure/exposure.repository.js';
import type { DB } from '../../src/db/schema.js';
import { SYSTEM_ACTOR, scopeFor } from '../../src/domain/access/actor.js';
import { listExposure, whoIsExposed } from '../../src/services/exposure/read.service.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { loadFederation } from '../../src/services/federation/federation-load.service.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { citusCluster, openTestDatabase } from '../setup/engines.js';

const cluster = citusCluster();
const skipped = 'skipped' in cluster ? cluster.skipped : null;
if (skipped) console.log(`[citus] the Citus suite is skipped: ${skipped}`);

const FEDERATION = { orgs: 60, devices: 1_500, componentsPerDevice: 20, seed: 5, regions: 2, icbs: 4 };

/** Compiles the statements a repository function runs, without running them. */
function recorder(): { db: Kysely<DB>; queries: CompiledQuery[] } {
  const queries: CompiledQuery[] = [];
  const connection: DatabaseConnection = {
    executeQuery: async (query) => {
      queries.push(query);
      return { rows: [] };
    },
    streamQuery: () => {
      throw new Error('not recorded');
    },
  };
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => ({
        init: async () => {},
        acquireConnection: async () => connection,
        beginTransaction: async () => {},
        commitTransaction: async () => {},
        rollbackTransaction: async () => {},
        releaseConnection: async () => {},
        destroy: async () => {},
      }),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { db, queries };
}

/** Citus's EXPLAIN of one statement: its task counts and the worker ports the tasks ran on. */
async function explain(url: string, query: CompiledQuery): Promise<{ tasks: number[]; ports: Set<string> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET citus.explain_all_tasks = on');
    const result = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN ${query.sql}`,
      query.parameters as unknown[],
    );
    const text = result.rows.map((r) => r['QUERY PLAN']).join('\n');
    return {
      tasks: [...text.matchAll(/Task Count: (\d+)/g)].map((m) => Number(m[1])),
      ports: new Set([...text.matchAll(/Node: host=\S+ port=(\d+)/g)].map((m) => m[1] ?? '')),
    };
  } finally {
    await client.end();
  }
}

async function findingsByCode(database: Database) {
  return (
    await sql<Record<string, unknown>>`
      SELECT o.code, f.cve_id, c.key, c.version, c.update, c.attrs, c.assumed_by, f.asset_count, f.exposure,
        f.safety_impact, f.status, f.certainty
      FROM findings f JOIN organisations o ON o.id = f.org_id JOIN components c ON c.id = f.component_id
      ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(database.db)
  ).rows;
}

/** Organisations without children that have open findings, most findings first. */
async function leavesWithFindings(database: Database): Promise<{ id: string; code: string }[]> {
  return (
    await sql<{ id: string; code: string }>`
      SELECT o.id, o.code FROM organisations o JOIN findings f ON f.org_id = o.id
      WHERE NOT EXISTS (SELECT 1 FROM organisations c WHERE c.parent_id = o.id) AND f.status <> 'fixed'
      GROUP BY o.id, o.code ORDER BY count(*) DESC, o.code`.execute(database.db)
  ).rows;
}

describe.skipIf(skipped !== null)('Ward on Citus, beside PostgreSQL', () => {
  let postgres: Database;
  let citus: Database;
  let citusUrl: string;

  beforeAll(async () => {
    postgres = await openTestDatabase('postgres');
    citus = await openTestDatabase('citus');
    const coordinator = 'coordinator' in cluster ? cluster.coordinator : '';
    citusUrl = coordinator.replace(/\/postgres$/, `/${citus.location.split('/').pop()}`);
    for (const database of [postgres, citus]) {
      await loadShippedIntel(database);
      await loadFederation(database, FEDERATION);
    }
  }, 600_000);

  afterAll(async () => {
    await postgres?.close();
    await citus?.close();
  });

  it('places every table as the Citus layout says', async () => {
    const placed = (
      await sql<{ name: string; kind: string }>`
        SELECT logicalrelid::regclass::text AS name,
          CASE WHEN partmethod = 'h' THEN 'distributed' WHEN repmodel = 't' THEN 'reference' ELSE 'local' END AS kind
        FROM pg_dist_partition`.execute(citus.db)
    ).rows;
    const kinds = new Map(placed.map((p) => [p.name, p.kind]));
    for (const [table, placement] of Object.entries(CITUS_LAYOUT)) {
      // A coordinator table Citus keeps as it is, or as a "Citus local" table when it references a reference table.
      const expected = placement.kind === 'local' ? [undefined, 'local'] : [placement.kind];
      expect(expected, table).toContain(kinds.get(table));
    }
    const colocation = await sql<{ groups: number }>`
      SELECT count(DISTINCT colocationid)::int AS groups FROM pg_dist_partition WHERE partmethod = 'h'`.execute(
      citus.db,
    );
    expect(colocation.rows[0]?.groups).toBe(1);
  });

  it('loads the same federation and finds the same exposure as PostgreSQL', async () => {
    const expected = await findingsByCode(postgres);
    expect(expected.length).toBeGreaterThan(100);
    expect(await findingsByCode(citus)).toEqual(expected);
  });

  it('imports an inventory and matches it incrementally, and a full recompute agrees', async () => {
    const [leaf] = await leavesWithFindings(postgres);
    if (!leaf) throw new Error('no organisation with findings');
    const inventory = inventoryCsv([
      { id: 'CITUS-PC-1', components: [WIN7_SP1, SMB1] },
      { id: 'CITUS-MRI-1', type: 'medical_device', zone: 'clinical', components: [WIN7_SP1, SMB1] },
    ]);
    const results = [];
    for (const database of [postgres, citus]) results.push(await importCsv(database, leaf.code, inventory));
    expect(results[1]).toEqual(results[0]);
    expect(await whoIsExposed(citus, SYSTEM_ACTOR, 'CVE-2017-0144')).toEqual(
      await whoIsExposed(postgres, SYSTEM_ACTOR, 'CVE-2017-0144'),
    );
    const before = await findingsByCode(citus);
    await recomputeExposure(citus, SYSTEM_ACTOR);
    expect(await findingsByCode(citus)).toEqual(before);
    expect(before).toEqual(await findingsByCode(postgres));
  });

  it('gives an organisation the same worklist as PostgreSQL', async () => {
    const [leaf] = await leavesWithFindings(postgres);
    if (!leaf) throw new Error('no organisation with findings');
    // When a finding was first seen differs by the moment each database loaded it.
    const worklistOf = async (database: Database) =>
      (await listExposure(database, SYSTEM_ACTOR, { org: leaf.code, limit: 500 })).map(
        ({ firstSeen: _, ...finding }) => finding,
      );
    const worklist = await worklistOf(postgres);
    expect(worklist.length).toBeGreaterThan(0);
    expect(await worklistOf(citus)).toEqual(worklist);
  });

  // Not yet: the summary's device counts (deviceCountsSql) take the exceptions out with a
  // correlated ARRAY(… EXCEPT …) over a CTE, which Citus cannot push down to the shards.
  it.todo("gives an organisation's summary and the national roll-up the same as PostgreSQL");

  it('runs the national roll-up as parallel tasks on every worker', async () => {
    const root = await sql<{ id: string }>`SELECT id FROM organisations WHERE parent_id IS NULL`.execute(
      citus.db,
    );
    const national = recorder();
    await summariseFindings(national.db, scopeFor(SYSTEM_ACTOR, 'read'), root.rows[0]?.id ?? '');
    const [rollup] = national.queries;
    if (!rollup) throw new Error('the roll-up ran no statement');
    const plan = await explain(citusUrl, rollup);
    expect(Math.max(...plan.tasks)).toBeGreaterThan(1);
    const workerPorts = 'workers' in cluster ? cluster.workers.map((w) => new URL(w).port) : [];
    expect(workerPorts).toHaveLength(2);
    for (const port of workerPorts) expect(plan.ports).toContain(port);
  });

  // Not yet: the worklist reads every shard. Its effective status and "seen from outside" are
  // correlated subqueries among the output columns (Citus routes none of those), and its subtree
  // filter is a subquery on the closure table rather than the organisations by value.
  it.todo("routes an organisation's worklist to one shard (EXPLAIN: one task)");
});
