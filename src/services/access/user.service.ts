/**
 * Users and memberships: add a user, grant or revoke a role on an organisation, list what the
 * caller may see, and create the first national admin on first start. Every write is audited.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/connect.js';
import { ancestriesOf } from '../../db/repositories/access.repository.js';
import { findRootOrganisation } from '../../db/repositories/organisation.repository.js';
import { deleteUserSessions } from '../../db/repositories/session.repository.js';
import {
  countUsers,
  deleteMembership,
  findMembership,
  findUserById,
  findUserByUsername,
  findVisibleUser,
  insertUser,
  listMemberships as listMembershipRows,
  listUsers as listUserRows,
  type MembershipRow,
  roleFacts,
  setPassword,
  type UserRow,
  upsertMembership,
} from '../../db/repositories/user.repository.js';
import type { DB } from '../../db/schema.js';
import { type Actor, mayAdminister, mayGrant, SYSTEM_ACTOR, scopeFor } from '../../domain/access/actor.js';
import { isNationalRole, isRole, type Role } from '../../domain/access/role.js';
import {
  ConflictError,
  ForbiddenError,
  invalidFields,
  NotFoundError,
  UnauthenticatedError,
} from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { requireOrgAccess } from './access.service.js';
import {
  generatePassword,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  sha256Hex,
  verifyPassword,
} from './password.js';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  oidc: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    oidc: u.oidcSubject !== null,
    mustChangePassword: u.mustChangePassword,
    createdAt: new Date(u.createdAt).toISOString(),
  };
}

export interface MembershipView {
  userId: string;
  username: string;
  org: string;
  role: Role;
  createdAt: string;
  createdBy: string;
}

function membershipView(m: MembershipRow): MembershipView {
  return {
    userId: m.userId,
    username: m.username,
    org: m.orgCode,
    role: m.role as Role,
    createdAt: new Date(m.createdAt).toISOString(),
    createdBy: m.createdBy,
  };
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

function checkRole(role: string): Role {
  if (!isRole(role)) throw invalidFields({ role: `unknown role ${role}` });
  return role;
}

export interface AddUserInput {
  username: string;
  displayName?: string;
  /** Given: used as is. Absent: a one-time password is generated and returned. */
  password?: string | null;
  /** A membership to create with the user (required for everyone but full-scope actors). */
  org?: string | null;
  role?: string | null;
  oidcSubject?: string | null;
}

export interface AddedUser {
  user: UserView;
  /** The generated one-time password (shown once), or null when one was given. */
  oneTimePassword: string | null;
  membership: MembershipView | null;
}

/**
 * Adds a user. An administrator below the national level must grant a role in their subtree at
 * the same time (a user without any membership would be invisible to them).
 */
export async function addUser(database: Database, actor: Actor, input: AddUserInput): Promise<AddedUser> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username))
    throw invalidFields({ username: `"${input.username}": use 1-64 letters, digits, '.', '_', '@' or '-'` });
  if (input.password != null && input.password.length < MIN_PASSWORD_LENGTH)
    throw invalidFields({ password: `a password needs at least ${MIN_PASSWORD_LENGTH} characters` });
  if ((input.org == null) !== (input.role == null))
    throw invalidFields(
      input.org == null
        ? { org: 'required with a role (or give neither)' }
        : { role: 'required with an organisation (or give neither)' },
    );
  if (input.org == null && !scopeFor(actor, 'admin').all)
    throw invalidFields({
      org: 'the organisation the new user gets a role on is required',
      role: 'the role the new user gets is required',
    });
  const role = input.role == null ? null : checkRole(input.role);
  const org = input.org == null ? null : await requireOrgAccess(database, actor, 'read', input.org);
  if (org && role) await assertMayGrant(database, actor, org, role);
  if (org === null && !scopeFor(actor, 'admin').all)
    throw new ForbiddenError(`${actor.label} may not add users`);
  const oneTime = input.password == null ? generatePassword() : null;
  const passwordHash = await hashPassword(input.password ?? (oneTime as string));
  return database.db.transaction().execute(async (trx) => {
    // Worded the same whoever holds the name: it says the name is taken, never where or by whom.
    if (await findUserByUsername(trx, username))
      throw new ConflictError(`the user name ${username} is not available: choose another`);
    const id = await insertUser(trx, {
      username,
      displayName: input.displayName?.trim() || username,
      passwordHash,
      oidcSubject: input.oidcSubject ?? null,
      mustChange: oneTime !== null,
    });
    await audit(trx, actor, org?.id ?? null, 'user.add', null, { username }, username);
    let membership: MembershipView | null = null;
    if (org && role) membership = await writeGrant(trx, actor, id, username, org, role);
    const user = (await findUserById(trx, id)) as UserRow;
    return { user: userView(user), oneTimePassword: oneTime, membership };
  });
}

