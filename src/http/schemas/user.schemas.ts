/**
 * Users and memberships as the API shows them, and their presenters.
 */
import { z } from 'zod';
import { ROLES } from '../../domain/access/role.js';
import type {
  AddedUser as AddedUserValue,
  MembershipView,
  UserView,
} from '../../services/access/user.service.js';
import { named } from './common.schemas.js';

export const Role = z
  .enum(ROLES)
  .describe('viewer, responder, org_admin, national_analyst or national_admin');

export const User = z.object({
  id: z.string().describe('user id (UUID)'),
  username: z.string().describe('user name (lower case)'),
  displayName: z.string().describe('name shown to people'),
  oidc: z.boolean().describe('linked to an OIDC identity'),
  mustChangePassword: z.boolean().describe('signed in with a one-time password that should be changed'),
  createdAt: z.string().describe('when the user was added'),
});
named(User, 'User');

export const Membership = z.object({
  userId: z.string().describe('user id'),
  username: z.string().describe('user name'),
  org: z.string().describe('ODS code of the organisation the role is granted on (and its subtree)'),
  role: Role.describe('the role granted'),
  createdAt: z.string().describe('when granted'),
  createdBy: z.string().describe('who granted it'),
});
named(Membership, 'Membership');

export const UserWithMemberships = named(
  User.extend({ memberships: z.array(Membership).describe('the roles you can see') }),
  'UserWithMemberships',
);

export const AddedUser = named(
  z.object({
    user: User.describe('the user added'),
    oneTimePassword: z.string().describe('shown once: give it to the user, who should change it'),
    membership: Membership.describe('the role granted with it'),
  }),
  'AddedUser',
);

export function presentUser(u: UserView): z.infer<typeof User> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    oidc: u.oidc,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt,
  };
}

export function presentMembership(m: MembershipView): z.infer<typeof Membership> {
  return {
    userId: m.userId,
    username: m.username,
    org: m.org,
    role: m.role,
    createdAt: m.createdAt,
    createdBy: m.createdBy,
  };
}

export function presentUserWithMemberships(
  u: UserView & { memberships: MembershipView[] },
): z.infer<typeof UserWithMemberships> {
  return { ...presentUser(u), memberships: u.memberships.map(presentMembership) };
}

/** A user added over the API: a one-time password is always generated and a role always granted. */
export function presentAddedUser(a: AddedUserValue): z.infer<typeof AddedUser> {
  return {
    user: presentUser(a.user),
    oneTimePassword: a.oneTimePassword as string,
    membership: presentMembership(a.membership as MembershipView),
  };
}
