/**
 * Network zones, reachability rules and shared services per organisation (the worm simulation's view
 * of the network).
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB, NetworkRuleTable, NetworkZoneTable, SharedServiceTable } from '../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;
export type NetworkZoneRow = Selectable<NetworkZoneTable>;
export type NetworkRuleRow = Selectable<NetworkRuleTable>;
export type SharedServiceRow = Selectable<SharedServiceTable>;

/**
 * Replaces an organisation's zones, rules and the shared services it declared; returns how many of
 * each it had before (services counted by name and provider).
 */
export async function replaceNetwork(
  trx: Transaction<DB>,
  orgId: string,
  zones: readonly Omit<Insertable<NetworkZoneTable>, 'org_id'>[],
  rules: readonly Omit<Insertable<NetworkRuleTable>, 'org_id'>[],
  services: readonly Omit<Insertable<SharedServiceTable>, 'org_id'>[],
): Promise<{ zones: number; rules: number; services: number }> {
  const oldZones = await trx.deleteFrom('network_zones').where('org_id', '=', orgId).executeTakeFirst();
  const oldRules = await trx.deleteFrom('network_rules').where('org_id', '=', orgId).executeTakeFirst();
  const oldServices = await trx
    .deleteFrom('shared_services')
    .where('org_id', '=', orgId)
    .returning(['service', 'provider_id'])
    .execute();
  if (services.length > 0)
    await trx
      .insertInto('shared_services')
      .values(services.map((s) => ({ ...s, org_id: orgId })))
      .execute();
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
  return {
    zones: Number(oldZones.numDeletedRows),
    rules: Number(oldRules.numDeletedRows),
    services: new Set(oldServices.map((s) => `${s.service}\u0000${s.provider_id}`)).size,
  };
}

/** Shared services declared by these organisations (every declaration when `orgIds` is null). */
export async function listSharedServices(
  db: Executor,
  orgIds: readonly string[] | null,
): Promise<SharedServiceRow[]> {
  if (orgIds !== null && orgIds.length === 0) return [];
  let q = db.selectFrom('shared_services').selectAll();
  if (orgIds !== null) q = q.where('org_id', 'in', orgIds);
  return q.orderBy('org_id').orderBy('service').orderBy('provider_id').orderBy('consumer_id').execute();
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
