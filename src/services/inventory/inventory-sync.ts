/**
 * One inventory sync, as an import and the outside-in sync make it: the organisations' assets from
 * a source, then what each has installed, then component presence by difference (only the assets
 * that changed are read). Returns what changed: the components whose counts changed and those
 * that only moved between platforms, from which affected-components.repository.ts finds the
 * findings and cells to refresh.
 */
import type { Kysely } from 'kysely';
import {
  applyPresenceChange,
  notePresenceInputs,
} from '../../db/repositories/exposure/component-presence.repository.js';
import {
  type InstalledSyncResult,
  type OrgAssetRecord,
  type OrgsAssetSyncResult,
  syncAssetComponentsOfOrgs,
  syncAssetsOfOrgs,
} from '../../db/repositories/inventory.repository.js';
import type { DB } from '../../db/schema.js';
import { sortedUnion } from '../../domain/collections/sorted-union.js';

export interface InventorySyncResult {
  assets: OrgsAssetSyncResult;
  installed: InstalledSyncResult;
  /** Components with a row added or removed, or whose presence counts changed (weight, liveness). */
  changedComponentIds: number[];
  /** Components whose presence moved between platforms alone (their cells change, not their counts). */
  movedComponentIds: number[];
}

/**
 * Syncs the organisations' assets from `source` to `records`, then their installed components to
 * the rows `installed` gives once the assets have ids (organisation id, asset id, component id).
 */
export async function syncInventory(
  trx: Kysely<DB>,
  source: string,
  orgIds: readonly string[],
  records: readonly OrgAssetRecord[],
  installed: (ids: OrgsAssetSyncResult['ids']) => Iterable<readonly [string, number, number]>,
): Promise<InventorySyncResult> {
  await notePresenceInputs(trx, source, orgIds);
  const assets = await syncAssetsOfOrgs(trx, source, orgIds, records);
  const rows = await syncAssetComponentsOfOrgs(trx, source, orgIds, installed(assets.ids));
  const presence = await applyPresenceChange(trx, orgIds);
  const changed = sortedUnion(rows.componentIds, presence.counts);
  const counted = new Set(changed);
  return {
    assets,
    installed: rows,
    changedComponentIds: changed,
    movedComponentIds: presence.cells.filter((id) => !counted.has(id)),
  };
}
