/**
 * API tokens as the API shows them — a token, and a new token with its secret (shown once) — and
 * their presenters.
 */
import { z } from 'zod';
import type { TokenView } from '../../services/access/session.service.js';
import { named } from './common.schemas.js';
import { Role } from './user.schemas.js';

export const Token = named(
  z.object({
    id: z.string().describe('token id (UUID): to revoke it'),
    name: z.string().describe('what the token is for'),
    username: z.string().describe('its owner'),
    org: z.string().nullable().describe('the subtree the token is limited to, or null'),
    maxRole: Role.nullable().describe('the strongest role the token may use, or null'),
    expiresAt: z.string().describe('when it stops working'),
    createdAt: z.string().describe('when it was created'),
    lastUsedAt: z.string().nullable().describe('last use (minute resolution)'),
    revoked: z.boolean().describe('revoked'),
  }),
  'Token',
);

export const NewToken = named(
  Token.extend({ token: z.string().describe('Authorization: Bearer <token>; shown once') }),
  'NewToken',
);

export function presentToken(t: TokenView): z.infer<typeof Token> {
  return {
    id: t.id,
    name: t.name,
    username: t.username,
    org: t.org,
    maxRole: t.maxRole,
    expiresAt: t.expiresAt,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    revoked: t.revoked,
  };
}

export function presentNewToken(t: TokenView & { token: string }): z.infer<typeof NewToken> {
  return { ...presentToken(t), token: t.token };
}
