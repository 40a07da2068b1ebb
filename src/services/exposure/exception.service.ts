/**
 * Time-limited exceptions: a finding that cannot be fixed (a medical device the manufacturer must
 * patch) is accepted for a while with compensating controls. While active its findings show as
 * excepted; when it expires they reopen (derived when read, so it can never go stale). Recording
 * one needs the write permission on its organisation; listing shows those in the read scope.
 */
import type { Database } from '../../db/connect.js';
import {
  findLiveAssetId,
  insertException,
  listExceptions,
} from '../../db/repositories/exposure/exception.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { invalidFields, NotFoundError } from '../../errors.js';
import { requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';

export interface ExceptionInput {
  org: string;
  cve: string;
  /** The organisation's asset id (the inventory's `asset_id`); all its assets when absent. */
  asset?: string | null;
  reason: string;
  controls: string;
  /** Expiry date (YYYY-MM-DD), in the future. */
  expires: string;
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
  createdAt: string;
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

/** Every problem with the input's fields at once, by field name; the expiry parsed. */
function checked(input: ExceptionInput, now: Date): { cve: string; expires: Date } {
  const problems: Record<string, string> = {};
  const cve = input.cve.trim().toUpperCase();
  if (!CVE_ID.test(cve)) problems.cve = `not a CVE id: ${input.cve}`;
  if (!input.reason.trim()) problems.reason = 'a reason is required';
  if (!input.controls.trim())
    problems.controls = 'compensating controls are required (what protects the asset meanwhile)';
  const expires = new Date(input.expires);
  if (Number.isNaN(expires.getTime())) problems.expires = `not a date: ${input.expires} (use YYYY-MM-DD)`;
  else if (expires <= now) problems.expires = `the expiry ${input.expires} is not in the future`;
  if (Object.keys(problems).length > 0) throw invalidFields(problems, 'exception');
  return { cve, expires };
}

/** Records an exception for the organisation (or one of its live assets), audited as the actor. */
export async function addException(
  database: Database,
  actor: Actor,
  input: ExceptionInput,
  now = new Date(),
): Promise<ExceptionView> {
  const { cve, expires } = checked(input, now);
  const org = await requireOrgAccess(database, actor, 'write', input.org);
  let assetId: number | null = null;
  if (input.asset) {
    assetId = await findLiveAssetId(database.db, org.id, input.asset);
    if (assetId === null) throw new NotFoundError(`${org.code} has no asset ${input.asset}`);
  }
  const reason = input.reason.trim();
  const controls = input.controls.trim();
  const row = await database.db.transaction().execute(async (trx) => {
    const inserted = await insertException(trx, {
      org_id: org.id,
      cve_id: cve,
      asset_id: assetId,
      reason,
      controls,
      expires_at: expires,
      created_by: actor.label,
    });
    await audit(
      trx,
      actor,
      org.id,
      'exception.add',
      null,
      { id: inserted.id, cve, asset: input.asset ?? null, reason, controls, expires },
      `${org.code} ${cve}`,
    );
    return inserted;
  });
  return {
    id: row.id,
    org: org.code,
    cve,
    asset: input.asset ?? null,
    reason,
    controls,
    expiresAt: new Date(row.expires_at).toISOString(),
    active: true,
    createdBy: actor.label,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export interface ExceptionQuery {
  /** Only this organisation's subtree (its ODS code). */
  org?: string | null;
  cve?: string;
  /** Only those not yet expired. */
  active?: boolean;
  /** Only those created before this (created_at, id): the previous page's last. */
  before?: [string, string] | null;
  limit: number;
}

/** Exceptions in the actor's read scope (optionally one organisation's subtree, one CVE, active only), newest first. */
export async function listExceptionPage(
  database: Database,
  actor: Actor,
  q: ExceptionQuery,
  now = new Date(),
): Promise<ExceptionView[]> {
  const under = q.org ? await requireOrgAccess(database, actor, 'read', q.org) : null;
  const rows = await listExceptions(database.db, scopeFor(actor, 'read'), {
    underOrgId: under?.id ?? null,
    cve: q.cve?.trim().toUpperCase(),
    active: q.active,
    before: q.before,
    limit: q.limit,
  });
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
