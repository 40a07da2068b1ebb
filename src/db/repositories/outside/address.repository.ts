/**
 * Registered public addresses: reading them for attribution. (Writing them is the address import's.)
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { AddressTable } from '../../../domain/outside/address-table.js';
import { parseRange } from '../../../domain/outside/ip.js';
import type { DB } from '../../schema.js';

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
