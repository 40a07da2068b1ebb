/**
 * Alert drafts for the national centre to review: list them, issue one in a step (through the
 * ordinary issue path, in the transaction that marks the draft issued), or dismiss one with a
 * reason. National work, like issuing; every decision audited.
 */
import type { Database } from '../../db/connect.js';
import { findAlertByReference } from '../../db/repositories/alert.repository.js';
import {
  type AlertDraftRow,
  type DraftFilter,
  findDraft,
  listDrafts,
  markDraftDismissed,
  markDraftIssued,
} from '../../db/repositories/alert-draft.repository.js';
import { remoteWorkingProduct } from '../../domain/outside/remote-working.js';
import { ConflictError, invalidFields, NotFoundError } from '../../errors.js';
import { requireNational } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type AlertContext, type IssueResult, issueAlertIn } from './issue.service.js';

export type DraftState = 'pending' | 'issued' | 'dismissed';

export interface AlertDraftView {
  id: string;
  state: DraftState;
  /** What drafted it (`kev`) and its key (the CVE). */
  trigger: string;
  triggerKey: string;
  products: { id: string; name: string }[];
  title: string;
  severity: string;
  action: string;
  cves: string[];
  targets: string[];
  why: string;
  createdAt: string;
  issued: { reference: string | null; at: string; by: string } | null;
  dismissed: { at: string; by: string; reason: string } | null;
}

function toView(d: AlertDraftRow): AlertDraftView {
  return {
    id: String(d.id),
    state: d.issued_at ? 'issued' : d.dismissed_at ? 'dismissed' : 'pending',
    trigger: d.trigger,
    triggerKey: d.trigger_key,
    products: d.products.map((id) => ({ id, name: remoteWorkingProduct(id)?.name ?? id })),
    title: d.title,
    severity: d.severity,
    action: d.action,
    cves: d.cves,
    targets: d.targets,
    why: d.why,
    createdAt: new Date(d.created_at).toISOString(),
    issued: d.issued_at
      ? { reference: d.issued_reference, at: new Date(d.issued_at).toISOString(), by: d.issued_by ?? '' }
      : null,
    dismissed: d.dismissed_at
      ? {
          at: new Date(d.dismissed_at).toISOString(),
          by: d.dismissed_by ?? '',
          reason: d.dismissed_reason ?? '',
        }
      : null,
  };
}

function requireReviewing(ctx: AlertContext): void {
  requireNational(ctx.actor, 'national', 'review alert drafts');
}

function draftId(id: string): string {
  const trimmed = id.trim();
  if (!/^[1-9][0-9]{0,17}$/.test(trimmed)) throw invalidFields({ id: `not a draft id: ${id} (a number)` });
  return trimmed;
}

/** Drafts newest first: those awaiting review, or all. */
export async function listAlertDrafts(
  database: Database,
  ctx: AlertContext,
  filter: DraftFilter = 'pending',
): Promise<AlertDraftView[]> {
  requireReviewing(ctx);
  return (await listDrafts(database.db, filter)).map(toView);
}

export interface IssueDraftResult {
  draft: AlertDraftView;
  alert: IssueResult;
}

/** Issues the draft as it stands (the ordinary issue: reference, targets, messages) and marks it issued. */
export async function issueAlertDraft(
  database: Database,
  ctx: AlertContext,
  id: string,
): Promise<IssueDraftResult> {
  requireReviewing(ctx);
  const key = draftId(id);
  return database.db.transaction().execute(async (trx) => {
    const draft = await undecided(trx, key);
    const alert = await issueAlertIn(trx, ctx, {
      title: draft.title,
      severity: draft.severity,
      action: draft.action,
      cves: draft.cves,
      advisory: null,
      targets: draft.targets,
    });
    const issued = await findAlertByReference(trx, alert.reference);
    if (!issued) throw new NotFoundError(`no alert ${alert.reference}`);
    const at = ctx.clock.now();
    await markDraftIssued(trx, key, { alertId: issued.id, at, by: ctx.actor.label });
    await audit(
      trx,
      ctx.actor,
      null,
      'alert.draft.issue',
      { id: key, state: 'pending' },
      { id: key, reference: alert.reference },
      `draft ${key}`,
    );
    const after = await findDraft(trx, key);
    return { draft: toView(after as AlertDraftRow), alert };
  });
}

/** Dismisses the draft with a reason; it stays listed with `--all`. */
export async function dismissAlertDraft(
  database: Database,
  ctx: AlertContext,
  id: string,
  reason: string,
): Promise<AlertDraftView> {
  requireReviewing(ctx);
  const key = draftId(id);
  const why = reason.trim();
  if (!why) throw invalidFields({ reason: 'say why the draft is dismissed' });
  return database.db.transaction().execute(async (trx) => {
    await undecided(trx, key);
    await markDraftDismissed(trx, key, { at: ctx.clock.now(), by: ctx.actor.label, reason: why });
    await audit(
      trx,
      ctx.actor,
      null,
      'alert.draft.dismiss',
      { id: key, state: 'pending' },
      { id: key, reason: why },
      `draft ${key}`,
    );
    return toView((await findDraft(trx, key)) as AlertDraftRow);
  });
}

async function undecided(trx: Database['db'], id: string): Promise<AlertDraftRow> {
  const draft = await findDraft(trx, id, true);
  if (!draft) throw new NotFoundError(`no alert draft ${id}`);
  if (draft.issued_at)
    throw new ConflictError(`alert draft ${id} was issued already, as ${draft.issued_reference}`);
  if (draft.dismissed_at)
    throw new ConflictError(`alert draft ${id} was dismissed: ${draft.dismissed_reason}`);
  return draft;
}
