/**
 * Reading assets for people: a page of an organisation subtree's assets (by organisation code and
 * asset id) and one asset with its installed components. Reads take the caller's scope.
 */
import { type Kysely, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { DB } from '../schema.js';
import { inScope, underOrg } from '../scope.js';

type Executor = Kysely<DB>;

export interface AssetRow {
  id: number;
  orgCode: string;
  source: string;
  assetKey: string;
  hostname: string | null;
  assetType: string;
  manufacturer: string | null;
  model: string | null;
  os: string | null;
  ip: string | null;
  networkZone: string | null;
  internetFacing: boolean;
  clinicalCriticality: string;
  firstSeen: Date;
  lastSeen: Date;
  retiredAt: Date | null;
}

function assetQuery(db: Executor) {
  return db
    .selectFrom('assets as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select([
      'a.id',
      'o.code as orgCode',
      'a.source',
      'a.asset_key as assetKey',
      'a.hostname',
      'a.asset_type as assetType',
      'a.manufacturer',
      'a.model',
      'a.os',
      'a.ip',
      'a.network_zone as networkZone',
      'a.internet_facing as internetFacing',
      'a.clinical_criticality as clinicalCriticality',
      'a.first_seen as firstSeen',
      'a.last_seen as lastSeen',
      'a.retired_at as retiredAt',
    ]);
}

export interface AssetFilter {
  underOrgId?: string | null;
  assetType?: string;
  retired?: boolean;
  /** Position after (organisation code, asset key). */
  after?: [string, string] | null;
  limit: number;
}

export async function listAssets(db: Executor, scope: Scope, f: AssetFilter): Promise<AssetRow[]> {
  let q = assetQuery(db).where(inScope('a.org_id', scope));
  if (f.underOrgId) q = q.where(underOrg('a.org_id', f.underOrgId));
  if (f.assetType) q = q.where('a.asset_type', '=', f.assetType);
  q = f.retired ? q.where('a.retired_at', 'is not', null) : q.where('a.retired_at', 'is', null);
  if (f.after) {
    const [code, key] = f.after;
    q = q.where((eb) =>
      eb.or([eb('o.code', '>', code), eb.and([eb('o.code', '=', code), eb('a.asset_key', '>', key)])]),
    );
  }
  return (await q.orderBy('o.code').orderBy('a.asset_key').limit(f.limit).execute()).map((r) => ({
    ...r,
    id: Number(r.id),
  }));
}

export async function findAsset(db: Executor, scope: Scope, id: number): Promise<AssetRow | undefined> {
  const row = await assetQuery(db)
    .where('a.id', '=', id)
    .where(inScope('a.org_id', scope))
    .executeTakeFirst();
  return row && { ...row, id: Number(row.id) };
}

export interface InstalledRow {
  key: string;
  version: string;
  update: string;
  cpe: string | null;
  purl: string | null;
}

export async function installedComponents(
  db: Executor,
  scope: Scope,
  assetId: number,
  limit: number,
): Promise<InstalledRow[]> {
  const rows = await sql<InstalledRow>`
    SELECT c.key, c.version, c.update, c.cpe, c.purl
    FROM assets a JOIN asset_components ac ON ac.org_id = a.org_id AND ac.asset_id = a.id
    JOIN components c ON c.id = ac.component_id
    WHERE a.id = ${assetId} AND ${inScope('a.org_id', scope)}
    ORDER BY c.key, c.version LIMIT ${limit}`.execute(db);
  return rows.rows;
}
