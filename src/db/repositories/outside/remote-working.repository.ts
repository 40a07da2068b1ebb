/**
 * Reading remote-working products in use: inventory devices with a catalogue product's components,
 * open external observations, and open known-exploited findings — each in the caller's scope and,
 * when given, one organisation's subtree. The catalogue itself is passed in (product id per key, per
 * CVE), so the SQL knows no product names.
 */
import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import type { Scope } from '../../../domain/access/scope.js';
import type { DB } from '../../schema.js';
import { inScope, underOrg } from '../../scope.js';
import { OPEN_FINDING } from '../exposure/finding.sql.js';
import { confirmedFinding } from '../priority.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** Where to read: the caller's scope, narrowed to one organisation's subtree when `underOrgId` is set. */
export interface Where {
  scope: Scope;
  underOrgId: string | null;
}

function orgFilter(column: string, where: Where): RawBuilder<SqlBool> {
  const scoped = inScope(column, where.scope);
  return where.underOrgId ? sql<SqlBool>`${scoped} AND ${underOrg(column, where.underOrgId)}` : scoped;
}

/** `(VALUES (a, b), …) AS name(c1, c2)` for a small mapping; one null row when empty, so the SQL stays valid. */
function pairs(rows: readonly (readonly [string, string])[], name: string, c1: string, c2: string) {
  const values = rows.length
    ? sql.join(rows.map(([a, b]) => sql`(${a}::text, ${b}::text)`))
    : sql`(NULL::text, NULL::text)`;
  return sql`(VALUES ${values}) AS ${sql.raw(name)}(${sql.raw(c1)}, ${sql.raw(c2)})`;
}

export interface InventoryUseRow {
  product: string;
  org_id: string;
  org_code: string;
  devices: number;
  internet_facing: number;
}

/** Per (product, organisation): live devices with a component of the product's keys, and how many face the internet. */
export async function inventoryUse(
  db: Executor,
  where: Where,
  keys: readonly (readonly [key: string, product: string])[],
): Promise<InventoryUseRow[]> {
  if (keys.length === 0) return [];
  const result = await sql<InventoryUseRow>`
    SELECT p.product, a.org_id, o.code AS org_code, count(DISTINCT a.id)::int AS devices,
      (count(DISTINCT a.id) FILTER (WHERE a.internet_facing))::int AS internet_facing
    FROM ${pairs(keys, 'p', 'key', 'product')}
    JOIN components c ON c.key = p.key
    JOIN asset_components ac ON ac.component_id = c.id
    JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.retired_at IS NULL
    JOIN organisations o ON o.id = a.org_id
    WHERE ${orgFilter('a.org_id', where)}
    GROUP BY p.product, a.org_id, o.code`.execute(db);
  return result.rows;
}

export interface ObservationRow {
  org_id: string;
  org_code: string;
  address: string;
  kind: string;
  cpe: string | null;
  vendor: string | null;
  product: string | null;
}

/**
 * Open external observations that may name a product: with a CPE or a banner product, or of one of
 * the given service kinds. Which product each is, is the catalogue's call.
 */
export async function openObservations(
  db: Executor,
  where: Where,
  serviceKinds: readonly string[],
): Promise<ObservationRow[]> {
  const kinds = serviceKinds.length ? sql`es.kind IN (${sql.join(serviceKinds)})` : sql`false`;
  const result = await sql<ObservationRow>`
    SELECT es.org_id, o.code AS org_code, host(es.address) AS address, es.kind, es.cpe, es.vendor, es.product
    FROM external_services es
    JOIN organisations o ON o.id = es.org_id
    WHERE es.closed_at IS NULL AND ${orgFilter('es.org_id', where)}
      AND (es.cpe IS NOT NULL OR es.product IS NOT NULL OR es.vendor IS NOT NULL OR ${kinds})`.execute(db);
  return result.rows;
}

export interface KevFlawRow {
  product: string;
  cve_id: string;
  kev_name: string;
  due_date: Date | null;
  date_added: Date;
  organisations: number;
  devices: number;
}

/**
 * Open, confirmed findings on known-exploited CVEs, per (product, CVE): those on a component of the
 * product's keys, and those whose KEV entry names the product. Devices count each finding's
 * devices (a device with two affected components counts twice).
 */
