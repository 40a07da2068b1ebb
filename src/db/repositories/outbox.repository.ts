/**
 * The transactional outbox: messages are written in the same transaction as the alert change
 * that causes them, then claimed, sent and marked by the dispatcher. Claims are leases
 * (`claimed_until`), taken with `FOR UPDATE SKIP LOCKED`, so several senders can share the queue
 * and a crashed sender's messages come back when its lease runs out.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import { copyInto, createStagingTable } from '../copy.js';
import type { ContactTable, DB, OutboxTable } from '../schema.js';

type Executor = Kysely<DB>;

/** A message to queue. The idempotency key is unique: queuing the same key twice keeps the first. */
export interface OutboxWrite {
  key: string;
  kind: string;
  channel: string;
  recipient: string;
  recipientName: string;
  /** The contact it is for: a webhook goes to the contact's own endpoint when it has one. */
  contactId?: string | null;
  orgId: string | null;
  alertId: string | null;
  subject: string;
  body: string;
  payload: unknown;
}

const COLUMNS = [
  'idempotency_key',
  'kind',
  'channel',
  'recipient',
  'recipient_name',
  'org_id',
  'alert_id',
  'contact_id',
  'subject',
  'body',
  'payload',
  'next_attempt_at',
  'created_at',
] as const;

/** Queues messages (COPY into a staging table, then one insert that skips known keys). Returns how many were new. */
export async function enqueueMessages(
  trx: Executor,
  messages: readonly OutboxWrite[],
  now: Date,
): Promise<number> {
  if (messages.length === 0) return 0;
  await createStagingTable(
    trx,
    'outbox_stage',
    'idempotency_key text, kind text, channel text, recipient text, recipient_name text, org_id uuid, alert_id uuid, ' +
      'contact_id uuid, subject text, body text, payload jsonb, next_attempt_at timestamptz, created_at timestamptz',
  );
  await copyInto(
    trx,
    'outbox_stage',
    COLUMNS,
    messages.map((m) => [
      m.key,
      m.kind,
      m.channel,
      m.recipient,
      m.recipientName,
      m.orgId,
      m.alertId,
      m.contactId ?? null,
      m.subject,
      m.body,
      JSON.stringify(m.payload),
      now,
      now,
    ]),
  );
  const inserted = await sql`
    INSERT INTO outbox (${sql.join(COLUMNS.map((c) => sql.ref(c)))})
    SELECT DISTINCT ON (idempotency_key) * FROM outbox_stage
    ON CONFLICT (idempotency_key) DO NOTHING`.execute(trx);
  await sql`DROP TABLE outbox_stage`.execute(trx);
  return Number(inserted.numAffectedRows ?? 0);
}

type Message = Selectable<OutboxTable>;

export type OutboxRow = Pick<
  Message,
  | 'id'
  | 'idempotency_key'
  | 'kind'
  | 'channel'
  | 'recipient'
  | 'recipient_name'
  | 'subject'
  | 'body'
  | 'payload'
  | 'attempts'
> &
  /** The contact's own webhook endpoint and signing secret, read when the message is claimed. */
  Pick<Selectable<ContactTable>, 'webhook_url' | 'webhook_secret'>;

/**
 * Claims up to `limit` pending messages due at `now` (not claimed by a live lease) until
 * `leaseUntil`, in a transaction of its own. Returns them oldest first.
 */
