/**
 * Exceptions: recording one, and reading a page of those in the caller's scope, newest first.
 * Whether an exception covers a finding is decided when findings are read (finding.sql.ts).
 */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { Scope } from '../../../domain/access/scope.js';
import type { DB, ExceptionTable } from '../../schema.js';
import { inScope, orgIdIn, underOrg } from '../../scope.js';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Whether an exception is active in the subtree (null: anywhere). Exceptions are few and most
 * subtrees have none: readers of the maintained counts then take them as they are, without
 * subtracting what exceptions cover.
 */
export async function exceptionsActive(db: Executor, subtree: readonly string[] | null): Promise<boolean> {
  const row = await sql<{ active: boolean }>`
    SELECT EXISTS (SELECT 1 FROM exceptions WHERE expires_at > now() AND ${orgIdIn('org_id', subtree)}) AS active`.execute(
    db,
  );
  return row.rows[0]?.active ?? true;
}

export interface ExceptionFilter {
  underOrgId?: string | null;
  cve?: string;
  active?: boolean;
  /** Only those created before this (created_at, id): the previous page's last. */
  before?: [string, string] | null;
  limit: number;
}

/** Exceptions in scope, newest first, before (created_at, id). */
export async function listExceptions(db: Executor, scope: Scope, f: ExceptionFilter) {
  let q = db
    .selectFrom('exceptions as x')
    .innerJoin('organisations as o', 'o.id', 'x.org_id')
    .leftJoin('assets as a', (j) => j.onRef('a.org_id', '=', 'x.org_id').onRef('a.id', '=', 'x.asset_id'))
    .select([
      'x.id',
      'o.code as orgCode',
      'x.cve_id as cveId',
      'a.asset_key as assetKey',
      'x.reason',
      'x.controls',
      'x.expires_at as expiresAt',
      'x.created_at as createdAt',
      'x.created_by as createdBy',
    ])
    .where(inScope('x.org_id', scope));
  if (f.underOrgId) q = q.where(underOrg('x.org_id', f.underOrgId));
  if (f.cve) q = q.where('x.cve_id', '=', f.cve);
  if (f.active) q = q.where('x.expires_at', '>', sql<Date>`now()`);
  if (f.before) {
    const [created, id] = f.before;
    q = q.where((eb) =>
      eb.or([
        eb('x.created_at', '<', new Date(created)),
        eb.and([eb('x.created_at', '=', new Date(created)), eb('x.id', '<', id)]),
      ]),
    );
  }
  return q.orderBy('x.created_at', 'desc').orderBy('x.id', 'desc').limit(f.limit).execute();
}

/** An exception as read, with its organisation's code and its asset's key (null: all the organisation's assets). */
export type ExceptionRow = Awaited<ReturnType<typeof listExceptions>>[number];

/** The id of the organisation's live asset with this key (the inventory's `asset_id`), or null. */
export async function findLiveAssetId(db: Executor, orgId: string, assetKey: string): Promise<number | null> {
  const asset = await db
    .selectFrom('assets')
    .select('id')
    .where('org_id', '=', orgId)
    .where('asset_key', '=', assetKey)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  return asset ? Number(asset.id) : null;
}

/** Records an exception; returns its id and expiry as stored. */
export async function insertException(trx: Executor, values: Insertable<ExceptionTable>) {
  return trx
    .insertInto('exceptions')
    .values(values)
    .returning(['id', 'expires_at', 'created_at'])
    .executeTakeFirstOrThrow();
}
