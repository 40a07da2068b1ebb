/**
 * Ward on a real Citus cluster (a coordinator and two workers, test/setup/citus.ts) beside plain
 * PostgreSQL: the migrations place every table as the Citus layout says, the same federation and
 * inventory give the same findings, worklist and summaries on both, and the queries route as the
 * design promises — an organisation's worklist to one shard, the national roll-up in parallel
 * across the workers. Runs with WARD_TEST_CITUS=1 (else skips, saying so).
 */

import { randomUUID } from 'node:crypto';
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
import { lockTargets } from '../../src/db/repositories/alert-target.repository.js';
import { exposedDeviceCvesSql } from '../../src/db/repositories/exposure/exposed-cells.sql.js';
import { summariseFindings } from '../../src/db/repositories/exposure/exposure.repository.js';
import type { DB } from '../../src/db/schema.js';
import { SYSTEM_ACTOR, scopeFor } from '../../src/domain/access/actor.js';
import { addException } from '../../src/services/exposure/exception.service.js';
import { listExposure, summariseExposure, whoIsExposed } from '../../src/services/exposure/read.service.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { loadFederation } from '../../src/services/federation/federation-load.service.js';
import { loadNvd } from '../../src/services/intel/intel-load.service.js';
import { loadShippedIntel, snapshotNvdRecord } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { citusCluster, openTestDatabase } from '../setup/engines.js';

const cluster = citusCluster();
const skipped = 'skipped' in cluster ? cluster.skipped : null;
if (skipped) console.log(`[citus] the Citus suite is skipped: ${skipped}`);

const FEDERATION = { orgs: 60, devices: 1_500, componentsPerDevice: 20, seed: 5, regions: 2, icbs: 4 };

/**
 * Compiles the statements a repository function or service runs: without running them, or, with
 * `forward` (a client of the database), running each one there as it is recorded so the code reads
 * real rows. Transactions are not opened: each statement commits on its own.
 */
