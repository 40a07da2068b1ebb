/**
 * Alert drafts: alerts Ward proposes for the national centre to review, issue or dismiss. One per
 * trigger: inserting a draft for a trigger already drafted does nothing.
 */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AlertDraftTable, DB } from '../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

export type AlertDraftRow = Selectable<AlertDraftTable> & { issued_reference: string | null };

/** Inserts the draft unless its trigger has one already; the new row's id, or null. */
export async function insertDraftOnce(
  db: Executor,
  draft: Insertable<AlertDraftTable>,
): Promise<string | null> {
  const row = await db
    .insertInto('alert_drafts')
    .values(draft)
    .onConflict((oc) => oc.columns(['trigger', 'trigger_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? String(row.id) : null;
}

/** Which drafts a list holds: awaiting review, or all. */
export type DraftFilter = 'pending' | 'all';

function draftQuery(db: Executor) {
  return db
    .selectFrom('alert_drafts as d')
    .leftJoin('alerts as a', 'a.id', 'd.issued_alert_id')
    .selectAll('d')
    .select('a.reference as issued_reference');
}

/** Drafts newest first. */
export async function listDrafts(db: Executor, filter: DraftFilter): Promise<AlertDraftRow[]> {
  let q = draftQuery(db);
  if (filter === 'pending') q = q.where('d.issued_at', 'is', null).where('d.dismissed_at', 'is', null);
  return q.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').execute();
}

/** One draft, locked for the decision when `forUpdate`. */
export async function findDraft(
  db: Executor,
  id: string,
  forUpdate = false,
): Promise<AlertDraftRow | undefined> {
  if (forUpdate) await db.selectFrom('alert_drafts').select('id').where('id', '=', id).forUpdate().execute();
  return draftQuery(db).where('d.id', '=', id).executeTakeFirst();
}

export async function markDraftIssued(
  db: Executor,
  id: string,
  issued: { alertId: string; at: Date; by: string },
): Promise<void> {
  await db
    .updateTable('alert_drafts')
    .set({ issued_alert_id: issued.alertId, issued_at: issued.at, issued_by: issued.by })
    .where('id', '=', id)
    .execute();
}

export async function markDraftDismissed(
  db: Executor,
  id: string,
  dismissed: { at: Date; by: string; reason: string },
): Promise<void> {
  await db
    .updateTable('alert_drafts')
    .set({ dismissed_at: dismissed.at, dismissed_by: dismissed.by, dismissed_reason: dismissed.reason })
    .where('id', '=', id)
    .execute();
}

/** Of the CVEs given, those a live (not withdrawn) alert already names. */
export async function cvesWithLiveAlerts(db: Executor, cveIds: readonly string[]): Promise<Set<string>> {
  if (cveIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('alerts')
    .select(sql<string>`unnest(cves)`.as('cve'))
    .where('withdrawn_at', 'is', null)
    .where(sql<boolean>`cves && ${sql.val([...cveIds])}::text[]`)
    .execute();
  return new Set(rows.map((r) => r.cve).filter((c) => cveIds.includes(c)));
}