type Org = { id: string; code: string; kind: string };

async function assertMayGrant(database: Database, actor: Actor, org: Org, role: Role): Promise<void> {
  if (isNationalRole(role) && org.kind !== 'national')
    throw invalidFields({
      org: `${role} is a national role: grant it on the national root, not ${org.code}`,
    });
  const ancestry = (await ancestriesOf(database.db, [org.id])).get(org.id) ?? new Set([org.id]);
  if (!mayGrant(actor, role, ancestry))
    throw new ForbiddenError(`${actor.label} may not grant ${role} on ${org.code}`);
}

async function writeGrant(
  trx: Transaction<DB>,
  actor: Actor,
  userId: string,
  username: string,
  org: Org,
  role: Role,
): Promise<MembershipView> {
  const before = await findMembership(trx, userId, org.id);
  await upsertMembership(trx, { userId, orgId: org.id, role, createdBy: actor.label });
  await audit(
    trx,
    actor,
    org.id,
    'membership.grant',
    before ?? null,
    { username, org: org.code, role },
    username,
  );
  return {
    userId,
    username,
    org: org.code,
    role,
    createdAt: new Date().toISOString(),
    createdBy: actor.label,
  };
}

async function requireVisibleUser(database: Database, actor: Actor, who: { id?: string; username?: string }) {
  const scope = scopeFor(actor, 'admin');
  const found = who.id
    ? await findUserById(database.db, who.id)
    : await findUserByUsername(database.db, (who.username ?? '').trim().toLowerCase());
  // Visible to the actor: a full-scope admin, or a user with a membership in the actor's admin scope.
  const visible = found && (scope.all || (await findVisibleUser(database.db, scope, found.id)));
  if (!found || !visible) throw new NotFoundError(`no user ${who.username ?? who.id}`);
  return found;
}

/** Grants (or changes) a user's role on an organisation. */
export async function grantRole(
  database: Database,
  actor: Actor,
  input: { user: { id?: string; username?: string }; org: string; role: string },
): Promise<MembershipView> {
  const role = checkRole(input.role);
  const org = await requireOrgAccess(database, actor, 'read', input.org);
  await assertMayGrant(database, actor, org, role);
  // The grantee: a user the actor administers, or one with no role yet (see `mayAdminister`). Any
  // other user answers exactly like an unknown name, so user names elsewhere are not confirmed.
  const user = input.user.id
    ? await findUserById(database.db, input.user.id)
    : await findUserByUsername(database.db, (input.user.username ?? '').trim().toLowerCase());
  const facts = user ? await roleFacts(database.db, scopeFor(actor, 'admin'), user.id) : null;
  if (!user || !facts || !mayAdminister(actor, facts))
    throw new NotFoundError(`no user ${input.user.username ?? input.user.id}`);
  return database.db.transaction().execute(async (trx) => {
    const current = await findMembership(trx, user.id, org.id);
    if (current) {
      const ancestry = (await ancestriesOf(trx, [org.id])).get(org.id) ?? new Set([org.id]);
      if (!mayGrant(actor, current.role as Role, ancestry))
        throw new ForbiddenError(
          `${actor.label} may not change ${user.username}'s ${current.role} role on ${org.code}`,
        );
    }
    return writeGrant(trx, actor, user.id, user.username, org, role);
  });
}

/** Removes a user's role on an organisation. */
export async function revokeRole(
  database: Database,
  actor: Actor,
  input: { user: { id?: string; username?: string }; org: string },
): Promise<void> {
  const org = await requireOrgAccess(database, actor, 'read', input.org);
  const user = await requireVisibleUser(database, actor, input.user);
  const current = await findMembership(database.db, user.id, org.id);
  if (!current) throw new NotFoundError(`${user.username} has no role on ${org.code}`);
  await assertMayGrant(database, actor, org, current.role as Role);
  await database.db.transaction().execute(async (trx) => {
    if ((await deleteMembership(trx, user.id, org.id)) === 0)
      throw new NotFoundError(`${user.username} has no role on ${org.code}`);
    await audit(
      trx,
      actor,
      org.id,
      'membership.revoke',
      { username: user.username, org: org.code, role: current.role },
      null,
      user.username,
    );
  });
}

