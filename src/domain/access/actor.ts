/**
 * Who is asking, and the one place that answers "may this actor do X on organisation Y": pure
 * functions over the actor's grants and the organisation's ancestry (its id and its ancestors' ids,
 * read from the closure table by the caller, in bulk).
 */
import { isNationalRole, mayHandOut, narrowRole, type Permission, permits, type Role } from './role.js';
import { FULL_SCOPE, type Scope, subtreeScope } from './scope.js';

/** A role on an organisation (and its subtree). */
export interface Grant {
  readonly orgId: string;
  readonly role: Role;
}

export type ActorKind = 'user' | 'token' | 'cli' | 'system';

export interface Actor {
  readonly kind: ActorKind;
  readonly userId: string | null;
  /** How the audit log names the actor: `user:alice`, `token:alice/ci`, `cli:root`, `system`. */
  readonly label: string;
  readonly grants: readonly Grant[];
  /** Local administration (the CLI, jobs): everything, no grants needed. */
  readonly full: boolean;
}

/** The org id and the ids of all its ancestors. */
export type Ancestry = ReadonlySet<string> | readonly string[];

function contains(ancestry: Ancestry, id: string): boolean {
  return Array.isArray(ancestry) ? ancestry.includes(id) : (ancestry as ReadonlySet<string>).has(id);
}

export function cliActor(osUser: string): Actor {
  return { kind: 'cli', userId: null, label: `cli:${osUser}`, grants: [], full: true };
}

export const SYSTEM_ACTOR: Actor = Object.freeze({
  kind: 'system',
  userId: null,
  label: 'system',
  grants: Object.freeze([]),
  full: true,
});

/** An actor known only by its audit label (services whose callers pass a label, like alerts). */
export function labelledActor(label: string): Actor {
  return { kind: label.startsWith('cli:') ? 'cli' : 'system', userId: null, label, grants: [], full: false };
}

export function userActor(userId: string, username: string, grants: readonly Grant[]): Actor {
  return { kind: 'user', userId, label: `user:${username}`, grants, full: false };
}

/** What part of the federation the actor may exercise `permission` on. */
export function scopeFor(actor: Actor, permission: Permission): Scope {
  if (actor.full) return FULL_SCOPE;
  const roots: string[] = [];
  for (const g of actor.grants) {
    if (!permits(g.role, permission)) continue;
    if (isNationalRole(g.role)) return FULL_SCOPE;
    roots.push(g.orgId);
  }
  return subtreeScope([...new Set(roots)].sort());
}

/** May the actor exercise `permission` on the organisation with this ancestry? */
export function may(actor: Actor, permission: Permission, ancestry: Ancestry): boolean {
  if (actor.full) return true;
  return actor.grants.some(
    (g) => permits(g.role, permission) && (isNationalRole(g.role) || contains(ancestry, g.orgId)),
  );
}

/** Bulk form: of the organisations given (id → ancestry), those the actor may exercise `permission` on. */
export function permittedOrgs(
  actor: Actor,
  permission: Permission,
  ancestries: ReadonlyMap<string, Ancestry>,
): Set<string> {
  const out = new Set<string>();
  for (const [id, ancestry] of ancestries) if (may(actor, permission, ancestry)) out.add(id);
  return out;
}

/** The strongest role the actor holds on the organisation (null: none). */
export function roleOn(actor: Actor, ancestry: Ancestry): Role | null {
  let best: Role | null = null;
  for (const g of actor.grants) {
    if (!isNationalRole(g.role) && !contains(ancestry, g.orgId)) continue;
    if (best === null || narrowRole(best, g.role) === best) best = g.role;
  }
  return best;
}

/** May the actor grant `role` on the organisation? National roles need a national admin. */
export function mayGrant(actor: Actor, role: Role, ancestry: Ancestry): boolean {
  if (actor.full) return true;
  return actor.grants.some(
    (g) =>
      mayHandOut(g.role, role) &&
      (isNationalRole(g.role) || (!isNationalRole(role) && contains(ancestry, g.orgId))),
  );
}

/**
 * Administering users — who may grant what to whom, and what that gives.
 * - An administrator (org_admin) grants and revokes roles on organisations in its subtree, never
 *   more than it holds (`mayGrant`); national roles only a national admin, on the national root.
 * - The grantee must be a user it administers already (a role in its subtree) or a user with no
 *   role anywhere yet (just added, or first signed in through OIDC). A user who holds roles only
 *   elsewhere is brought in by a national admin: to an administrator below the national level that
 *   user does not exist (the same "no such user" as for an unknown name).
 * - Administering a user never reaches beyond the administrator's subtree: it sees the user's
 *   memberships in that subtree only, lists and revokes only tokens narrowed to an organisation in
 *   it (and its own), and never touches the user's sessions, password or profile.
 */
export function mayAdminister(
  actor: Actor,
  grantee: { rolesInScope: boolean; rolesAnywhere: boolean },
): boolean {
  const admin = scopeFor(actor, 'admin');
  if (admin.all) return true;
  if (admin.roots.length === 0) return false;
  return grantee.rolesInScope || !grantee.rolesAnywhere;
}

/**
 * Managing API tokens honours a token's narrowed role like every other write: over an API token,
 * revoking its owner's tokens needs the write permission somewhere (a token narrowed to `viewer`
 * only reads); others' tokens need the admin permission on the token's organisation (checked by
 * the caller). A signed-in user manages their own tokens.
 */
export function mayManageOwnTokens(actor: Actor): boolean {
  if (actor.kind !== 'token') return true;
  const write = scopeFor(actor, 'write');
  return write.all || write.roots.length > 0;
}

/** What an API token is limited to: an organisation's subtree and a maximum role, each optional. */
export interface TokenBinding {
  readonly orgId: string | null;
  readonly maxRole: Role | null;
}

/**
 * The grants a token carries: its user's grants, cut down to the token's organisation and role.
 * A token bound to an organisation never carries a national (global) role.
 */
export function narrowGrants(
  grants: readonly Grant[],
  binding: TokenBinding,
  ancestryOf: (orgId: string) => Ancestry,
): Grant[] {
  const out: Grant[] = [];
  for (const g of grants) {
    let role = binding.maxRole ? narrowRole(g.role, binding.maxRole) : g.role;
    if (binding.orgId === null) {
      out.push({ orgId: g.orgId, role });
      continue;
    }
    if (isNationalRole(role)) role = narrowRole(role, role, { national: false });
    if (isNationalRole(g.role) || contains(ancestryOf(binding.orgId), g.orgId))
      out.push({ orgId: binding.orgId, role });
    else if (contains(ancestryOf(g.orgId), binding.orgId)) out.push({ orgId: g.orgId, role });
  }
  return out;
}
