/**
 * Users and their memberships (a role on an organisation). Lists take the caller's scope: a user
 * is visible when one of their memberships is in scope (the full scope also sees users with none).
 */
import { type InferResult, type Kysely, type Selectable, sql } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { DB, MembershipTable } from '../schema.js';
import { inScope, underOrg } from '../scope.js';

type Executor = Kysely<DB>;

function userQuery(db: Executor) {
  return db
    .selectFrom('users as u')
    .select([
      'u.id',
      'u.username',
      'u.display_name as displayName',
      'u.password_hash as passwordHash',
      'u.oidc_subject as oidcSubject',
      'u.must_change_password as mustChangePassword',
      'u.disabled_at as disabledAt',
      'u.created_at as createdAt',
    ]);
}

/** A user as the queries below read it (columns renamed to camelCase). */
export type UserRow = InferResult<ReturnType<typeof userQuery>>[number];

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return userQuery(db).where('u.username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return userQuery(db).where('u.id', '=', id).executeTakeFirst();
}

export async function findUserByOidcSubject(db: Executor, subject: string): Promise<UserRow | undefined> {
  return userQuery(db).where('u.oidc_subject', '=', subject).executeTakeFirst();
}

function visible(scope: Scope) {
  return scope.all
    ? sql<boolean>`true`
    : sql<boolean>`EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND ${inScope('m.org_id', scope)})`;
}

/** One user, when visible in scope. */
export async function findVisibleUser(db: Executor, scope: Scope, id: string): Promise<UserRow | undefined> {
  return userQuery(db).where('u.id', '=', id).where(visible(scope)).executeTakeFirst();
}

/** Whether the user holds a role in scope, and anywhere at all (for `mayAdminister`). */
export async function roleFacts(
  db: Executor,
  scope: Scope,
  userId: string,
): Promise<{ rolesInScope: boolean; rolesAnywhere: boolean }> {
  const r = await db
    .selectFrom('memberships as m')
    .select([
      sql<boolean>`coalesce(bool_or(${inScope('m.org_id', scope)}), false)`.as('inScope'),
      sql<number>`count(*)`.as('n'),
    ])
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  return { rolesInScope: r?.inScope === true, rolesAnywhere: Number(r?.n ?? 0) > 0 };
}

/** Users visible in scope, by username, after `afterUsername`. */
export async function listUsers(
  db: Executor,
  scope: Scope,
  f: { afterUsername?: string | null; underOrgId?: string | null; limit: number },
): Promise<UserRow[]> {
  let q = userQuery(db).where(visible(scope));
  if (f.underOrgId)
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships as m2')
          .innerJoin('org_closure as c', 'c.descendant_id', 'm2.org_id')
          .select('m2.user_id')
          .whereRef('m2.user_id', '=', 'u.id')
          .where('c.ancestor_id', '=', f.underOrgId as string),
      ),
    );
  if (f.afterUsername) q = q.where('u.username', '>', f.afterUsername);
  return q.orderBy('u.username').limit(f.limit).execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertUser(
  db: Executor,
  u: {
    username: string;
    displayName: string;
    passwordHash: string | null;
    oidcSubject?: string | null;
    mustChange: boolean;
  },
): Promise<string> {
  const row = await db
    .insertInto('users')
    .values({
      username: u.username,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      oidc_subject: u.oidcSubject ?? null,
      must_change_password: u.mustChange,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setPassword(
  db: Executor,
  id: string,
  hash: string,
  mustChange: boolean,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: hash,
      must_change_password: mustChange,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function setOidcSubject(db: Executor, id: string, subject: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ oidc_subject: subject, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

function membershipQuery(db: Executor) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select([
      'm.user_id as userId',
      'u.username',
      'm.org_id as orgId',
      'o.code as orgCode',
      'm.role',
      'm.created_at as createdAt',
      'm.created_by as createdBy',
    ]);
}

/** A membership with its user's name and its organisation's code. */
export type MembershipRow = InferResult<ReturnType<typeof membershipQuery>>[number];

/** Memberships on organisations in scope, by organisation code then username, after the given pair. */
export async function listMemberships(
  db: Executor,
  scope: Scope,
  f: { userId?: string | null; underOrgId?: string | null; after?: [string, string] | null; limit: number },
): Promise<MembershipRow[]> {
  let q = membershipQuery(db).where(inScope('m.org_id', scope));
  if (f.userId) q = q.where('m.user_id', '=', f.userId);
  if (f.underOrgId) q = q.where(underOrg('m.org_id', f.underOrgId));
  if (f.after) {
    const [code, username] = f.after;
    q = q.where((eb) =>
      eb.or([eb('o.code', '>', code), eb.and([eb('o.code', '=', code), eb('u.username', '>', username)])]),
    );
  }
  return q.orderBy('o.code').orderBy('u.username').limit(f.limit).execute();
}

export async function findMembership(
  db: Executor,
  userId: string,
  orgId: string,
): Promise<Pick<Selectable<MembershipTable>, 'role'> | undefined> {
  return db
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', userId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

export async function upsertMembership(
  db: Executor,
  m: { userId: string; orgId: string; role: string; createdBy: string },
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ user_id: m.userId, org_id: m.orgId, role: m.role, created_by: m.createdBy })
    .onConflict((oc) =>
      oc.columns(['org_id', 'user_id']).doUpdateSet({ role: m.role, created_by: m.createdBy }),
    )
    .execute();
}

export async function deleteMembership(db: Executor, userId: string, orgId: string): Promise<number> {
  const r = await db
    .deleteFrom('memberships')
    .where('user_id', '=', userId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
