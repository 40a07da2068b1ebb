/**
 * External assets: the banners of the open external observations that name a product, and the
 * organisation's assets of source `external` as they stand — what `syncExternalAssets` compares
 * before it writes through the inventory repository.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** The inventory source external assets are kept under (one asset per observed address). */
export const EXTERNAL_SOURCE = 'external';

/** An open observation whose banner names a product. */
export interface OpenBannerRow {
  org_id: string;
  address: string;
  port: number;
  hostname: string | null;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  last_seen: Date;
}

/** The open observations of the organisations that name a product (or give a CPE), by address then port. */
export async function openBanners(db: Executor, orgIds: readonly string[]): Promise<OpenBannerRow[]> {
  if (orgIds.length === 0) return [];
  const rows = await sql<OpenBannerRow>`
    SELECT org_id, host(address) AS address, port, hostname, vendor, product, version, cpe, last_seen
    FROM external_services
    WHERE org_id = ANY(${sql.val([...orgIds])}::uuid[]) AND closed_at IS NULL
      AND (nullif(trim(product), '') IS NOT NULL OR nullif(trim(cpe), '') IS NOT NULL)
    ORDER BY org_id, address, port, source, kind`.execute(db);
  return rows.rows;
}

/** A live external asset with one of its components' identity (null when it has none). */
export interface ExternalAssetStateRow {
  org_id: string;
  asset_key: string;
  hostname: string | null;
  asset_type: string;
  key: string | null;
  version: string | null;
  update: string | null;
  attrs: string | null;
  assumed_by: string | null;
}

/** The organisations' live assets of source `external`, one row per installed component. */
export async function externalAssetState(
  db: Executor,
  orgIds: readonly string[],
): Promise<ExternalAssetStateRow[]> {
  if (orgIds.length === 0) return [];
  const rows = await sql<ExternalAssetStateRow>`
    SELECT a.org_id, a.asset_key, a.hostname, a.asset_type, c.key, c.version, c.update, c.attrs, c.assumed_by
    FROM assets a
    LEFT JOIN asset_components ac ON ac.org_id = a.org_id AND ac.asset_id = a.id
    LEFT JOIN components c ON c.id = ac.component_id
    WHERE a.org_id = ANY(${sql.val([...orgIds])}::uuid[]) AND a.source = ${EXTERNAL_SOURCE} AND a.retired_at IS NULL`.execute(
    db,
  );
  return rows.rows;
}