export async function kevFlaws(
  db: Executor,
  where: Where,
  keys: readonly (readonly [key: string, product: string])[],
  namedCves: readonly (readonly [cve: string, product: string])[],
): Promise<KevFlawRow[]> {
  const keyList = keys.length ? sql.join(keys.map(([key]) => key)) : sql`NULL`;
  const namedList = namedCves.length ? sql.join(namedCves.map(([cve]) => cve)) : sql`NULL`;
  // Only the findings of candidate CVEs are read (by the open-findings index on cve_id): KEV CVEs
  // whose rules name a catalogue key, and those KEV names a product for.
  const result = await sql<KevFlawRow>`
    WITH candidates AS (
      SELECT r.cve_id FROM match_rules r JOIN kev_entries k ON k.cve_id = r.cve_id WHERE r.key IN (${keyList})
      UNION SELECT k.cve_id FROM kev_entries k WHERE k.cve_id IN (${namedList})
    ), hits AS (
      SELECT DISTINCT p.product, f.org_id, f.component_id, f.cve_id, f.asset_count
      FROM findings f
      JOIN components c ON c.id = f.component_id
      LEFT JOIN ${pairs(keys, 'pk', 'key', 'product')} ON pk.key = c.key
      LEFT JOIN ${pairs(namedCves, 'pc', 'cve', 'product')} ON pc.cve = f.cve_id
      CROSS JOIN LATERAL (SELECT unnest(ARRAY[pk.product, pc.product]) AS product) p
      WHERE f.cve_id IN (SELECT cve_id FROM candidates) AND p.product IS NOT NULL AND ${OPEN_FINDING} AND ${confirmedFinding} AND ${orgFilter('f.org_id', where)}
    )
    SELECT h.product, h.cve_id, k.name AS kev_name, k.due_date, k.date_added,
      count(DISTINCT h.org_id)::int AS organisations, sum(h.asset_count)::int AS devices
    FROM hits h JOIN kev_entries k ON k.cve_id = h.cve_id
    GROUP BY h.product, h.cve_id, k.name, k.due_date, k.date_added
    ORDER BY h.product, k.due_date NULLS LAST, h.cve_id`.execute(db);
  return result.rows;
}

export interface KevNameRow {
  cve_id: string;
  vendor_project: string;
  product: string;
}

/** KEV entries' names (all, or those of the CVEs given), for naming catalogue products. */
export async function kevNames(db: Executor, cveIds: readonly string[] | null = null): Promise<KevNameRow[]> {
  let q = db.selectFrom('kev_entries').select(['cve_id', 'vendor_project', 'product']);
  if (cveIds) {
    if (cveIds.length === 0) return [];
    q = q.where('cve_id', 'in', [...cveIds]);
  }
  return q.execute();
}

export interface CveExposureRow {
  org_code: string;
  devices: number;
  internet_facing: number;
  /** Component match keys of the findings. */
  keys: string[];
}

/**
 * Every organisation with open, confirmed findings for the CVE (as `auto` alert targeting counts
 * them), with its live devices — only findings on components of `keys` when given.
 */
export async function exposureToCve(
  db: Executor,
  cveId: string,
  keys: readonly string[] | null = null,
): Promise<CveExposureRow[]> {
  if (keys && keys.length === 0) return [];
  const onKeys = keys ? sql`AND c.key IN (${sql.join([...keys])})` : sql``;
  const result = await sql<CveExposureRow>`
    SELECT o.code AS org_code, count(DISTINCT a.id)::int AS devices,
      (count(DISTINCT a.id) FILTER (WHERE a.internet_facing))::int AS internet_facing,
      array_agg(DISTINCT c.key) AS keys
    FROM findings f
    JOIN components c ON c.id = f.component_id
    JOIN organisations o ON o.id = f.org_id
    JOIN asset_components ac ON ac.org_id = f.org_id AND ac.component_id = f.component_id
    JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.retired_at IS NULL
    WHERE f.cve_id = ${cveId} AND ${OPEN_FINDING} AND ${confirmedFinding} ${onKeys}
    GROUP BY o.code
    ORDER BY o.code`.execute(db);
  return result.rows;
}

export interface KevEntryFacts {
  cve_id: string;
  vendor_project: string;
  product: string;
  name: string;
  short_description: string;
  required_action: string;
  date_added: Date;
  due_date: Date | null;
  ransomware: string;
}

/** KEV entries of the CVEs given. */
export async function kevEntries(db: Executor, cveIds: readonly string[]): Promise<KevEntryFacts[]> {
  if (cveIds.length === 0) return [];
  return db
    .selectFrom('kev_entries')
    .select([
      'cve_id',
      'vendor_project',
      'product',
      'name',
      'short_description',
      'required_action',
      'date_added',
      'due_date',
      'ransomware',
    ])
    .where('cve_id', 'in', [...cveIds])
    .execute();
}

/** Of the CVEs given, those whose NVD rules name one of the keys, with the keys they name. */
export async function cvesNamingKeys(
  db: Executor,
  cveIds: readonly string[],
  keys: readonly string[],
): Promise<{ cve_id: string; key: string }[]> {
  if (cveIds.length === 0 || keys.length === 0) return [];
  return db
    .selectFrom('match_rules')
    .select(['cve_id', 'key'])
    .distinct()
    .where('cve_id', 'in', [...cveIds])
    .where('key', 'in', [...keys])
    .execute();
}
