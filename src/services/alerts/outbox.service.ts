/**
 * Reading the notification outbox: what was queued, for whom, and whether it went. The outbox holds
 * every organisation's messages, so reading it is national work.
 */
import type { Database } from '../../db/connect.js';
import { findAlertByReference } from '../../db/repositories/alert.repository.js';
import { countOutbox, listOutbox } from '../../db/repositories/outbox.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { parseReference } from '../../domain/alerts/alert.js';
import { NotFoundError } from '../../errors.js';
import { requireNational } from '../access/access.service.js';

export interface OutboxFilterInput {
  status?: string | null;
  kind?: string | null;
  alert?: string | null;
  body?: boolean;
  limit?: number;
}

export interface OutboxMessageView {
  id: number;
  key: string;
  kind: string;
  channel: string;
  to: string;
  org: string | null;
  alert: string | null;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  body?: string;
}

export async function listOutboxMessages(
  database: Database,
  actor: Actor,
  f: OutboxFilterInput,
): Promise<OutboxMessageView[]> {
  requireNational(actor, 'national', 'read the notification outbox');
  let alertId: string | null = null;
  if (f.alert) {
    const ref = parseReference(f.alert);
    const alert = ref ? await findAlertByReference(database.db, ref) : undefined;
    if (!alert) throw new NotFoundError(`no alert ${f.alert}`);
    alertId = alert.id;
  }
  const rows = await listOutbox(database.db, {
    status: f.status ?? null,
    kind: f.kind ?? null,
    alertId,
    limit: f.limit ?? 100,
    withBody: f.body === true,
  });
  return rows.map((m) => ({
    id: m.id,
    key: m.idempotency_key,
    kind: m.kind,
    channel: m.channel,
    to: `${m.recipient_name} <${m.recipient}>`,
    org: m.org_code,
    alert: m.reference,
    subject: m.subject,
    status: m.status,
    attempts: m.attempts,
    lastError: m.last_error,
    createdAt: new Date(m.created_at).toISOString(),
    deliveredAt: m.delivered_at ? new Date(m.delivered_at).toISOString() : null,
    ...(f.body ? { body: m.body ?? '' } : {}),
  }));
}

/** Messages by status: `{pending, delivered, dead}`. */
export function outboxCounts(database: Database, actor: Actor): Promise<Record<string, number>> {
  requireNational(actor, 'national', 'read the notification outbox');
  return countOutbox(database.db);
}
