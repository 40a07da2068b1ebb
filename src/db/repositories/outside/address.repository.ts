/**
 * Registered public addresses: reading them for attribution, listing them, and the address
 * import's writes (rows added and removed by id, under a lock that serialises imports).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Scope } from '../../../domain/access/scope.js';
import type { AddressKind } from '../../../domain/outside/address-csv.js';
import { AddressTable } from '../../../domain/outside/address-table.js';
import { parseRange } from '../../../domain/outside/ip.js';
import type { DB } from '../../schema.js';
import { inScope, underOrg } from '../../scope.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** The organisation an address is attributed to. */
export interface AddressOwner {
  orgId: string;
  code: string;
  depth: number;
}

/**
 * Every registered range in one in-memory table (longest prefix wins; of an organisation and its
 * ancestor registering one range, the deeper). For attributing whole reports.
 */
export async function loadAddressTable(db: Executor): Promise<AddressTable<AddressOwner>> {
  const rows = await db
    .selectFrom('org_addresses as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(['a.range', 'o.id as orgId', 'o.code', 'o.depth'])
    .where('a.kind', '=', 'range')
    .execute();
  const claims = rows.flatMap((r) => {
    const range = r.range === null ? null : parseRange(r.range);
    return range?.ok ? [{ range, owner: { orgId: r.orgId, code: r.code, depth: r.depth } }] : [];
  });
  return new AddressTable(claims, (a, b) => (b.depth > a.depth ? b : a));
}

/** One address's owner by the database's own `inet` operators (the most specific range, the deeper owner). */
export async function ownerOfAddress(
  db: Executor,
  address: string,
): Promise<(AddressOwner & { range: string }) | null> {
  const row = await db
    .selectFrom('org_addresses as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(['o.id as orgId', 'o.code', 'o.depth', sql<string>`a.range::text`.as('range')])
    .where(sql<boolean>`a.range >>= ${address}::inet`)
    .orderBy(sql`masklen(a.range)`, 'desc')
    .orderBy('o.depth', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** A registration as stored: its range (canonical `cidr` text) or domain as `value`. */
export interface RegisteredAddress {
  id: string;
  orgId: string;
  code: string;
  orgName: string;
  kind: AddressKind;
  value: string;
  createdAt: Date;
}

const REGISTERED = sql`a.id::text AS "id", a.org_id AS "orgId", o.code, o.name AS "orgName", a.kind,
  coalesce(a.range::text, a.domain) AS value, a.created_at AS "createdAt"`;

/**
 * Takes the import's lock: one address import at a time (so two cannot each pass the conflict
 * check with the other's claim), while readers and attribution go on.
 */
export async function lockAddressRegister(trx: Transaction<DB>): Promise<void> {
  await sql`LOCK TABLE org_addresses IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
}

/** Every registration of these organisations. */
export async function addressesOfOrgs(db: Executor, orgIds: readonly string[]): Promise<RegisteredAddress[]> {
  if (orgIds.length === 0) return [];
  const rows = await sql<RegisteredAddress>`
    SELECT ${REGISTERED} FROM org_addresses a JOIN organisations o ON o.id = a.org_id
    WHERE a.org_id = ANY(${sql.val([...orgIds])}::uuid[])
    ORDER BY o.code, a.kind DESC, a.range, a.domain`.execute(db);
  return rows.rows;
}

/** Registrations of exactly these ranges, by any organisation (for the conflict check). */
export async function claimsOfRanges(db: Executor, ranges: readonly string[]): Promise<RegisteredAddress[]> {
  if (ranges.length === 0) return [];
  const rows = await sql<RegisteredAddress>`
    SELECT ${REGISTERED} FROM org_addresses a JOIN organisations o ON o.id = a.org_id
    WHERE a.range = ANY(${sql.val([...ranges])}::cidr[])
    ORDER BY a.range, o.code`.execute(db);
  return rows.rows;
}

export async function deleteAddresses(trx: Transaction<DB>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`DELETE FROM org_addresses WHERE id = ANY(${sql.val([...ids])}::bigint[])`.execute(trx);
}

export async function insertAddresses(
  trx: Transaction<DB>,
  rows: readonly { orgId: string; kind: AddressKind; value: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  const col = (f: (r: (typeof rows)[number]) => string | null) => sql.val(rows.map(f));
  await sql`
    INSERT INTO org_addresses (org_id, kind, range, domain)
    SELECT * FROM unnest(${col((r) => r.orgId)}::uuid[], ${col((r) => r.kind)}::text[],
      ${col((r) => (r.kind === 'range' ? r.value : null))}::cidr[],
      ${col((r) => (r.kind === 'domain' ? r.value : null))}::text[])`.execute(trx);
}

/** Registrations in scope, optionally of one organisation's subtree: ranges first, then domains. */
export async function listAddresses(
  db: Executor,
  scope: Scope,
  underOrgId: string | null,
): Promise<RegisteredAddress[]> {
  const under = underOrgId ? sql`AND ${underOrg('a.org_id', underOrgId)}` : sql``;
  const rows = await sql<RegisteredAddress>`
    SELECT ${REGISTERED} FROM org_addresses a JOIN organisations o ON o.id = a.org_id
    WHERE ${inScope('a.org_id', scope)} ${under}
    ORDER BY o.code, a.kind DESC, family(a.range), a.range, a.domain`.execute(db);
  return rows.rows;
}

/** Whether any organisation has registered an address (the demo seeds only an empty register). */
export async function anyAddressRegistered(db: Executor): Promise<boolean> {
  return (await db.selectFrom('org_addresses').select('id').limit(1).execute()).length > 0;
}
