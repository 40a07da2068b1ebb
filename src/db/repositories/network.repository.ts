/**
 * Network zones and reachability rules per organisation (the worm simulation's view of the network).
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB, NetworkRuleTable, NetworkZoneTable } from '../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;
export type NetworkZoneRow = Selectable<NetworkZoneTable>;
export type NetworkRuleRow = Selectable<NetworkRuleTable>;

/** Replaces an organisation's zones and rules; returns how many of each it had before. */
export async function replaceNetwork(
  trx: Transaction<DB>,
  orgId: string,
  zones: readonly Omit<Insertable<NetworkZoneTable>, 'org_id'>[],
  rules: readonly Omit<Insertable<NetworkRuleTable>, 'org_id'>[],
): Promise<{ zones: number; rules: number }> {
  const oldZones = await trx.deleteFrom('network_zones').where('org_id', '=', orgId).executeTakeFirst();
  const oldRules = await trx.deleteFrom('network_rules').where('org_id', '=', orgId).executeTakeFirst();
  if (zones.length > 0)
    await trx
      .insertInto('network_zones')
      .values(zones.map((z) => ({ ...z, org_id: orgId })))
      .execute();
  if (rules.length > 0)
    await trx
      .insertInto('network_rules')
      .values(rules.map((r) => ({ ...r, org_id: orgId })))
      .execute();
  return { zones: Number(oldZones.numDeletedRows), rules: Number(oldRules.numDeletedRows) };
}

export async function listNetworkZones(db: Executor, orgIds: readonly string[]): Promise<NetworkZoneRow[]> {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('network_zones')
    .selectAll()
    .where('org_id', 'in', orgIds)
    .orderBy('org_id')
    .orderBy('name')
    .execute();
}

export async function listNetworkRules(db: Executor, orgIds: readonly string[]): Promise<NetworkRuleRow[]> {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('network_rules')
    .selectAll()
    .where('org_id', 'in', orgIds)
    .orderBy('org_id')
    .orderBy('position')
    .execute();
}
