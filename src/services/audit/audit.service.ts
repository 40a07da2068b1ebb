/**
 * The audit log as services use it: `audit(trx, …)` appends a record in the same transaction as
 * the write it describes (so there is no write without its record, and no record of a write that
 * rolled back); reading is scoped to the caller's `audit` permission; `verifyAudit` walks the hash
 * chain (national roles with `audit`).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/connect.js';
import { appendAudit, listAudit, readChain } from '../../db/repositories/audit.repository.js';
import type { DB } from '../../db/schema.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import type { AuditAction } from '../../domain/audit/audit-action.js';
import { type ChainBreak, findBreak, GENESIS } from '../../domain/audit/audit-chain.js';
import { requireNational, requireOrgAccess } from '../access/access.service.js';

/** Appends an audit record for a write made in `trx`: who, which organisation, what, before/after summary. */
export async function audit(
  trx: Transaction<DB>,
  actor: Actor,
  orgId: string | null,
  action: AuditAction,
  before: unknown,
  after: unknown,
  target: string | null = null,
): Promise<void> {
  await appendAudit(trx, { actor: actor.label, userId: actor.userId, orgId, action, target, before, after });
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  org: string | null;
  action: AuditAction;
  target: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface AuditQuery {
  /** Only this organisation (ODS code) and its subtree: one the actor holds `audit` on. */
  org?: string | null;
  action?: string;
  actor?: string;
  beforeSeq?: number | null;
  limit: number;
}

/**
 * Audit records the actor may read (the `audit` permission's scope), newest first. Records without
 * an organisation (intel loads, sign-ins) are read only with the national scope.
 */
export async function listAuditRecords(
  database: Database,
  actor: Actor,
  query: AuditQuery,
): Promise<AuditRecord[]> {
  const under = query.org ? await requireOrgAccess(database, actor, 'audit', query.org) : null;
  const rows = await listAudit(database.db, scopeFor(actor, 'audit'), {
    underOrgId: under?.id ?? null,
    action: query.action,
    actor: query.actor,
    beforeSeq: query.beforeSeq,
    limit: query.limit,
  });
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    org: r.orgCode,
    action: r.action as AuditAction,
    target: r.target,
    before: r.before,
    after: r.after,
    hash: r.hash,
  }));
}

export interface AuditVerification {
  records: number;
  ok: boolean;
  /** The first break in the chain, or null when every record is intact. */
  problem: ChainBreak | null;
  message: string;
}

const BATCH = 5000;

/**
 * Walks the whole chain from the first record (national roles with `audit`: the chain spans every
 * organisation); reports the first edited record or the first gap.
 */
export async function verifyAudit(database: Database, actor: Actor): Promise<AuditVerification> {
  requireNational(actor, 'audit', 'verify the whole audit log');
  let prevHash = GENESIS;
  let prevSeq: number | null = null;
  let records = 0;
  for (;;) {
    const batch = await readChain(database.db, prevSeq ?? 0, BATCH);
    if (batch.length === 0) break;
    const problem = findBreak(batch, prevHash, prevSeq);
    if (problem) {
      const message =
        problem.kind === 'edited'
          ? `audit record ${problem.seq} was edited: its content no longer matches the chain`
          : `audit records were deleted between ${problem.afterSeq ?? 'the start'} and ${problem.beforeSeq}`;
      return { records: records + batch.length, ok: false, problem, message };
    }
    records += batch.length;
    const last = batch[batch.length - 1] as (typeof batch)[number];
    prevHash = last.hash;
    prevSeq = last.seq;
  }
  return { records, ok: true, problem: null, message: `${records} audit records, chain intact` };
}
