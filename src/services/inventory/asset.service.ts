/**
 * Assets as people read them: a page of a subtree's assets, one asset with what is installed on it.
 * Each use case takes the caller and reads within its scope.
 */
import type { Database } from '../../db/connect.js';
import {
  type AssetRow,
  findAsset,
  installedComponents,
  listAssets,
} from '../../db/repositories/asset.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import type { Asset, AssetDetail, AssetType, ClinicalCriticality } from '../../domain/inventory/asset.js';
import { NotFoundError } from '../../errors.js';
import { requireOrgAccess } from '../access/access.service.js';

/** How many installed components one asset shows at most. */
const COMPONENTS_SHOWN = 5000;

function assetOf(a: AssetRow): Asset {
  return {
    id: a.id,
    org: a.org_code,
    source: a.source,
    // Stored only through the importers, which accept only the domain's values.
    assetKey: a.asset_key,
    hostname: a.hostname,
    assetType: a.asset_type as AssetType,
    manufacturer: a.manufacturer,
    model: a.model,
    os: a.os,
    ip: a.ip,
    networkZone: a.network_zone,
    internetFacing: a.internet_facing,
    clinicalCriticality: a.clinical_criticality as ClinicalCriticality,
    firstSeen: new Date(a.first_seen),
    lastSeen: new Date(a.last_seen),
    retiredAt: a.retired_at ? new Date(a.retired_at) : null,
  };
}

export interface AssetQuery {
  /** An organisation and its subtree (else all the caller can see). */
  org?: string | null;
  type?: AssetType;
  /** Retired assets instead of current ones. */
  retired?: boolean;
  /** Position after (organisation code, asset key). */
  after?: readonly [string, string] | null;
  limit: number;
}

/** A page of the assets the actor may read, by organisation code and asset key. */
export async function listAssetPage(database: Database, actor: Actor, q: AssetQuery): Promise<Asset[]> {
  const under = q.org ? await requireOrgAccess(database, actor, 'read', q.org) : null;
  const rows = await listAssets(database.db, scopeFor(actor, 'read'), {
    underOrgId: under?.id ?? null,
    assetType: q.type,
    retired: q.retired,
    after: q.after,
    limit: q.limit,
  });
  return rows.map(assetOf);
}

/** One asset the actor may read, with what is installed on it (not found otherwise). */
export async function showAsset(database: Database, actor: Actor, id: number): Promise<AssetDetail> {
  const scope = scopeFor(actor, 'read');
  const asset = await findAsset(database.db, scope, id);
  if (!asset) throw new NotFoundError(`no asset ${id}`);
  const components = await installedComponents(database.db, scope, id, COMPONENTS_SHOWN);
  return {
    ...assetOf(asset),
    components: components.map((c) => ({
      key: c.key,
      version: c.version || null,
      update: c.update || null,
      cpe: c.cpe,
      purl: c.purl,
    })),
  };
}
