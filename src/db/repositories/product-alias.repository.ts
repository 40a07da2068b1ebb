/**
 * Product aliases: proposals that an inventory product key and an advisory product key name the
 * same product, the national decision on each, and the match rules a confirmed alias clones from
 * the advisory key onto the inventory key (`match_rules.alias_id`).
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { AliasStatus } from '../../domain/identity/product-identity.js';
import type { AdvisoryProductTable, ComponentTable, DB, ProductAliasTable } from '../schema.js';
import { inScope, underOrg } from '../scope.js';
import { insertRules, type MatchRuleRow } from './intel.repository.js';

type Executor = Kysely<DB>;

/** A vendor/product-keyed installed component (no CPE, no purl) that some asset has. */
export type TripleComponent = Pick<Selectable<ComponentTable>, 'key' | 'version' | 'update' | 'scheme'>;

/**
 * Installed vendor/product-keyed components, of the given keys or (null) of every such key. A
 * semi-join by value, not a correlated EXISTS: Citus cannot correlate a tenant table
 * (asset_components) with a reference table (components); PostgreSQL plans both alike.
 */
export async function installedTripleComponents(
  db: Executor,
  keys: readonly string[] | null,
): Promise<TripleComponent[]> {
  if (keys !== null && keys.length === 0) return [];
  const only = keys === null ? sql`` : sql`AND c.key IN (${sql.join(keys)})`;
  // A join rather than a correlated EXISTS, which Citus cannot run from a reference table
  // (components) into a distributed one (asset_components); an uncorrelated IN would ship every
  // installed pair to the coordinator. Grouped by the component's id: each component once.
  const rows = await sql<TripleComponent & { id: number }>`
    SELECT DISTINCT c.id, c.key, c.version, c.update, c.scheme FROM components c
    JOIN asset_components ac ON ac.component_id = c.id
    WHERE c.cpe IS NULL AND c.purl IS NULL AND c.key LIKE 'a:%' ${only}`.execute(db);
  return rows.rows.map(({ key, version, update, scheme }) => ({ key, version, update, scheme }));
}

/** An advisory's product as stored, for identity resolution. */
export type StoredAdvisoryProduct = Pick<
  Selectable<AdvisoryProductTable>,
  'advisory_id' | 'product_id' | 'name' | 'vendor' | 'product' | 'cpe' | 'purl'
>;

/** Products named by vendor and product (no CPE or purl), of the given advisories or (null) of all. */
export async function namedAdvisoryProducts(
  db: Executor,
  advisoryIds: readonly string[] | null,
): Promise<StoredAdvisoryProduct[]> {
  if (advisoryIds !== null && advisoryIds.length === 0) return [];
  let q = db
    .selectFrom('advisory_products')
    .select(['advisory_id', 'product_id', 'name', 'vendor', 'product', 'cpe', 'purl'])
    .where('vendor', 'is not', null)
    .where('product', 'is not', null)
    .where('cpe', 'is', null)
    .where('purl', 'is', null);
  if (advisoryIds !== null) q = q.where('advisory_id', 'in', advisoryIds);
  return q.orderBy('advisory_id').orderBy('product_id').execute();
}

/** Stores rules cloned for an alias; returns their ids. */
export async function insertAliasRules(
  trx: Executor,
  aliasId: number,
  rules: readonly MatchRuleRow[],
): Promise<number[]> {
  return insertRules(trx, rules, aliasId);
}

