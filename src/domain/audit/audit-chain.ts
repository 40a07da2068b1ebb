/**
 * The audit log's hash chain: each record's hash is sha256(previous hash + canonical JSON of the
 * record), so editing a record breaks its own hash and deleting one breaks its successor's link.
 */
import { createHash } from 'node:crypto';

/** What one audit record says (the hash covers all of it). */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  userId: string | null;
  orgId: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
}

export interface ChainedEntry extends AuditEntry {
  prevHash: string;
  hash: string;
}

/** The previous hash of the first record. */
export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level (RFC 8785 in spirit; Ward's values are plain JSON). */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function chainHash(prevHash: string, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

export type ChainBreak =
  | { kind: 'edited'; seq: number }
  | { kind: 'deleted'; afterSeq: number | null; beforeSeq: number };

/**
 * Checks records in sequence order, continuing from `prevHash` (and `prevSeq`, null before the
 * first). Returns the first break, or null. Sequence numbers are assigned without gaps (under a
 * lock, not from a sequence), so a gap is a deletion.
 */
export function findBreak(
  records: readonly ChainedEntry[],
  prevHash: string = GENESIS,
  prevSeq: number | null = null,
): ChainBreak | null {
  let hash = prevHash;
  let seq = prevSeq;
  for (const r of records) {
    const { prevHash: linked, hash: stored } = r;
    const entry: AuditEntry = {
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      userId: r.userId,
      orgId: r.orgId,
      action: r.action,
      target: r.target,
      before: r.before,
      after: r.after,
    };
    if (chainHash(linked, entry) !== stored) return { kind: 'edited', seq: r.seq };
    if (r.seq !== (seq ?? 0) + 1) return { kind: 'deleted', afterSeq: seq, beforeSeq: r.seq };
    // Consistent in itself but not linked to its predecessor: the predecessor was rewritten and rehashed.
    if (linked !== hash) return { kind: 'edited', seq: seq ?? r.seq };
    hash = stored;
    seq = r.seq;
  }
  return null;
}
