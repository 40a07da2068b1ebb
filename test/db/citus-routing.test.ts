/**
 * Routing over the HTTP API on a real Citus cluster (a coordinator and two workers), counted by
 * Citus itself (citus_stat_statements, src/db/citus/routing.ts): a trust's and a practice's calls
 * about their own organisation — worklist, summary, assets, an alert response — run only router
 * queries against the tenant tables (each on the one shard holding that organisation), and the
 * national roll-up runs across shards. Runs with WARD_TEST_CITUS=1 (else skips, saying so).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RoutingReport,
  routingSince,
  routingSnapshot,
  touchesTable,
} from '../../src/db/citus/routing.js';
import type { Database } from '../../src/db/connect.js';
import { cliActor } from '../../src/domain/access/actor.js';
import { systemClock } from '../../src/domain/alerts/clock.js';
import { buildApp } from '../../src/http/app.js';
import { issueAlert } from '../../src/services/alerts/index.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import {
  ADMIN_CLI,
  createTestUsers,
  type TestIdentity,
  type TestUser,
} from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { citusCluster, openTestDatabase } from '../setup/engines.js';

const cluster = citusCluster();
const skipped = 'skipped' in cluster ? cluster.skipped : null;
if (skipped) console.log(`[citus] the Citus routing suite is skipped: ${skipped}`);

describe('touchesTable', () => {
  it('finds a table read, joined or written, quoted or not, and not a column or alias of that name', () => {
    expect(touchesTable('select * from "findings" where "org_id" = $1', 'findings')).toBe(true);
    expect(touchesTable('SELECT 1 FROM assets a JOIN findings f ON f.org_id = a.org_id', 'findings')).toBe(
      true,
    );
    expect(touchesTable('insert into "alert_targets" ("org_id") values ($1)', 'alert_targets')).toBe(true);
    expect(touchesTable('UPDATE findings SET status = $1', 'findings')).toBe(true);
    expect(touchesTable('select count(*) as findings from "cves"', 'findings')).toBe(false);
    expect(touchesTable('select "findings_total" from "org_rollups"', 'findings')).toBe(false);
    expect(touchesTable('select * from "findings_archive"', 'findings')).toBe(false);
  });
});

describe.skipIf(skipped !== null)('Citus routes API calls', () => {
  let database: Database;
  let app: FastifyInstance;
  let users: Record<TestUser, TestIdentity>;
  /** The WannaCry alert, issued on the cluster. */
  let alert: { reference: string };

  beforeAll(async () => {
    database = await openTestDatabase('citus');
    await importOrganisations(database, ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(database);
    for (const org of ['RJ7', 'RAL', 'A84001']) {
      await importCsv(
        database,
        org,
        inventoryCsv([
          { id: `${org}-PC-1`, components: [WIN7_SP1, SMB1] },
          { id: `${org}-PC-2`, components: [WIN7_SP1, SMB1, 'mozilla,firefox,52.0'] },
        ]),
      );
    }
    users = await createTestUsers(database);
    alert = await issueAlert(
      database,
      { actor: cliActor('test'), clock: systemClock, render: { publicUrl: null } },
      {
        title: 'WannaCry',
        severity: 'high',
        action: 'patch MS17-010',
        cves: ['CVE-2017-0144'],
        advisory: null,
        targets: [],
      },
    );
    app = await buildApp({ database, oidc: null });
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  /** Makes one API call as `user` and returns how Citus routed the statements it ran. */
  async function routed(
    user: TestUser,
    url: string,
    payload?: Record<string, unknown>,
  ): Promise<RoutingReport> {
    const before = await routingSnapshot(database.db);
    const res = await app.inject({
      method: payload ? 'POST' : 'GET',
      url,
      headers: { authorization: `Bearer ${users[user].token}` },
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, res.body).toBe(200);
    return routingSince(database.db, before);
  }

  /** Every tenant-table statement was a router query, and there was at least one. */
  function expectOnlyRouter(report: RoutingReport) {
    expect(report.evictions, 'the statement statistics evicted entries during the call').toBe(0);
    expect(report.notRouted).toEqual([]);
    expect(report.router).toBeGreaterThan(0);
    expect(report.routerShare).toBe(1);
  }

  it("counts Citus's own routing: one organisation's rows, every organisation's, reference rows only", async () => {
    const ral = await sql<{ id: string }>`SELECT id FROM organisations WHERE code = 'RAL'`.execute(
      database.db,
    );
    const orgId = ral.rows[0]?.id;
    let before = await routingSnapshot(database.db);
    await sql`SELECT count(*) FROM findings WHERE org_id = ${orgId}`.execute(database.db);
    expect(await routingSince(database.db, before)).toMatchObject({
      router: 1,
      multiShard: 0,
      routerShare: 1,
      notRouted: [],
      executions: { singleShard: 1, multiShard: 0 },
    });
    before = await routingSnapshot(database.db);
    await sql`SELECT count(*) FROM findings f JOIN assets a ON a.org_id = f.org_id`.execute(database.db);
    const everyOrg = await routingSince(database.db, before);
    expect(everyOrg).toMatchObject({ router: 0, multiShard: 1, routerShare: 0 });
    expect(everyOrg.executions.multiShard).toBe(1);
    expect(everyOrg.notRouted.map((s) => s.query)).toEqual([
      'SELECT count(*) FROM findings f JOIN assets a ON a.org_id = f.org_id',
    ]);
    before = await routingSnapshot(database.db);
    await sql`SELECT count(*) FROM vulnerabilities WHERE cve_id = ${'CVE-2017-0144'}`.execute(database.db);
    expect(await routingSince(database.db, before)).toMatchObject({
      router: 0,
      multiShard: 0,
      referenceOnly: 1,
      routerShare: null,
    });
  });

  it("runs a national user's asset list across shards", async () => {
    const report = await routed('nat_analyst', '/api/v1/assets');
    expect(report.multiShard).toBeGreaterThan(0);
    expect(report.routerShare).toBeLessThan(1);
    expect(report.notRouted.some((s) => touchesTable(s.query, 'assets'))).toBe(true);
  });

  // The calls below are about one organisation each (RAL is a trust without sites, A84001 a
  // practice) and run on the one shard that holds it: reads filter the organisation's subtree by
  // value (src/db/scope.ts `subtreeOrgIds`/`orgIdIn`) beside the closure-table predicate.

  it("routes a trust's assets to its shard", async () => {
    expectOnlyRouter(await routed('ral_responder', '/api/v1/assets?org=RAL'));
  });

  it("routes a practice's assets to its shard", async () => {
    expectOnlyRouter(await routed('a84_viewer', '/api/v1/assets?org=A84001'));
  });

  it("routes a trust's worklist to its shard", async () => {
    expectOnlyRouter(await routed('ral_responder', '/api/v1/findings?org=RAL'));
  });

  it("routes a practice's worklist to its shard", async () => {
    expectOnlyRouter(await routed('a84_viewer', '/api/v1/findings?org=A84001'));
  });

  it("routes a trust's summary to its shard", async () => {
    expectOnlyRouter(await routed('ral_responder', '/api/v1/exposure/summary?org=RAL'));
  });

  it("routes a practice's summary to its shard", async () => {
    expectOnlyRouter(await routed('a84_viewer', '/api/v1/exposure/summary?org=A84001'));
  });

  // The response's own rows (its target, its event) are router statements; the alert's maintained
  // counts are kept per ancestor (the trust, its region, the nation), each on its own shard, so
  // their upkeep is the one statement allowed to reach other shards.
  it("routes a trust's alert response to its shard", async () => {
    const report = await routed('ral_responder', `/api/v1/alerts/${alert.reference}/responses`, {
      orgs: ['RAL'],
      status: 'acknowledged',
    });
    expect(report.notRouted.filter((s) => !touchesTable(s.query, 'alert_target_counts'))).toEqual([]);
    expect(report.router).toBeGreaterThan(0);
  });

  // The national roll-up: one statement over every shard, in parallel.
  it('runs the national roll-up across shards', async () => {
    const report = await routed('nat_analyst', '/api/v1/exposure/summary');
    expect(report.multiShard).toBeGreaterThan(0);
    expect(report.executions.multiShard).toBeGreaterThan(0);
    expect(report.routerShare).toBeLessThan(1);
  });
});
