/**
 * Reading exceptions: a page of those in the caller's scope, newest first.
 */
import { type Kysely, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { DB } from '../schema.js';
import { inScope, underOrg } from '../scope.js';

type Executor = Kysely<DB>;

export interface ExceptionRow {
  id: string;
  orgCode: string;
  cveId: string;
  assetKey: string | null;
  reason: string;
  controls: string;
  expiresAt: Date;
  createdAt: Date;
  createdBy: string;
}

/** Exceptions in scope, newest first, before (created_at, id). */
export async function listExceptions(
  db: Executor,
  scope: Scope,
  f: {
    underOrgId?: string | null;
    cve?: string;
    active?: boolean;
    before?: [string, string] | null;
    limit: number;
  },
): Promise<ExceptionRow[]> {
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