function recorder(forward?: pg.Client): { db: Kysely<DB>; queries: CompiledQuery[] } {
  const queries: CompiledQuery[] = [];
  const connection: DatabaseConnection = {
    executeQuery: async <R>(query: CompiledQuery) => {
      queries.push(query);
      if (!forward) return { rows: [] as R[] };
      const result = await forward.query(query.sql, query.parameters as unknown[]);
      return { rows: result.rows as R[], numAffectedRows: BigInt(result.rowCount ?? 0) };
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

/** A client of the Citus database that reads bigints as numbers, as Ward's own pool does. */
async function clientOf(url: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  await client.connect();
  return client;
}

/**
 * Runs `work` on the Citus database through a forwarding recorder and EXPLAINs every statement it
 * ran that reads or writes rows: each statement's task counts and the workers they ran on.
 */
async function plansOf(
  url: string,
  work: (database: Database) => Promise<unknown>,
): Promise<{ sql: string; tasks: number[]; ports: Set<string> }[]> {
  const client = await clientOf(url);
  try {
    const recording = recorder(client);
    await work({ db: recording.db, engine: 'postgres', location: url, close: async () => {} });
    const statements = recording.queries.filter((q) =>
      /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(q.sql),
    );
    const plans = [];
    for (const q of statements) plans.push({ sql: q.sql, ...(await explain(url, q)) });
    return plans;
  } finally {
    await client.end();
  }
}

/** Statements that are not router queries: more than one task, or tasks on more than one worker. */
function notRouted(plans: { sql: string; tasks: number[]; ports: Set<string> }[]): string[] {
  return plans
    .filter((p) => p.tasks.some((t) => t !== 1) || p.ports.size > 1)
    .map(
      (p) =>
        `${p.tasks.join(',')} tasks on ${p.ports.size} workers: ${p.sql.replace(/\s+/g, ' ').slice(0, 300)}`,
    );
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

  it("gives an organisation's summary and the national roll-up the same as PostgreSQL", async () => {
    const [leaf] = await leavesWithFindings(postgres);
    if (!leaf) throw new Error('no organisation with findings');
    const parent = await sql<{ code: string }>`
      SELECT p.code FROM organisations o JOIN organisations p ON p.id = o.parent_id WHERE o.id = ${leaf.id}`.execute(
      postgres.db,
    );
    const trust = parent.rows[0]?.code ?? '';
    // Exceptions change the counts: one for the whole organisation, one for a single device.
    const cves = await sql<{ cve_id: string; asset_id: string }>`
      SELECT (array_agg(u.cve_id ORDER BY u.cve_id))[1] AS cve_id, a.asset_key AS asset_id
      FROM (${exposedDeviceCvesSql(sql`d.org_id = ${leaf.id}`)}) u JOIN assets a ON a.org_id = u.org_id AND a.id = u.asset_id
      GROUP BY a.asset_key ORDER BY count(DISTINCT u.cve_id), a.asset_key LIMIT 2`.execute(postgres.db);
    const [whole, device] = cves.rows;
    if (!whole || !device) throw new Error('no exposed devices');
    for (const database of [postgres, citus]) {
      const excepted = { reason: 'r', controls: 'c', expires: '2099-01-01', org: leaf.code };
      await addException(database, SYSTEM_ACTOR, { ...excepted, cve: whole.cve_id });
      await addException(database, SYSTEM_ACTOR, { ...excepted, cve: device.cve_id, asset: device.asset_id });
    }
    for (const code of [leaf.code, trust, null]) {
      const expected = await summariseExposure(postgres, SYSTEM_ACTOR, code);
      expect(expected.totals.devicesExposed, code ?? 'national').toBeGreaterThan(0);
      expect(await summariseExposure(citus, SYSTEM_ACTOR, code), code ?? 'national').toEqual(expected);
    }
  });

  it('re-matches a changed CVE and a new one as PostgreSQL does', async () => {
    // A CVE the federation has, its fixed-in versions raised so newer versions match too.
    const common = await sql<{ cve_id: string }>`
      SELECT cve_id FROM findings GROUP BY cve_id ORDER BY count(*) DESC, cve_id`.execute(postgres.db);
    let widened: { page: unknown; record: unknown } | null = null;
    for (const { cve_id } of common.rows) {
      let found: ReturnType<typeof snapshotNvdRecord>;
      try {
        found = snapshotNvdRecord(cve_id);
      } catch {
        continue;
      }
      const text = JSON.stringify(found.record);
      if (!text.includes('versionEndExcluding')) continue;
      const record = JSON.parse(
        text.replace(/"versionEndExcluding":"[^"]*"/g, '"versionEndExcluding":"9999"'),
      );
      record.cve.lastModified = '2026-11-20T00:00:00.000';
      widened = { page: found.page, record };
      break;
    }
    if (!widened) throw new Error('no CVE with a version range among the findings');
    // A new CVE on an application the federation runs.
    const app = await sql<{ cpe: string }>`
      SELECT c.cpe FROM components c JOIN findings f ON f.component_id = c.id
      WHERE c.cpe LIKE 'cpe:2.3:a:%' GROUP BY c.cpe ORDER BY count(*) DESC, c.cpe LIMIT 1`.execute(
      postgres.db,
    );
    const cpe = app.rows[0]?.cpe;
    if (!cpe) throw new Error('no application among the findings');
    // biome-ignore lint/suspicious/noExplicitAny: the test writes a raw NVD record
    const fresh = JSON.parse(JSON.stringify(widened.record)) as any;
    fresh.cve.id = 'CVE-2026-0001';
    fresh.cve.configurations = [
      {
        nodes: [
          {
            operator: 'OR',
            negate: false,
            cpeMatch: [{ vulnerable: true, criteria: cpe, matchCriteriaId: 'X' }],
          },
        ],
      },
    ];
    const before = (await findingsByCode(postgres)).length;
    for (const database of [postgres, citus])
      await loadNvd(
        database,
        Buffer.from(
          JSON.stringify({ ...(widened.page as object), vulnerabilities: [widened.record, fresh] }),
        ),
        { name: 'changed.json' },
      );
    const expected = await findingsByCode(postgres);
    expect(expected.length).toBeGreaterThan(before);
    expect(expected.some((f) => f.cve_id === 'CVE-2026-0001')).toBe(true);
    expect(await findingsByCode(citus)).toEqual(expected);
    expect(await summariseExposure(citus, SYSTEM_ACTOR, null)).toEqual(
      await summariseExposure(postgres, SYSTEM_ACTOR, null),
    );
  });

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

  it("routes an organisation's worklist, summary and alert response lock to one shard (EXPLAIN: one task)", async () => {
    const [leaf] = await leavesWithFindings(citus);
    if (!leaf) throw new Error('no organisation with findings');
    const worklist = await plansOf(citusUrl, async (database) => {
      await listExposure(database, SYSTEM_ACTOR, { org: leaf.code });
      await listExposure(database, SYSTEM_ACTOR, { org: leaf.code, all: true, seenFromOutside: false });
    });
    expect(worklist.filter((p) => /FROM findings f/.test(p.sql))).toHaveLength(2);
    expect(notRouted(worklist)).toEqual([]);
    const summary = await plansOf(citusUrl, (database) =>
      summariseExposure(database, SYSTEM_ACTOR, leaf.code),
    );
    expect(summary.some((p) => /exposure_rollup/.test(p.sql))).toBe(true);
    expect(summary.some((p) => /device_rollup/.test(p.sql))).toBe(true);
    expect(notRouted(summary)).toEqual([]);
    // An alert response locks the organisation's target first (then updates it and the maintained
    // counts of every ancestor, which span shards by design): the lock reads one shard.
    const response = recorder();
    await lockTargets(response.db, randomUUID(), { orgIds: [leaf.id] }, scopeFor(SYSTEM_ACTOR, 'write'));
    const [lock] = response.queries;
    if (!lock) throw new Error('the response locked no target');
    expect(notRouted([{ sql: lock.sql, ...(await explain(citusUrl, lock)) }])).toEqual([]);
  });
});