/** How many rules an alias has cloned. */
export async function countAliasRules(db: Executor, aliasId: number): Promise<number> {
  const row = await db
    .selectFrom('match_rules')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('alias_id', '=', aliasId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Removes an alias's cloned rules and their matches; returns the CVEs they were for. */
export async function deleteAliasRules(trx: Executor, aliasId: number): Promise<string[]> {
  const cves = await sql<{ cve_id: string }>`
    SELECT DISTINCT cve_id FROM match_rules WHERE alias_id = ${aliasId} ORDER BY cve_id`.execute(trx);
  const ids = sql`SELECT id FROM match_rules WHERE alias_id = ${aliasId}`;
  await sql`DELETE FROM condition_matches WHERE rule_id IN (${ids})`.execute(trx);
  await sql`DELETE FROM component_matches WHERE rule_id IN (${ids})`.execute(trx);
  await sql`DELETE FROM match_rules WHERE alias_id = ${aliasId}`.execute(trx);
  return cves.rows.map((r) => r.cve_id);
}

/**
 * Deletes the findings a rejected alias leaves behind: those of the inventory key's components for
 * its CVEs that the refresh has just marked fixed (they were never true, so they are not remediation).
 */
export async function deleteFixedFindings(
  trx: Executor,
  inventoryKey: string,
  cveIds: readonly string[],
): Promise<number> {
  if (cveIds.length === 0) return 0;
  const result = await sql`
    DELETE FROM findings f USING components c
    WHERE c.id = f.component_id AND c.key = ${inventoryKey} AND f.status = 'fixed'
      AND f.cve_id IN (${sql.join(cveIds)})`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** A proposal as the proposer writes it. */
export interface AliasProposal {
  advisoryKey: string;
  inventoryKey: string;
  advisoryVendor: string;
  advisoryProduct: string;
  advisories: string[];
  cves: string[];
  versions: string[];
  evidence: unknown;
}

/** Inserts new proposals and refreshes the evidence of known pairs (their status is kept); returns how many were new. */
export async function upsertProposals(trx: Executor, proposals: readonly AliasProposal[]): Promise<number> {
  let added = 0;
  for (const p of proposals) {
    // The conflict's row carries the column's default, now(): Citus takes no function call in DO UPDATE SET.
    const row = await sql<{ inserted: boolean }>`
      INSERT INTO product_aliases AS a
        (advisory_key, inventory_key, advisory_vendor, advisory_product, advisories, cves, versions, evidence)
      VALUES (${p.advisoryKey}, ${p.inventoryKey}, ${p.advisoryVendor}, ${p.advisoryProduct},
        ${sql.val(p.advisories)}::text[], ${sql.val(p.cves)}::text[], ${sql.val(p.versions)}::text[],
        ${JSON.stringify(p.evidence)}::jsonb)
      ON CONFLICT (advisory_key, inventory_key) DO UPDATE SET
        advisory_vendor = excluded.advisory_vendor, advisory_product = excluded.advisory_product,
        advisories = excluded.advisories, cves = excluded.cves, versions = excluded.versions,
        evidence = excluded.evidence, updated_at = excluded.updated_at
      WHERE (a.advisories, a.cves, a.versions, a.evidence) IS DISTINCT FROM
        (excluded.advisories, excluded.cves, excluded.versions, excluded.evidence)
      RETURNING (a.xmax = 0) AS inserted`.execute(trx);
    if (row.rows[0]?.inserted) added++;
  }
  return added;
}

export type AliasRow = Selectable<ProductAliasTable>;

/** One alias by id (whatever the caller's scope: callers check it). */
export async function findAlias(db: Executor, id: number): Promise<AliasRow | undefined> {
  return db.selectFrom('product_aliases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Confirmed aliases whose advisory key is one of these. */
export async function confirmedAliasesFor(
  db: Executor,
  advisoryKeys: readonly string[],
): Promise<AliasRow[]> {
  if (advisoryKeys.length === 0) return [];
  return db
    .selectFrom('product_aliases')
    .selectAll()
    .where('status', '=', 'confirmed')
    .where('advisory_key', 'in', advisoryKeys)
    .orderBy('id')
    .execute();
}

/** Every confirmed alias (a full recompute applies them all again). */
export async function confirmedAliases(db: Executor): Promise<AliasRow[]> {
  return db
    .selectFrom('product_aliases')
    .selectAll()
    .where('status', '=', 'confirmed')
    .orderBy('id')
    .execute();
}

export async function setDecision(
  trx: Executor,
  id: number,
  decision: { status: AliasStatus; by: string; reason: string | null },
): Promise<AliasRow> {
  return trx
    .updateTable('product_aliases')
    .set({
      status: decision.status,
      decided_by: decision.by,
      reason: decision.reason,
      decided_at: new Date(),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An alias with what the caller's part of the federation has of it. */
export type ScopedAliasRow = AliasRow & {
  /** Live devices in scope with the inventory product at a version the advisories name. */
  devices: number;
  /** Organisations in scope with such devices. */
  organisations: number;
};

export interface AliasQuery {
  /** Only this alias. */
  id?: number;
  status?: AliasStatus;
  /** Only aliases touching the inventory of this organisation's subtree. */
  underOrgId?: string | null;
  afterId?: number | null;
  limit: number;
}

/**
 * Aliases touching the inventory in scope (the full scope sees every proposal, touching anyone or
 * not), oldest first, with the devices and organisations in scope they concern.
 */
export async function listAliases(db: Executor, scope: Scope, q: AliasQuery): Promise<ScopedAliasRow[]> {
  const orgFilter = sql`${inScope('ac.org_id', scope)} ${q.underOrgId ? sql`AND ${underOrg('ac.org_id', q.underOrgId)}` : sql``}`;
  const touching = scope.all && !q.underOrgId ? sql`` : sql`AND coalesce(t.devices, 0) > 0`;
  const which = sql`${q.id ? sql`AND p.id = ${q.id}` : sql``} ${q.status ? sql`AND p.status = ${q.status}` : sql``}
    ${q.afterId ? sql`AND p.id > ${q.afterId}` : sql``}`;
  // The counts as a join grouped by alias, not a LATERAL per alias: Citus cannot run a lateral
  // join from a reference table (product_aliases) into distributed ones (assets, their components).
  const rows = await sql<ScopedAliasRow>`
    WITH t AS (
      SELECT p.id AS alias_id, count(DISTINCT (ac.org_id, ac.asset_id)) AS devices,
        count(DISTINCT ac.org_id) AS organisations
      FROM product_aliases p
      JOIN components c ON c.key = p.inventory_key AND c.version = ANY (p.versions)
      JOIN asset_components ac ON ac.component_id = c.id
      JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.retired_at IS NULL
      WHERE ${orgFilter} ${which}
      GROUP BY p.id
    )
    SELECT p.*, coalesce(t.devices, 0)::int AS devices, coalesce(t.organisations, 0)::int AS organisations
    FROM product_aliases p
    LEFT JOIN t ON t.alias_id = p.id
    WHERE true ${which} ${touching}
    ORDER BY p.id
    LIMIT ${q.limit}`.execute(db);
  return rows.rows;
}
