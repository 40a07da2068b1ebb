/**
 * Roles and what they permit. A role is granted on an organisation and holds for its whole
 * subtree; the national roles are granted on the national root and hold everywhere.
 */

export const ROLES = ['viewer', 'responder', 'org_admin', 'national_analyst', 'national_admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * - `read`: see organisations, assets, findings, exceptions, alerts
 * - `write`: import inventory, record exceptions, respond to alerts
 * - `admin`: manage users, memberships and tokens of the subtree
 * - `audit`: read the audit log of the subtree
 * - `national`: national work (issue alerts, load intel, import the organisation tree)
 */
export const PERMISSIONS = ['read', 'write', 'admin', 'audit', 'national'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(['read']),
  responder: new Set(['read', 'write']),
  org_admin: new Set(['read', 'write', 'admin', 'audit']),
  national_analyst: new Set(['read', 'write', 'audit', 'national']),
  national_admin: new Set(['read', 'write', 'admin', 'audit', 'national']),
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permits(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

/** National roles are global: they may only be granted on the national root. */
export function isNationalRole(role: Role): boolean {
  return role === 'national_analyst' || role === 'national_admin';
}

function subset(a: ReadonlySet<Permission>, b: ReadonlySet<Permission>): boolean {
  for (const p of a) if (!b.has(p)) return false;
  return true;
}

/**
 * The strongest role that permits nothing either role does not: narrowing a grant by a token's
 * maximum role. `national_analyst` ∧ `org_admin` is `responder` (neither holds all of the other).
 */
export function narrowRole(a: Role, b: Role, options: { national?: boolean } = {}): Role {
  const both = new Set([...GRANTS[a]].filter((p) => GRANTS[b].has(p)));
  let best: Role = 'viewer';
  for (const r of ROLES) {
    if (options.national === false && isNationalRole(r)) continue;
    if (subset(GRANTS[r], both) && GRANTS[r].size > GRANTS[best].size) best = r;
  }
  return best;
}

/** Whether `actorRole` may hand out `role` (never more than it holds). */
export function mayHandOut(actorRole: Role, role: Role): boolean {
  return permits(actorRole, 'admin') && subset(GRANTS[role], GRANTS[actorRole]);
}
