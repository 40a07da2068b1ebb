/**
 * Time-limited exceptions: a finding that cannot be fixed (a medical device the manufacturer must
 * patch) is accepted for a while with compensating controls. While active its findings show as
 * excepted; when it expires they reopen (derived when read, so it can never go stale).
 */
import type { Database } from '../db/connect.js';
import { listExceptions } from '../db/repositories/exception.repository.js';
import { findOrganisationByCode } from '../db/repositories/organisation.repository.js';
import { type Actor, SYSTEM_ACTOR } from '../domain/access/actor.js';
import type { Scope } from '../domain/access/scope.js';
import { normaliseCode } from '../domain/org/organisation.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { audit } from './audit.service.js';

export interface ExceptionInput {
  org: string;
  cve: string;
  /** The organisation's asset id (the inventory's `asset_id`); all its assets when absent. */
  asset?: string | null;
  reason: string;
  controls: string;
  expires: string;
  createdBy: string;
}

export interface ExceptionView {
  id: string;
  org: string;
  cve: string;
  asset: string | null;
  reason: string;
  controls: string;
  expiresAt: string;
  active: boolean;
  createdBy: string;
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

function invalid(reason: string): InvalidInputError {
  return new InvalidInputError(reason, [{ file: 'exception', line: 0, reason }]);
}

export async function addException(
  database: Database,
  scope: Scope,
  input: ExceptionInput,
  now = new Date(),
  actor: Actor = SYSTEM_ACTOR,
): Promise<ExceptionView> {
  const code = normaliseCode(input.org);
  const cve = input.cve.trim().toUpperCase();
  if (!CVE_ID.test(cve)) throw invalid(`not a CVE id: ${input.cve}`);
  if (!input.reason.trim()) throw invalid('a reason is required');
  if (!input.controls.trim())
    throw invalid('compensating controls are required (what protects the asset meanwhile)');
  const expires = new Date(input.expires);
  if (Number.isNaN(expires.getTime())) throw invalid(`not a date: ${input.expires} (use YYYY-MM-DD)`);
  if (expires <= now) throw invalid(`the expiry ${input.expires} is not in the future`);
  const org = await findOrganisationByCode(database.db, code, scope);
  if (!org) throw new NotFoundError(`no organisation ${code}`);
  let assetId: number | null = null;
  if (input.asset) {
    const asset = await database.db
      .selectFrom('assets')
      .select('id')
      .where('org_id', '=', org.id)
      .where('asset_key', '=', input.asset)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (!asset) throw new NotFoundError(`${code} has no asset ${input.asset}`);
    assetId = Number(asset.id);
  }
  const values = {
    org_id: org.id,
    cve_id: cve,
    asset_id: assetId,
    reason: input.reason.trim(),
    controls: input.controls.trim(),
    expires_at: expires,
    created_by: input.createdBy,
  };
  const row = await database.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('exceptions')
      .values(values)
      .returning(['id', 'expires_at'])
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      actor,
      org.id,
      'exception.add',
      null,
      {
        id: inserted.id,
        cve,
        asset: input.asset ?? null,
        reason: values.reason,
        controls: values.controls,
        expires,
      },
      `${code} ${cve}`,
    );
    return inserted;
  });
  return {
    id: row.id,
    org: code,
    cve,
    asset: input.asset ?? null,
    reason: input.reason.trim(),
    controls: input.controls.trim(),
    expiresAt: new Date(row.expires_at).toISOString(),
    active: true,
    createdBy: input.createdBy,
  };
}

/** Exceptions in the actor's scope (optionally one organisation's subtree, one CVE, active only), newest first. */
export async function listExceptionPage(
  database: Database,
  scope: Scope,
  q: {
    underOrgId?: string | null;
    cve?: string;
    active?: boolean;
    before?: [string, string] | null;
    limit: number;
  },
  now = new Date(),
): Promise<(ExceptionView & { createdAt: string })[]> {
  const rows = await listExceptions(database.db, scope, { ...q, cve: q.cve?.trim().toUpperCase() });
  return rows.map((r) => ({
    id: r.id,
    org: r.orgCode,
    cve: r.cveId,
    asset: r.assetKey,
    reason: r.reason,
    controls: r.controls,
    expiresAt: new Date(r.expiresAt).toISOString(),
    active: new Date(r.expiresAt) > now,
    createdBy: r.createdBy,
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}
