/**
 * The audit log: appended under a table lock (one writer at a time keeps the chain linear and
 * sequence numbers gap-free), read back scoped, and read in order for verification.
 */

import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import { type AuditEntry, type ChainedEntry, chainHash, GENESIS } from '../../domain/audit/audit-chain.js';
import type { DB, OrganisationTable } from '../schema.js';
import { inScope, underOrg } from '../scope.js';
import { likeLiteral } from './like-pattern.js';

type Executor = Kysely<DB>;

/** Plain JSON (dates as ISO strings), as jsonb gives it back. */
function plainJson(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}

/** Appends one record in the caller's transaction; returns it with its hash. */
export async function appendAudit(
  trx: Transaction<DB>,
  record: Omit<AuditEntry, 'seq' | 'at'> & { at?: Date },
): Promise<ChainedEntry> {
  await sql`LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const entry: AuditEntry = {
    seq: (last?.seq ?? 0) + 1,
    at: (record.at ?? new Date()).toISOString(),
    actor: record.actor,
    userId: record.userId,
    orgId: record.orgId,
    action: record.action,
    target: record.target,
    before: plainJson(record.before),
    after: plainJson(record.after),
  };
  const prevHash = last?.hash ?? GENESIS;
  const hash = chainHash(prevHash, entry);
  await trx
    .insertInto('audit_log')
    .values({
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      user_id: entry.userId,
      org_id: entry.orgId,
      action: entry.action,
      target: entry.target,
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
      prev_hash: prevHash,
      hash,
    })
    .execute();
  return { ...entry, prevHash, hash };
}

/** A chained record with the code of its organisation (null: none, or since removed). */
export type AuditRow = ChainedEntry & { orgCode: Selectable<OrganisationTable>['code'] | null };

function auditQuery(db: Executor) {
  return db
    .selectFrom('audit_log as a')
    .leftJoin('organisations as o', 'o.id', 'a.org_id')
    .select([
      'a.seq',
      'a.at',
      'a.actor',
      'a.user_id',
      'a.org_id',
      'a.action',
      'a.target',
      'a.before',
      'a.after',
      'a.prev_hash',
      'a.hash',
      'o.code as org_code',
    ]);
}

type RawAudit = Awaited<ReturnType<ReturnType<typeof auditQuery>['execute']>>[number];

function toEntry(r: RawAudit): AuditRow {
  return {
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    userId: r.user_id,
    orgId: r.org_id,
    action: r.action,
    target: r.target,
    before: r.before ?? null,
    after: r.after ?? null,
    prevHash: r.prev_hash,
    hash: r.hash,
    orgCode: r.org_code,
  };
}

export interface AuditFilter {
  /** Only this organisation's subtree (its id). */
  underOrgId?: string | null;
  action?: string;
  actor?: string;
  /** Records before this sequence number (newest first paging). */
  beforeSeq?: number | null;
  limit: number;
}

/** Newest first, within scope (records without an organisation only for the full scope). */
export async function listAudit(db: Executor, scope: Scope, f: AuditFilter): Promise<AuditRow[]> {
  let q = auditQuery(db).where(inScope('a.org_id', scope));
  if (f.underOrgId) q = q.where(underOrg('a.org_id', f.underOrgId));
  if (f.action)
    q = q.where((eb) =>
      eb.or([
        eb('a.action', '=', f.action as string),
        eb('a.action', 'like', `${likeLiteral(f.action as string)}.%`),
      ]),
    );
  if (f.actor) q = q.where('a.actor', '=', f.actor);
  if (f.beforeSeq != null) q = q.where('a.seq', '<', f.beforeSeq);
  return (await q.orderBy('a.seq', 'desc').limit(f.limit).execute()).map(toEntry);
}

/** Records after `afterSeq`, oldest first (verification reads the whole chain in batches). */
export async function readChain(db: Executor, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return (await auditQuery(db).where('a.seq', '>', afterSeq).orderBy('a.seq').limit(limit).execute()).map(
    toEntry,
  );
}
