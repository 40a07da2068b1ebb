/**
 * Users, memberships and API tokens as the API shows them.
 */
import { z } from 'zod';
import { ROLES } from '../../domain/access/role.js';
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
  role: Role,
  createdAt: z.string().describe('when granted'),
  createdBy: z.string().describe('who granted it'),
});
named(Membership, 'Membership');

export const Token = z.object({
  id: z.string().describe('token id (UUID): to revoke it'),
  name: z.string().describe('what the token is for'),
  username: z.string().describe('its owner'),
  org: z.string().nullable().describe('the subtree the token is limited to, or null'),
  maxRole: Role.nullable().describe('the strongest role the token may use, or null'),
  expiresAt: z.string().describe('when it stops working'),
  createdAt: z.string().describe('when it was created'),
  lastUsedAt: z.string().nullable().describe('last use (minute resolution)'),
  revoked: z.boolean().describe('revoked'),
});
named(Token, 'Token');
