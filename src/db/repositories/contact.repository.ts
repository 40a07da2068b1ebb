/**
 * Contacts: the people at each organisation who hear about alerts, and how (e-mail or webhook,
 * at once or in a daily digest).
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { ContactRow as ContactInput } from '../../domain/alerts/contact-csv.js';
import type { ContactTable, DB } from '../schema.js';
import { inScope, underOrg } from '../scope.js';

type Executor = Kysely<DB>;

/** A contact as the CSV gives it, its organisation resolved to its id. */
export type ContactWrite = Omit<ContactInput, 'line' | 'orgCode'> & { orgId: string };

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Inserts or updates contacts by (organisation, e-mail, channel) in one statement. With
 * `webhooks` false (a file without the webhook columns) existing contacts keep their endpoints.
 */
export async function upsertContacts(
  trx: Executor,
  rows: readonly ContactWrite[],
  webhooks = true,
): Promise<UpsertCounts> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const col = <K extends keyof ContactWrite>(k: K) => sql.val(rows.map((r) => r[k]));
  const url = webhooks ? sql`excluded.webhook_url` : sql`c.webhook_url`;
  const secret = webhooks ? sql`excluded.webhook_secret` : sql`c.webhook_secret`;
  // The conflict's row carries the column's default, now(): Citus takes no function call in DO UPDATE SET.
  const result = await sql<{ inserted: boolean }>`
    INSERT INTO contacts AS c (org_id, name, email, role, channel, digest, webhook_url, webhook_secret)
    SELECT * FROM unnest(${col('orgId')}::uuid[], ${col('name')}::text[], ${col('email')}::text[],
      ${col('role')}::text[], ${col('channel')}::text[], ${col('digest')}::boolean[],
      ${col('webhookUrl')}::text[], ${col('webhookSecret')}::text[])
    ON CONFLICT (org_id, email, channel) DO UPDATE SET
      name = excluded.name, role = excluded.role, digest = excluded.digest,
      webhook_url = ${url}, webhook_secret = ${secret}, updated_at = excluded.updated_at
    WHERE (c.name, c.role, c.digest, c.webhook_url, c.webhook_secret)
      IS DISTINCT FROM (excluded.name, excluded.role, excluded.digest, ${url}, ${secret})
    RETURNING (c.xmax = 0) AS inserted`.execute(trx);
  const created = result.rows.filter((r) => r.inserted).length;
  const updated = result.rows.length - created;
  return { created, updated, unchanged: rows.length - created - updated };
}

/** A contact with its organisation's code and name; whether it has its own signing secret, not the secret. */
export type ContactRow = Omit<Selectable<ContactTable>, 'webhook_secret' | 'created_at' | 'updated_at'> & {
  code: string;
  org_name: string;
  /** Whether it has its own signing secret (the secret itself is read only by the sender). */
  has_webhook_secret: boolean;
};

const CONTACT_COLUMNS = sql`c.id, c.org_id, o.code, o.name AS org_name, c.name, c.email, c.role, c.channel, c.digest,
  c.webhook_url, c.webhook_secret IS NOT NULL AS has_webhook_secret`;

/** Contacts of these organisations. */
export async function contactsOfOrgs(db: Executor, orgIds: readonly string[]): Promise<ContactRow[]> {
  if (orgIds.length === 0) return [];
  const rows = await sql<ContactRow>`
    SELECT ${CONTACT_COLUMNS} FROM contacts c JOIN organisations o ON o.id = c.org_id
    WHERE c.org_id = ANY(${sql.val([...orgIds])}::uuid[])
    ORDER BY o.code, c.email, c.channel`.execute(db);
  return rows.rows;
}

/** For each organisation given, the contacts of its ancestors below the national root (ICB, region, trust). */
export async function ancestorContacts(
  db: Executor,
  orgIds: readonly string[],
): Promise<(ContactRow & { descendant_id: string })[]> {
  if (orgIds.length === 0) return [];
  const rows = await sql<ContactRow & { descendant_id: string }>`
    SELECT cl.descendant_id, ${CONTACT_COLUMNS}
    FROM org_closure cl
    JOIN organisations o ON o.id = cl.ancestor_id AND o.kind <> 'national'
    JOIN contacts c ON c.org_id = o.id
    WHERE cl.descendant_id = ANY(${sql.val([...orgIds])}::uuid[]) AND cl.depth > 0
    ORDER BY o.code, c.email`.execute(db);
  return rows.rows;
}

/**
 * Digest contacts with something to report (an open target of a live alert at or below their
 * organisation) and no digest for `day` yet (its outbox key is `ward:digest:DAY:CONTACT`).
 * In two steps for Citus: the contacts (a tenant table) with the organisations that have open
 * targets below them, uncorrelated as those targets sit on other shards; then, on the coordinator,
 * those without a digest in the outbox (a coordinator table, which Citus joins with no shard).
 */
export async function digestContactsWithout(db: Executor, day: string, limit: number): Promise<ContactRow[]> {
  const rows = await sql<ContactRow>`
    WITH c AS MATERIALIZED (
      SELECT ${CONTACT_COLUMNS} FROM contacts c JOIN organisations o ON o.id = c.org_id
      WHERE c.digest AND c.org_id IN (
        SELECT cl.ancestor_id FROM org_closure cl JOIN alert_targets t ON t.org_id = cl.descendant_id
        JOIN alerts a ON a.id = t.alert_id
        WHERE a.withdrawn_at IS NULL AND t.state IN ('awaiting_ack', 'acknowledged', 'in_progress'))
    )
    SELECT c.* FROM c
    WHERE NOT EXISTS (
      SELECT 1 FROM outbox x WHERE x.idempotency_key = 'ward:digest:' || ${day}::text || ':' || c.id::text)
    ORDER BY c.code, c.email LIMIT ${limit}`.execute(db);
  return rows.rows;
}

/** Contacts in scope, optionally of one organisation's subtree. */
export async function listContacts(
  db: Executor,
  scope: Scope,
  underOrgId: string | null,
): Promise<ContactRow[]> {
  const under = underOrgId ? sql`AND ${underOrg('c.org_id', underOrgId)}` : sql``;
  const rows = await sql<ContactRow>`
    SELECT ${CONTACT_COLUMNS} FROM contacts c JOIN organisations o ON o.id = c.org_id
    WHERE ${inScope('c.org_id', scope)} ${under}
    ORDER BY o.code, c.email, c.channel`.execute(db);
  return rows.rows;
}
