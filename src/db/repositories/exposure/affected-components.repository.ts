/**
 * Which components' findings an inventory change can alter in an organisation, so that a re-import
 * refreshes those alone (a refresh selection narrowed to components, selection.sql.ts). A finding
 * is per (organisation, component, CVE) and depends on the live assets with the component: their
 * number, exposure and safety weight, platform, and the other components a rule's conditions name.
 * So the components affected are those changed — a row added or removed, or presence counts
 * changed by an asset's weight or liveness (the inventory sync says which) — those whose presence
 * only moved between platforms when a conditional rule matches them (an unconditional rule's
 * finding counts the assets of every platform alike), and every component matched by a
 * conditional rule one of whose conditions a changed component meets. Run after matching, so new
 * components' matches count.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** What an inventory sync changed (inventory-sync.ts). */
export interface InventoryChange {
  /** Components with a row added or removed, or whose presence counts changed. */
  changed: readonly number[];
  /** Components whose presence only moved between platforms. */
  moved: readonly number[];
}

/** The components whose findings the change can alter, sorted. */
export async function affectedComponents(trx: Executor, change: InventoryChange): Promise<number[]> {
  const changed = sql`${sql.val([...change.changed])}::int[]`;
  const rows = await sql<{ id: number }>`
    SELECT id FROM unnest(${changed}) AS u(id)
    UNION
    SELECT cm.component_id FROM component_matches cm
    WHERE cm.component_id = ANY(${sql.val([...change.moved])}::int[]) AND cm.conditional
    UNION
    SELECT cm.component_id FROM condition_matches xm JOIN component_matches cm ON cm.rule_id = xm.rule_id
    WHERE xm.component_id = ANY(${changed}) AND cm.conditional
    ORDER BY 1`.execute(trx);
  return rows.rows.map((r) => r.id);
}
