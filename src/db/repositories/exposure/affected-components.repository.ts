/**
 * Which components' findings an inventory change can alter in an organisation, so that a re-import
 * refreshes those alone (a refresh selection narrowed to components, selection.sql.ts). A finding
 * is per (organisation, component, CVE) and depends on the live assets with the component: their
 * number, exposure and safety weight, platform, and the other components a rule's conditions name.
 * So the components affected are those of the rows added or removed, every component of an asset
 * that changed weight or platform, and every component matched by a conditional rule one of whose
 * conditions a changed component meets. Run after matching, so new components' matches count.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';
import { orgArray } from './selection.sql.js';

type Executor = Kysely<DB> | Transaction<DB>;

export interface InventoryChange {
  /** Components of the rows added or removed. */
  componentIds: readonly number[];
  /** Assets whose every component is affected: changed weight or platform. */
  assetIds: readonly number[];
}

/** The components whose findings in the organisations the change can alter, sorted. */
export async function affectedComponents(
  trx: Executor,
  orgIds: readonly string[],
  change: InventoryChange,
): Promise<number[]> {
  const changed = sql`${sql.val([...change.componentIds])}::int[]`;
  const rows = await sql<{ id: number }>`
    SELECT id FROM unnest(${changed}) AS u(id)
    UNION
    SELECT ac.component_id FROM asset_components ac
    WHERE ac.org_id = ANY(${orgArray(orgIds)}) AND ac.asset_id = ANY(${sql.val([...change.assetIds])}::bigint[])
    UNION
    SELECT cm.component_id FROM condition_matches xm JOIN component_matches cm ON cm.rule_id = xm.rule_id
    WHERE xm.component_id = ANY(${changed}) AND cm.conditional
    ORDER BY 1`.execute(trx);
  return rows.rows.map((r) => r.id);
}
