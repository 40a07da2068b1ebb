/**
 * How the statements Ward ran on a Citus coordinator were routed, from Citus's own statistics:
 * `citus_stat_statements` records every distributed statement by query, executor and — when
 * Citus's router planner sent it to the one shard of a single organisation — that organisation's
 * `org_id` as `partition_key`. A statement over tenant tables without one ran on several shards
 * (or Citus could not tell which organisation it was for); one that reads only reference tables
 * runs on one node and is counted apart. `citus_stat_counters` adds Citus's count of single- and
 * multi-shard executions. Both are cumulative, so a measurement is the difference between two
 * snapshots (`routingSnapshot` before, `routingSince` after) and never resets what others count.
 * Needs `pg_stat_statements` in `shared_preload_libraries`, `citus.stat_statements_track = 'all'`
 * and `citus.enable_stat_counters = on` on the coordinator.
 */
import { type Kysely, sql } from 'kysely';
import { DatabaseError } from '../../errors.js';
import type { DB } from '../schema.js';

interface StatementCalls {
  query: string;
  executor: string;
  partitionKey: string | null;
  calls: number;
}

export interface RoutingSnapshot {
  statements: Map<string, StatementCalls>;
  singleShard: number;
  multiShard: number;
  /** How many times pg_stat_statements has evicted entries to make room. */
  evictions: number;
}

export interface NotRouted {
  query: string;
  executor: string;
  calls: number;
}

export interface RoutingReport {
  /** Calls of statements over tenant tables that Citus routed to one organisation's shard. */
  router: number;
  /** Calls of statements over tenant tables that were not routed to one organisation's shard. */
  multiShard: number;
  /** Calls of statements that read or wrote only reference tables (one node, no shard choice). */
  referenceOnly: number;
  /** router / (router + multiShard); null when no statement touched a tenant table. */
  routerShare: number | null;
  /** Citus's own counts of single-task and multi-task executions (reference-only ones are single). */
  executions: { singleShard: number; multiShard: number };
  /** The statements over tenant tables that were not router queries, most calls first. */
  notRouted: NotRouted[];
  /**
   * Times the statistics evicted their least-used entries since the snapshot: a statement run
   * once may then be missing, so the counts above are a lower bound.
   */
  evictions: number;
}

const key = (s: Omit<StatementCalls, 'calls'> & { queryid: string }) =>
  `${s.queryid}\u0000${s.executor}\u0000${s.partitionKey ?? ''}`;

/** Checks that this coordinator collects the statistics, creating pg_stat_statements' view if needed. */
async function requireStatistics(db: Kysely<DB>): Promise<void> {
  const settings = await sql<{ track: string | null; counters: string | null; preload: string }>`
    SELECT current_setting('citus.stat_statements_track', true) AS track,
      current_setting('citus.enable_stat_counters', true) AS counters,
      current_setting('shared_preload_libraries') AS preload`.execute(db);
  const s = settings.rows[0];
  if (!s?.track) throw new DatabaseError('routing statistics need a Citus coordinator (Citus is not loaded)');
  const missing = [
    ...(s.preload.includes('pg_stat_statements')
      ? []
      : ["shared_preload_libraries = 'citus,pg_stat_statements'"]),
    ...(s.track === 'all' ? [] : ["citus.stat_statements_track = 'all'"]),
    ...(s.counters === 'on' ? [] : ['citus.enable_stat_counters = on']),
  ];
  if (missing.length)
    throw new DatabaseError(`routing statistics need, on the coordinator: ${missing.join(', ')}`);
  await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(db);
}

/** What Citus has counted so far in this database. */
export async function routingSnapshot(db: Kysely<DB>): Promise<RoutingSnapshot> {
  await requireStatistics(db);
  const rows = await sql<StatementCalls & { queryid: string }>`
    SELECT queryid::text AS queryid, query, executor, partition_key AS "partitionKey", calls::float8 AS calls
    FROM citus_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(
    db,
  );
  const counters = await sql<{ single: number; multi: number }>`
    SELECT query_execution_single_shard::float8 AS single, query_execution_multi_shard::float8 AS multi
    FROM citus_stat_counters WHERE name = current_database()`.execute(db);
  const info = await sql<{ dealloc: number }>`
    SELECT dealloc::float8 AS dealloc FROM pg_stat_statements_info`.execute(db);
  return {
    statements: new Map(rows.rows.map((r) => [key(r), r])),
    singleShard: counters.rows[0]?.single ?? 0,
    multiShard: counters.rows[0]?.multi ?? 0,
    evictions: info.rows[0]?.dealloc ?? 0,
  };
}

/** Whether a statement's text names a table as something it reads from or writes to. */
export function touchesTable(query: string, table: string): boolean {
  const name = table.replace(/[^a-z0-9_]/gi, '');
  return new RegExp(`\\b(from|join|into|update|using)\\s+(only\\s+)?"?${name}"?(\\s|$|,|\\))`, 'i').test(
    query,
  );
}

/** The hash-distributed (tenant) tables of this database. */
async function tenantTables(db: Kysely<DB>): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    SELECT logicalrelid::regclass::text AS name FROM pg_dist_partition WHERE partmethod = 'h'`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** How the statements run since `before` were routed. */
export async function routingSince(db: Kysely<DB>, before: RoutingSnapshot): Promise<RoutingReport> {
  const after = await routingSnapshot(db);
  const tenants = await tenantTables(db);
  const report: RoutingReport = {
    router: 0,
    multiShard: 0,
    referenceOnly: 0,
    routerShare: null,
    executions: {
      singleShard: after.singleShard - before.singleShard,
      multiShard: after.multiShard - before.multiShard,
    },
    notRouted: [],
    evictions: after.evictions - before.evictions,
  };
  const notRouted = new Map<string, NotRouted>();
  for (const [k, s] of after.statements) {
    // A count lower than before means the statement's entry was dropped (the table was full) and
    // made again since: all its calls are new.
    const earlier = before.statements.get(k)?.calls ?? 0;
    const calls = s.calls >= earlier ? s.calls - earlier : s.calls;
    if (calls <= 0) continue;
    // The statistics themselves (this module's own reads) are not Ward's work.
    if (/citus_stat_|pg_dist_partition|pg_stat_statements_info/.test(s.query)) continue;
    if (!tenants.some((t) => touchesTable(s.query, t))) report.referenceOnly += calls;
    else if (s.partitionKey !== null) report.router += calls;
    else {
      report.multiShard += calls;
      const seen = notRouted.get(s.query);
      if (seen) seen.calls += calls;
      else notRouted.set(s.query, { query: s.query, executor: s.executor, calls });
    }
  }
  const tenantCalls = report.router + report.multiShard;
  report.routerShare = tenantCalls ? Number((report.router / tenantCalls).toFixed(3)) : null;
  report.notRouted = [...notRouted.values()].sort((a, b) => b.calls - a.calls);
  return report;
}