export async function claimDueMessages(
  db: Executor,
  now: Date,
  leaseUntil: Date,
  limit: number,
  channels: readonly string[],
): Promise<OutboxRow[]> {
  if (channels.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const rows = await sql<Omit<OutboxRow, 'webhook_url' | 'webhook_secret'> & { contact_id: string | null }>`
      WITH due AS (
        SELECT id FROM outbox
        WHERE status = 'pending' AND next_attempt_at <= ${now}
          AND (claimed_until IS NULL OR claimed_until <= ${now})
          AND channel = ANY(${sql.val([...channels])}::text[])
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE outbox o SET claimed_until = ${leaseUntil}
      FROM due WHERE o.id = due.id
      RETURNING o.id, o.idempotency_key, o.kind, o.channel, o.recipient, o.recipient_name, o.subject, o.body,
        o.payload, o.attempts, o.contact_id`.execute(trx);
    // The contacts' endpoints in a query of their own: the outbox stays on the coordinator while
    // Citus shards the contacts, and it joins no coordinator table with a sharded one.
    const contactIds = [...new Set(rows.rows.flatMap((r) => (r.contact_id ? [r.contact_id] : [])))];
    const endpoints = new Map(
      contactIds.length === 0
        ? []
        : (
            await trx
              .selectFrom('contacts')
              .select(['id', 'webhook_url', 'webhook_secret'])
              .where('id', 'in', contactIds)
              .execute()
          ).map((c) => [c.id, c]),
    );
    return rows.rows
      .map(({ contact_id, ...r }) => {
        const c = contact_id ? endpoints.get(contact_id) : undefined;
        return { ...r, webhook_url: c?.webhook_url ?? null, webhook_secret: c?.webhook_secret ?? null };
      })
      .sort((a, b) => a.id - b.id);
  });
}

export async function markDelivered(db: Executor, id: number, at: Date): Promise<void> {
  await sql`
    UPDATE outbox SET status = 'delivered', delivered_at = ${at}, attempts = attempts + 1, claimed_until = NULL,
      last_error = NULL
    WHERE id = ${id} AND status = 'pending'`.execute(db);
}

/** Records a failed attempt: retried at `retryAt`, or dead when that is null. */
export async function markFailed(
  db: Executor,
  id: number,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await sql`
    UPDATE outbox SET attempts = attempts + 1, claimed_until = NULL, last_error = ${error.slice(0, 2000)},
      status = ${retryAt ? 'pending' : 'dead'}, next_attempt_at = coalesce(${retryAt}::timestamptz, next_attempt_at)
    WHERE id = ${id} AND status = 'pending'`.execute(db);
}

/** Gives a claimed message back without counting an attempt (its channel is not configured). */
export async function releaseClaim(db: Executor, id: number): Promise<void> {
  await sql`UPDATE outbox SET claimed_until = NULL WHERE id = ${id}`.execute(db);
}

export type OutboxListRow = Pick<
  Message,
  | 'id'
  | 'idempotency_key'
  | 'kind'
  | 'channel'
  | 'recipient'
  | 'recipient_name'
  | 'subject'
  | 'status'
  | 'attempts'
  | 'next_attempt_at'
  | 'last_error'
  | 'created_at'
  | 'delivered_at'
> &
  Partial<Pick<Message, 'body'>> & {
    /** The organisation's code and the alert's reference, when the message has them. */
    org_code: string | null;
    reference: string | null;
  };

export interface OutboxFilter {
  status?: string | null;
  kind?: string | null;
  alertId?: string | null;
  limit: number;
  withBody?: boolean;
}

export async function listOutbox(db: Executor, f: OutboxFilter): Promise<OutboxListRow[]> {
  const parts = [sql`true`];
  if (f.status) parts.push(sql`x.status = ${f.status}`);
  if (f.kind) parts.push(sql`x.kind = ${f.kind}`);
  if (f.alertId) parts.push(sql`x.alert_id = ${f.alertId}`);
  const rows = await sql<OutboxListRow>`
    SELECT x.id, x.idempotency_key, x.kind, x.channel, x.recipient, x.recipient_name, o.code AS org_code,
      a.reference, x.subject, x.status, x.attempts, x.next_attempt_at, x.last_error, x.created_at, x.delivered_at
      ${f.withBody ? sql`, x.body` : sql``}
    FROM outbox x LEFT JOIN organisations o ON o.id = x.org_id LEFT JOIN alerts a ON a.id = x.alert_id
    WHERE ${sql.join(parts, sql` AND `)}
    ORDER BY x.id LIMIT ${f.limit}`.execute(db);
  return rows.rows;
}

export async function countOutbox(db: Executor): Promise<Record<string, number>> {
  const rows = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM outbox GROUP BY status`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.status, r.n]));
}

/** The message body and payload (for tests and `ward notify show`). */
export async function findOutboxMessage(db: Executor, key: string) {
  return db.selectFrom('outbox').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

/** Channels that have pending messages. */
export async function pendingChannels(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('channel')
    .distinct()
    .where('status', '=', 'pending')
    .execute();
  return rows.map((r) => r.channel);
}