export async function listUsers(
  database: Database,
  actor: Actor,
  query: { org?: string | null; afterUsername?: string | null; limit: number },
): Promise<UserView[]> {
  const under = query.org ? await requireOrgAccess(database, actor, 'admin', query.org) : null;
  const rows = await listUserRows(database.db, scopeFor(actor, 'admin'), {
    afterUsername: query.afterUsername,
    underOrgId: under?.id ?? null,
    limit: query.limit,
  });
  return rows.map((r) => userView(r));
}

export async function showUser(
  database: Database,
  actor: Actor,
  id: string,
): Promise<UserView & { memberships: MembershipView[] }> {
  const user =
    actor.userId === id
      ? await findUserById(database.db, id)
      : await requireVisibleUser(database, actor, { id });
  if (!user) throw new NotFoundError(`no user ${id}`);
  const scope = actor.userId === id ? scopeFor(SYSTEM_ACTOR, 'read') : scopeFor(actor, 'admin');
  const memberships = await listMembershipRows(database.db, scope, { userId: id, limit: 1000 });
  return { ...userView(user), memberships: memberships.map(membershipView) };
}

export async function listMemberships(
  database: Database,
  actor: Actor,
  query: { org?: string | null; after?: [string, string] | null; limit: number },
): Promise<MembershipView[]> {
  const under = query.org ? await requireOrgAccess(database, actor, 'admin', query.org) : null;
  const rows = await listMembershipRows(database.db, scopeFor(actor, 'admin'), {
    underOrgId: under?.id ?? null,
    after: query.after,
    limit: query.limit,
  });
  return rows.map(membershipView);
}

/**
 * Changes the actor's own password and ends the user's other sessions (a changed password means
 * whoever else knew the old one is signed out); the session making the change stays. API tokens
 * are separate credentials and stay. Returns how many sessions were ended.
 */
export async function changePassword(
  database: Database,
  actor: Actor,
  current: string,
  next: string,
  keepSessionToken: string | null = null,
): Promise<{ endedSessions: number }> {
  if (!actor.userId || actor.kind !== 'user')
    throw new ForbiddenError('only a signed-in user can change a password');
  const user = await findUserById(database.db, actor.userId);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, current)))
    throw new UnauthenticatedError('the current password is wrong');
  if (next.length < MIN_PASSWORD_LENGTH)
    throw invalidFields({ next: `a password needs at least ${MIN_PASSWORD_LENGTH} characters` });
  if (next === current) throw invalidFields({ next: 'the new password must differ from the current one' });
  const hash = await hashPassword(next);
  return database.db.transaction().execute(async (trx) => {
    await setPassword(trx, user.id, hash, false);
    const endedSessions = await deleteUserSessions(
      trx,
      user.id,
      keepSessionToken ? sha256Hex(keepSessionToken) : null,
    );
    await audit(trx, actor, null, 'user.password', null, { endedSessions }, user.username);
    return { endedSessions };
  });
}

/**
 * Sets a user's password from the CLI (a forgotten password) and ends all their sessions; returns
 * the new password, which must be changed at the next sign-in unless `oneTime` is false (the demo's
 * printed sign-ins).
 */
export async function resetPassword(
  database: Database,
  actor: Actor,
  username: string,
  { oneTime = true }: { oneTime?: boolean } = {},
): Promise<string> {
  const user = await findUserByUsername(database.db, username.trim().toLowerCase());
  if (!user) throw new NotFoundError(`no user ${username}`);
  const password = generatePassword();
  const hash = await hashPassword(password);
  await database.db.transaction().execute(async (trx) => {
    await setPassword(trx, user.id, hash, oneTime);
    const endedSessions = await deleteUserSessions(trx, user.id, null);
    await audit(trx, actor, null, 'user.password_reset', null, { endedSessions }, user.username);
  });
  return password;
}

/**
 * On first start (no users yet, organisations imported): creates `admin`, a national admin on the
 * national root, with a one-time password the caller prints. Null when there was nothing to do.
 */
export async function ensureFirstAdmin(
  database: Database,
): Promise<{ username: string; password: string } | null> {
  if ((await countUsers(database.db)) > 0) return null;
  const root = await findRootOrganisation(database.db);
  if (!root) return null;
  const added = await addUser(database, SYSTEM_ACTOR, {
    username: 'admin',
    displayName: 'National administrator',
    org: root.code,
    role: 'national_admin',
  });
  return { username: 'admin', password: added.oneTimePassword as string };
}
