/**
 * Signing in as the API shows it — the answer to a sign-in, the current session and a password
 * change — and their presenters.
 */
import { z } from 'zod';
import type { Actor } from '../../domain/access/actor.js';
import type { SessionGrant } from '../../services/access/session.service.js';
import type { MembershipView, UserView } from '../../services/access/user.service.js';
import { named } from './common.schemas.js';
import { Membership, presentMembership, presentUser, Role, User } from './user.schemas.js';

export const SignedIn = named(
  z.object({
    user: User.describe('who signed in'),
    csrfToken: z.string().describe('send as X-CSRF-Token on every write made with the session cookie'),
    expiresAt: z.string().describe('when the session ends'),
  }),
  'SignedIn',
);

export const Session = named(
  z.object({
    user: User.describe('who is signed in'),
    memberships: z.array(Membership).describe('the roles the user holds'),
    via: z.enum(['session', 'token']).describe('how this request was authenticated'),
    grants: z
      .array(
        z.object({
          orgId: z.string().describe('organisation id (UUID) the role holds on, with its subtree'),
          role: Role.describe('the role, as this request may use it'),
        }),
      )
      .describe('effective grants of this request (a token may carry fewer)'),
    csrfToken: z
      .string()
      .nullable()
      .describe('send as X-CSRF-Token on writes made with the session cookie; null for tokens'),
  }),
  'Session',
);

export const PasswordChanged = named(
  z.object({
    endedSessions: z
      .number()
      .int()
      .describe('your other sessions, now ended (this one stays; API tokens are not affected)'),
  }),
  'PasswordChanged',
);

export function presentSignedIn(s: SessionGrant): z.infer<typeof SignedIn> {
  return { user: presentUser(s.user), csrfToken: s.csrfToken, expiresAt: s.expiresAt };
}

/** The session of a request: the user and their roles, and the grants this request carries. */
export function presentSession(
  actor: Actor,
  user: UserView & { memberships: MembershipView[] },
  csrfToken: string | null,
): z.infer<typeof Session> {
  return {
    user: presentUser(user),
    memberships: user.memberships.map(presentMembership),
    via: actor.kind === 'token' ? 'token' : 'session',
    grants: actor.grants.map((g) => ({ orgId: g.orgId, role: g.role })),
    csrfToken,
  };
}

export function presentPasswordChanged(r: { endedSessions: number }): z.infer<typeof PasswordChanged> {
  return { endedSessions: r.endedSessions };
}
