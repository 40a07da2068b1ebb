/**
 * Access checks as services call them, first thing: resolve an organisation the actor may see and
 * check the permission on it, or check a batch of organisations at once (one closure-table query).
 * The decisions themselves are the pure functions of `domain/access/actor.ts`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import { ancestriesOf, grantsOf } from '../../db/repositories/access.repository.js';
import { findOrganisationByCode, type OrgRow } from '../../db/repositories/organisation.repository.js';
import type { DB } from '../../db/schema.js';
import { type Actor, may, permittedOrgs, scopeFor } from '../../domain/access/actor.js';
import type { Permission } from '../../domain/access/role.js';
import { normaliseCode } from '../../domain/org/organisation.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';

/** Of the organisation ids given, those the actor may exercise `permission` on (unknown ids are dropped). */
export async function permittedOrgIds(
  db: Kysely<DB>,
  actor: Actor,
  permission: Permission,
  orgIds: ReadonlySet<string>,
): Promise<Set<string>> {
  return permittedOrgs(actor, permission, await ancestriesOf(db, orgIds));
}

/**
 * The organisation with this code, when the actor can see it (else not found: an organisation
 * outside the caller's scope does not exist for them), and when the actor holds `permission` on it
 * (else forbidden).
 */
export async function requireOrgAccess(
  database: Database,
  actor: Actor,
  permission: Permission,
  code: string,
): Promise<OrgRow> {
  const normalised = normaliseCode(code);
  const org = await findOrganisationByCode(database.db, normalised, scopeFor(actor, 'read'));
  if (!org) throw new NotFoundError(`no organisation ${normalised}`);
  if (permission !== 'read') {
    const ancestry = (await ancestriesOf(database.db, [org.id])).get(org.id) ?? new Set([org.id]);
    if (!may(actor, permission, ancestry))
      throw new ForbiddenError(`${actor.label} may not ${permission} on ${normalised}`);
  }
  return org;
}

/** A user's current grants (read on every request: a revoked membership takes effect at once). */
export async function loadGrants(db: Kysely<DB>, userId: string) {
  return grantsOf(db, userId);
}

/**
 * Work on the whole federation (issuing alerts, loading intel, importing the tree): the actor must
 * hold `permission` on the national root.
 */
export function requireNational(actor: Actor, permission: Permission, what: string): void {
  if (!scopeFor(actor, permission).all) throw new ForbiddenError(`${actor.label} may not ${what}`);
}
