/**
 * Reading assets for people: a page of an organisation subtree's assets (by organisation code and
 * asset id) and one asset with its installed components. Reads take the caller's scope.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { AssetTable, ComponentTable, DB } from '../schema.js';
import { inScope, orgIdIn, subtreeOrgIds, underOrg } from '../scope.js';

type Executor = Kysely<DB>;

/** An asset row with its organisation's code. */
export type AssetRow = Selectable<AssetTable> & { org_code: string };

function assetQuery(db: Executor) {
  return db
    .selectFrom('assets as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .selectAll('a')
    .select('o.code as org_code');
}

export interface AssetFilter {
  underOrgId?: string | null;
  assetType?: string;
  retired?: boolean;
  /** Position after (organisation code, asset key). */
  after?: readonly [string, string] | null;
  limit: number;
}

export async function listAssets(db: Executor, scope: Scope, f: AssetFilter): Promise<AssetRow[]> {
  let q = assetQuery(db).where(inScope('a.org_id', scope));
  // The subtree also by value, so Citus reads only the shards holding it (scope.ts).
  if (f.underOrgId)
    q = q
      .where(underOrg('a.org_id', f.underOrgId))
      .where(orgIdIn('a.org_id', await subtreeOrgIds(db, [f.underOrgId])));
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

/** A component installed on an asset, as the components table keeps it. */
export type InstalledRow = Pick<Selectable<ComponentTable>, 'key' | 'version' | 'update' | 'cpe' | 'purl'>;

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
