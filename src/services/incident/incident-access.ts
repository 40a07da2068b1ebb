/**
 * Who an incident's caller is: what they may read (their read scope, and the sharing they are
 * named in), and which side they speak for on an incident — the national centre (national
 * permission) or the reporting side (write on the reporting organisation: its responders and
 * those above it). Shared readers see an incident but do not write to it.
 */
import type { Kysely } from 'kysely';
import {
  findIncidentRow,
  type IncidentAccess,
  type IncidentListRow,
} from '../../db/repositories/incident/incident.repository.js';
import { findRootOrganisation } from '../../db/repositories/organisation.repository.js';
import { readerOf } from '../../db/repositories/sharing/reader.repository.js';
import type { DB } from '../../db/schema.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { parseIncidentReference, type Side } from '../../domain/incident/incident.js';
import { ForbiddenError, invalidFields, NotFoundError } from '../../errors.js';
import { permittedOrgIds } from '../access/access.service.js';

export async function incidentAccess(db: Kysely<DB>, actor: Actor): Promise<IncidentAccess> {
  return { scope: scopeFor(actor, 'read'), reader: await readerOf(db, actor) };
}

/** The normalised reference, or a field problem. */
export function referenceOf(text: string): string {
  const ref = parseIncidentReference(text);
  if (!ref)
    throw invalidFields({ reference: `not an incident reference: ${text} (expected INC-YYYY-NNNNNN)` });
  return ref;
}

/** The incident when the caller may read it; otherwise not found (it does not exist for them). */
export async function requireIncident(
  db: Kysely<DB>,
  actor: Actor,
  reference: string,
  forUpdate = false,
): Promise<IncidentListRow> {
  const ref = referenceOf(reference);
  const row = await findIncidentRow(db, await incidentAccess(db, actor), ref, forUpdate);
  if (!row) throw new NotFoundError(`no incident ${ref}`);
  return row;
}

/**
 * The side the caller speaks for on this incident (empty: a reader only). National work speaks for
 * the centre, even where it could also write for the reporter.
 */
export async function sidesOf(db: Kysely<DB>, actor: Actor, incident: { org_id: string }): Promise<Side[]> {
  if (scopeFor(actor, 'national').all) return ['centre'];
  if ((await permittedOrgIds(db, actor, 'write', new Set([incident.org_id]))).has(incident.org_id))
    return ['reporter'];
  return [];
}

/** Refuses a caller who speaks for neither side. */
export function requireSide(actor: Actor, sides: readonly Side[], reference: string): void {
  if (sides.length === 0)
    throw new ForbiddenError(`${actor.label} may read ${reference} but not write to it`);
}

/**
 * The organisation an update is written for: the national root for the centre, else the
 * reporting organisation.
 */
export async function authorOrg(
  db: Kysely<DB>,
  sides: readonly Side[],
  incident: { org_id: string; org_code: string },
): Promise<{ id: string; code: string }> {
  if (sides.includes('centre')) {
    const root = await findRootOrganisation(db);
    if (root) return { id: root.id, code: root.code };
  }
  return { id: incident.org_id, code: incident.org_code };
}
