/**
 * External assets: what external scans see on an organisation's addresses, kept as that
 * organisation's assets of source `external` (one per observed address, internet-facing), with the
 * products their banners name as installed components — so the one exposure engine matches them
 * and decides priorities (internet-facing and known-exploited: act now), exactly as for an
 * inventory. Observations that close drop out: the asset retires and its findings are fixed.
 * Organisations whose external assets would not change are left alone, so a sync is idempotent.
 * The changed organisations are synced together, set-based (one staging table per step and one
 * exposure refresh, whatever their number): a national report's thousands of organisations take
 * no more statements, nor locks, than one organisation's.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import { affectedComponents } from '../../db/repositories/exposure/affected-components.repository.js';
import { ensureComponents } from '../../db/repositories/inventory.repository.js';
import {
  EXTERNAL_SOURCE,
  externalAssetState,
  openBanners,
} from '../../db/repositories/outside/external-asset.repository.js';
import type { DB } from '../../db/schema.js';
import type { NormalisedComponent } from '../../domain/inventory/asset.js';
import { componentIdentity } from '../../domain/inventory/normalise-component.js';
import {
  type BannerCache,
  type ExternalAsset,
  externalAssets,
  externalAssetsFingerprint,
} from '../../domain/outside/external-asset.js';
import { retargetLiveAlerts } from '../alerts/index.js';
import { matchNewComponents } from '../exposure/matching.service.js';
import { refreshExposure } from '../exposure/refresh.service.js';
import { proposeAliases } from '../identity/alias-proposal.service.js';
import { syncInventory } from '../inventory/inventory-sync.js';

export { EXTERNAL_SOURCE };

export interface ExternalSyncResult {
  /** Organisations whose external assets changed (the others were already as observed). */
  orgsChanged: number;
  assetsAdded: number;
  assetsRetired: number;
  findingsOpened: number;
  findingsReopened: number;
  findingsFixed: number;
}

/**
 * Brings the organisations' external assets in line with their open observations, in one
 * transaction of its own. Callers already in a transaction use {@link syncExternalAssetsIn}.
 */
export async function syncExternalAssets(database: Database, orgIds: readonly string[]): Promise<void> {
  await database.db.transaction().execute((trx) => syncExternalAssetsIn(trx, orgIds));
}

/** {@link syncExternalAssets} in the caller's transaction (the exposure refresh needs one). */
export async function syncExternalAssetsIn(
  trx: Kysely<DB>,
  orgIds: readonly string[],
): Promise<ExternalSyncResult> {
  const ids = [...new Set(orgIds)];
  const wanted = await observedAssets(trx, ids);
  const current = await currentFingerprints(trx, ids);
  const changed = ids.filter((id) => fingerprintOf(wanted.get(id) ?? []) !== (current.get(id) ?? '[]'));
  if (changed.length === 0)
    return {
      orgsChanged: 0,
      assetsAdded: 0,
      assetsRetired: 0,
      findingsOpened: 0,
      findingsReopened: 0,
      findingsFixed: 0,
    };

  const components: NormalisedComponent[] = [];
  const index = new Map<string, number>();
  for (const id of changed)
    for (const asset of wanted.get(id) ?? [])
      for (const c of asset.components) {
        const identity = componentIdentity(c);
        if (!index.has(identity)) {
          index.set(identity, components.length);
          components.push(c);
        }
      }
  const componentIds = await ensureComponents(trx, components);
  // All changed organisations at once: one staging table per step, whatever their number.
  const records = changed.flatMap((orgId) =>
    (wanted.get(orgId) ?? []).map((a) => ({ orgId, record: a.record })),
  );
  const {
    assets: synced,
    changedComponentIds,
    movedComponentIds,
  } = await syncInventory(trx, EXTERNAL_SOURCE, changed, records, function* installed(ids) {
    for (const orgId of changed) {
      const assetIds = ids.get(orgId);
      for (const a of wanted.get(orgId) ?? [])
        for (const c of a.components)
          yield [
            orgId,
            assetIds?.get(a.record.assetKey) as number,
            componentIds[index.get(componentIdentity(c)) as number] as number,
          ] as const;
    }
  });
  await matchNewComponents(trx);
  // Banners the shipped table does not know may be products advisories name in their own words.
  const named = [...new Set(components.filter((c) => !c.cpe && !c.purl).map((c) => c.key))];
  await proposeAliases(trx, { inventoryKeys: named, advisoryIds: null });
  const affected = await affectedComponents(trx, { changed: changedComponentIds, moved: movedComponentIds });
  const refreshed = await refreshExposure(trx, {
    kind: 'orgs',
    orgIds: changed,
    componentIds: affected,
    cellComponentIds: movedComponentIds,
  });
  if (refreshed.exposedOrgIds.length > 0)
    await retargetLiveAlerts(trx, { kind: 'orgs', orgIds: refreshed.exposedOrgIds });
  return {
    orgsChanged: changed.length,
    assetsAdded: synced.added,
    assetsRetired: synced.retired,
    findingsOpened: refreshed.opened,
    findingsReopened: refreshed.reopened,
    findingsFixed: refreshed.fixed,
  };
}

/** Each organisation's external assets as its open observations say they should be. */
async function observedAssets(
  trx: Kysely<DB>,
  orgIds: readonly string[],
): Promise<Map<string, ExternalAsset[]>> {
  const byOrg = new Map<string, Parameters<typeof externalAssets>[0][number][]>();
  for (const r of await openBanners(trx, orgIds)) {
    const list = byOrg.get(r.org_id) ?? [];
    list.push({
      address: r.address,
      port: r.port,
      hostname: r.hostname,
      vendor: r.vendor,
      product: r.product,
      version: r.version,
      cpe: r.cpe,
      lastSeen: r.last_seen,
    });
    byOrg.set(r.org_id, list);
  }
  const cache: BannerCache = new Map();
  return new Map([...byOrg].map(([orgId, observations]) => [orgId, externalAssets(observations, cache)]));
}

function fingerprintOf(assets: readonly ExternalAsset[]): string {
  return externalAssetsFingerprint(
    assets.map((a) => ({
      assetKey: a.record.assetKey,
      hostname: a.record.hostname,
      assetType: a.record.assetType,
      identities: a.components.map(componentIdentity),
    })),
  );
}

/** Each organisation's live external assets as stored, fingerprinted as {@link fingerprintOf} does. */
async function currentFingerprints(trx: Kysely<DB>, orgIds: readonly string[]): Promise<Map<string, string>> {
  const byOrg = new Map<
    string,
    Map<string, { hostname: string | null; assetType: string; identities: string[] }>
  >();
  for (const r of await externalAssetState(trx, orgIds)) {
    const assets = byOrg.get(r.org_id) ?? new Map();
    byOrg.set(r.org_id, assets);
    const asset = assets.get(r.asset_key) ?? {
      hostname: r.hostname,
      assetType: r.asset_type,
      identities: [],
    };
    assets.set(r.asset_key, asset);
    if (r.key !== null)
      asset.identities.push(
        componentIdentity({
          key: r.key,
          version: r.version ?? '',
          update: r.update ?? '',
          attrs: r.attrs ?? '',
          assumedBy: r.assumed_by ?? '',
        }),
      );
  }
  return new Map(
    [...byOrg].map(([orgId, assets]) => [
      orgId,
      externalAssetsFingerprint([...assets].map(([assetKey, a]) => ({ assetKey, ...a }))),
    ]),
  );
}
