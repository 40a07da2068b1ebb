/**
 * Assets as people read them: a page of a subtree's assets, one asset with what is installed on it.
 */
import type { Database } from '../../db/connect.js';
import {
  type AssetRow,
  findAsset,
  installedComponents,
  listAssets,
} from '../../db/repositories/asset.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { NotFoundError } from '../../errors.js';
import { requireOrgAccess } from '../access.service.js';

export interface AssetView {
  id: number;
  org: string;
  source: string;
  assetId: string;
  hostname: string | null;
  type: string;
  manufacturer: string | null;
  model: string | null;
  os: string | null;
  ip: string | null;
  networkZone: string | null;
  internetFacing: boolean;
  clinicalCriticality: string;
  firstSeen: string;
  lastSeen: string;
  retiredAt: string | null;
}

function view(a: AssetRow): AssetView {
  return {
    id: a.id,
    org: a.orgCode,
    source: a.source,
    assetId: a.assetKey,
    hostname: a.hostname,
    type: a.assetType,
    manufacturer: a.manufacturer,
    model: a.model,
    os: a.os,
    ip: a.ip,
    networkZone: a.networkZone,
    internetFacing: a.internetFacing,
    clinicalCriticality: a.clinicalCriticality,
    firstSeen: new Date(a.firstSeen).toISOString(),
    lastSeen: new Date(a.lastSeen).toISOString(),
    retiredAt: a.retiredAt ? new Date(a.retiredAt).toISOString() : null,
  };
}

export async function listAssetPage(
  database: Database,
  actor: Actor,
  q: {
    org?: string | null;
    type?: string;
    retired?: boolean;
    after?: [string, string] | null;
    limit: number;
  },
): Promise<AssetView[]> {
  const under = q.org ? await requireOrgAccess(database, actor, 'read', q.org) : null;
  const rows = await listAssets(database.db, scopeFor(actor, 'read'), {
    underOrgId: under?.id ?? null,
    assetType: q.type,
    retired: q.retired,
    after: q.after,
    limit: q.limit,
  });
  return rows.map(view);
}

export async function showAsset(
  database: Database,
  actor: Actor,
  id: number,
): Promise<
  AssetView & {
    components: {
      key: string;
      version: string | null;
      update: string | null;
      cpe: string | null;
      purl: string | null;
    }[];
  }
> {
  const scope = scopeFor(actor, 'read');
  const asset = await findAsset(database.db, scope, id);
  if (!asset) throw new NotFoundError(`no asset ${id}`);
  const components = await installedComponents(database.db, scope, id, 5000);
  return {
    ...view(asset),
    components: components.map((c) => ({
      key: c.key,
      version: c.version || null,
      update: c.update || null,
      cpe: c.cpe,
      purl: c.purl,
    })),
  };
}
