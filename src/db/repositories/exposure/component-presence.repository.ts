/**
 * Component presence (see migration 0007): per organisation, component and platform, the live
 * assets that have the component; and each asset's platform (migration 0036). Rebuilt for the organisations whose inventory changed, or for
 * all on a full recompute; findings are then staged from it (finding-stage.repository.ts).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';
import { assetExposureRankSql, assetSafetySql } from '../priority.sql.js';
import { platformKeySql } from './platform.sql.js';
import { componentsIn, orgArray } from './selection.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Recounts presence for the organisations (all when null), narrowed to some components when given
 * (each asset's platform is recounted for the whole organisation all the same).
 */
export async function rebuildPresence(
  trx: Executor,
  orgIds: readonly string[] | null,
  componentIds?: readonly number[],
): Promise<void> {
  if (orgIds?.length === 0) return;
  const only = (column: string) => (orgIds ? sql`AND ${sql.ref(column)} = ANY(${orgArray(orgIds)})` : sql``);
  const components = (column: string) => componentsIn(column, componentIds);
  await sql`DELETE FROM component_presence WHERE true ${only('org_id')} ${components('component_id')}`.execute(
    trx,
  );
  await sql`DELETE FROM asset_platforms WHERE true ${only('org_id')}`.execute(trx);
  // Each asset's platform first (an index-only scan over the few platform components), kept for
  // device upkeep (hits.sql.ts), then one pass over the installed components grouped by
  // organisation, component and platform.
  await sql`
    INSERT INTO asset_platforms (org_id, asset_id, platform)
    SELECT x.org_id, x.asset_id, array_agg(x.component_id ORDER BY x.component_id)
    FROM asset_components x
    WHERE x.component_id IN (SELECT id FROM components c WHERE ${platformKeySql(sql`c.key`)}) ${only('x.org_id')}
    GROUP BY x.org_id, x.asset_id`.execute(trx);
  if (!orgIds) await sql`ANALYZE asset_platforms`.execute(trx);
  await sql`
    INSERT INTO component_presence (org_id, component_id, platform, asset_count, exposure_rank, safety_impact)
    SELECT ac.org_id, ac.component_id, coalesce(p.platform, '{}'), count(*)::int,
      max(${assetExposureRankSql('a')}), bool_or(${assetSafetySql('a')})
    FROM asset_components ac
    JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id AND a.retired_at IS NULL
    LEFT JOIN asset_platforms p ON p.org_id = ac.org_id AND p.asset_id = ac.asset_id
    WHERE true ${only('ac.org_id')} ${components('ac.component_id')}
    GROUP BY ac.org_id, ac.component_id, coalesce(p.platform, '{}')`.execute(trx);
  if (!orgIds) await sql`ANALYZE component_presence`.execute(trx);
}
