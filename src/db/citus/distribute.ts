/**
 * The distribution step of `ward db migrate` on a Citus coordinator: after the ordinary
 * migrations, makes the organisation tree, the intel and the small global tables reference tables
 * and shards the tenant tables by organisation, co-located (layout.ts). Checks the whole plan
 * before placing anything; each placement is Citus's own (it copies rows already there), and a
 * table already placed is left alone, so running it again places only what is new. PGlite and
 * plain PostgreSQL have no Citus extension and are left exactly as they are.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { DatabaseError } from '../../errors.js';
import type { DB } from '../schema.js';
import { readTableFacts } from './catalog.js';
import { CITUS_LAYOUT, DISTRIBUTION_COLUMN, MIGRATION_TABLES } from './layout.js';
import { type DistributionPlan, planDistribution } from './plan.js';

export interface CitusPlacement {
  /** The Citus extension's version on the coordinator. */
  citus: string;
  workers: number;
  reference: string[];
  distributed: string[];
  local: string[];
  /** Tables placed by this run (empty when everything already was). */
  placed: string[];
}

/** The Citus extension's version in this database, or null (PGlite, plain PostgreSQL). */
export async function citusVersion(db: Kysely<DB>): Promise<string | null> {
  const rows = await sql<{ version: string }>`
    SELECT extversion AS version FROM pg_extension WHERE extname = 'citus'`.execute(db);
  return rows.rows[0]?.version ?? null;
}

/**
 * On Citus, for the rest of the transaction: reach the coordinator's copies of reference tables
 * through connections like any worker's rather than in-process. A bulk load reads a reference
 * table and then copies into it, indexes and analyses tenant tables in one transaction, which
 * Citus refuses once it has read in-process. Nothing elsewhere.
 */
export async function withoutLocalExecution(trx: Transaction<DB>): Promise<void> {
  if (await citusVersion(trx)) await sql`SET LOCAL citus.enable_local_execution TO off`.execute(trx);
}

/**
 * On Citus, for the rest of the transaction: run multi-shard statements over one connection per
 * worker. A bulk import writes tenant rows of many organisations and then reads them back, joined
 * with their co-located tables, or writes a reference table: Citus refuses both once the rows were
 * written (or read) over several connections to a worker. Call it first in the transaction.
 * Nothing elsewhere.
 */
export async function oneConnectionPerWorker(trx: Transaction<DB>): Promise<void> {
  if (await citusVersion(trx)) await sql`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`.execute(trx);
}

async function enableCitus(db: Kysely<DB>): Promise<string> {
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS citus`.execute(db);
  } catch (error) {
    throw new DatabaseError(
      `--citus: this server cannot load Citus (${(error as Error).message}): install Citus and add it to shared_preload_libraries on every node`,
    );
  }
  return (await citusVersion(db)) ?? 'unknown';
}

/** Tables Citus already placed: `h` hash-distributed, `t` reference, `s` coordinator (Citus local). */
async function currentPlacements(db: Kysely<DB>): Promise<Map<string, string>> {
  const rows = await sql<{ name: string; kind: string }>`
    SELECT logicalrelid::regclass::text AS name,
      CASE WHEN partmethod = 'h' THEN 'h' WHEN repmodel = 't' THEN 't' ELSE 's' END AS kind
    FROM pg_dist_partition`.execute(db);
  return new Map(rows.rows.map((r) => [r.name, r.kind]));
}

/** The coordinator's own copies of reference-table shards, to leave out of the catalog. */
async function shardNames(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await sql<{ name: string }>`
    SELECT logicalrelid::regclass::text || '_' || shardid AS name FROM pg_dist_shard`.execute(db);
  return new Set(rows.rows.map((r) => r.name));
}

async function workerCount(db: Kysely<DB>): Promise<number> {
  const rows = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_dist_node WHERE groupid <> 0 AND isactive AND noderole = 'primary'`.execute(
    db,
  );
  return rows.rows[0]?.n ?? 0;
}

/** Checks Ward's tables against the layout (on any engine); throws with every problem found. */
export async function citusPlan(db: Kysely<DB>): Promise<DistributionPlan> {
  const shards = (await citusVersion(db)) ? await shardNames(db) : new Set<string>();
  const tables = (await readTableFacts(db)).filter((t) => !shards.has(t.name));
  const plan = planDistribution(tables, CITUS_LAYOUT, MIGRATION_TABLES);
  if (plan.problems.length) {
    throw new DatabaseError(
      `Ward's tables cannot be placed on Citus as they are:\n  ${plan.problems.join('\n  ')}`,
    );
  }
  return plan;
}

interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

/** The foreign keys from or to the tables about to be placed. */
async function foreignKeysOf(db: Kysely<DB>, tables: Set<string>): Promise<ForeignKey[]> {
  const rows = await sql<ForeignKey & { target: string }>`
    SELECT conrelid::regclass::text AS table, confrelid::regclass::text AS target, conname AS name,
      pg_get_constraintdef(oid) AS definition
    FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace
    ORDER BY 1, 3`.execute(db);
  return rows.rows.filter((r) => tables.has(r.table) || tables.has(r.target));
}

/**
 * Places the pending tables in one transaction. Their foreign keys are set aside and put back
 * after: Citus would otherwise turn a table that references a new reference table into a
 * coordinator table first, which it cannot then distribute when it has an identity column.
 */
async function place(
  db: Kysely<DB>,
  plan: DistributionPlan,
  current: Map<string, string>,
  pending: Set<string>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Foreign keys to reference tables are checked on every shard: one connection per worker
    // keeps that possible within this transaction.
    await sql`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`.execute(trx);
    const keys = await foreignKeysOf(trx, pending);
    for (const k of keys) {
      await sql`ALTER TABLE ${sql.table(k.table)} DROP CONSTRAINT ${sql.ref(k.name)}`.execute(trx);
    }
    for (const table of plan.reference.filter((t) => pending.has(t))) {
      await sql`SELECT create_reference_table(${table}::regclass)`.execute(trx);
    }
    let anchor = plan.distributed.find((t) => current.get(t) === 'h');
    for (const table of plan.distributed.filter((t) => pending.has(t))) {
      await sql`SELECT create_distributed_table(${table}::regclass, ${DISTRIBUTION_COLUMN},
        colocate_with => ${anchor ?? 'default'})`.execute(trx);
      anchor ??= table;
    }
    for (const k of keys) {
      await sql`ALTER TABLE ${sql.table(k.table)} ADD CONSTRAINT ${sql.ref(k.name)} ${sql.raw(k.definition)}`.execute(
        trx,
      );
    }
  });
}

/**
 * Places Ward's tables on the Citus cluster this database belongs to. Without Citus returns null
 * unless `required` (`ward db migrate --citus`), which creates the extension or says why not.
 */
export async function distributeForCitus(
  db: Kysely<DB>,
  options: { required?: boolean } = {},
): Promise<CitusPlacement | null> {
  let version = await citusVersion(db);
  if (!version) {
    if (!options.required) return null;
    version = await enableCitus(db);
  }
  const plan = await citusPlan(db);
  const current = await currentPlacements(db);
  const pending = [...plan.reference, ...plan.distributed].filter(
    (t) => current.get(t) !== (plan.reference.includes(t) ? 't' : 'h'),
  );
  if (pending.length) await place(db, plan, current, new Set(pending));
  return {
    citus: version,
    workers: await workerCount(db),
    reference: plan.reference,
    distributed: plan.distributed,
    local: plan.local,
    placed: pending,
  };
}
