/**
 * Authentication for /api/v1: an `Authorization: Bearer ward_…` API token, or the session cookie.
 * Cookie-authenticated writes must echo the session's CSRF token in `X-CSRF-Token` (synchronizer
 * token: the server keeps it with the session, so a cross-site page can neither read nor forge it,
 * and no second cookie can be planted over it). Routes marked `config: { public: true }` skip this.
 */
import { timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/connect.js';
import type { Actor } from '../../domain/access/actor.js';
import { ForbiddenError, PasswordChangeRequiredError, UnauthenticatedError } from '../../errors.js';
import { sha256Hex } from '../../services/access/password.js';
import {
  type Authenticated,
  authenticateSession,
  authenticateToken,
} from '../../services/access/session.service.js';
import { clockGrain, currentSnapshot, type SnapshotCache } from './snapshot-cache.js';

export const SESSION_COOKIE = 'ward_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
    /** Set for cookie sessions (the secret from the cookie). */
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** No credentials needed (sign-in, OIDC). */
    public?: boolean;
    /** Open to a session whose one-time password is not changed yet (who am I, change it, sign out). */
    beforePasswordChange?: boolean;
  }
}

/** The authenticated actor (routes that are not public always have one). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth) throw new UnauthenticatedError('sign in or send an API token');
  return request.auth.actor;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Secure cookies everywhere except on a loopback host (plain-HTTP development and tests). */
export function secureCookie(request: FastifyRequest): boolean {
  return !['localhost', '127.0.0.1', '[::1]', '::1'].includes(request.hostname.replace(/:\d+$/, ''));
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: string,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookie(request),
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookie(request),
    path: '/',
  });
}

/**
 * Authenticates every call. With `cache`, the database snapshot is read first and a credential
 * already authenticated under it (in the same clock grain) is not looked up again: revoking a
 * token, ending a session or changing a user's roles is a commit, which changes the snapshot.
 */
export function registerAuth(
  app: FastifyInstance,
  database: Database,
  cache: SnapshotCache<Authenticated> | null = null,
): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('snapshot', null);
  app.decorateRequest('credentialKey', null);
  async function authenticated(
    request: FastifyRequest,
    kind: 'token' | 'session',
    secret: string,
  ): Promise<Authenticated> {
    const authenticate = kind === 'token' ? authenticateToken : authenticateSession;
    if (!cache) return authenticate(database, secret);
    request.snapshot = await currentSnapshot(database.db);
    request.credentialKey = `${kind}:${sha256Hex(secret)}`;
    const key = `${request.credentialKey}\0${clockGrain()}`;
    const known = cache.get(request.snapshot, key);
    if (known) return known;
    const auth = await authenticate(database, secret);
    // Authenticating may have written (a token's last use, once a minute): read the snapshot again.
    request.snapshot = await currentSnapshot(database.db);
    cache.set(request.snapshot, key, auth);
    return auth;
  }
  app.addHook('preHandler', async (request) => {
    const header = request.headers.authorization;
    const cookie = request.cookies[SESSION_COOKIE];
    const isPublic = request.routeOptions.config?.public === true;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new UnauthenticatedError('the Authorization header must be "Bearer <API token>"');
      request.auth = await authenticated(request, 'token', match[1] as string);
      return;
    }
    if (cookie) {
      try {
        request.auth = await authenticated(request, 'session', cookie);
        request.sessionToken = cookie;
      } catch (error) {
        if (isPublic) return;
        throw error;
      }
      if (
        request.auth.user.mustChangePassword &&
        !isPublic &&
        !request.routeOptions.config?.beforePasswordChange
      )
        throw new PasswordChangeRequiredError(
          'you signed in with a one-time password: change it first (POST /api/v1/auth/password)',
        );
      if (!SAFE.has(request.method) && !isPublic) {
        const given = request.headers[CSRF_HEADER];
        if (typeof given !== 'string' || !same(given, request.auth.csrfToken as string))
          throw new ForbiddenError(
            `missing or wrong CSRF token: send the session's token in the ${CSRF_HEADER} header`,
          );
      }
      return;
    }
    if (!isPublic) throw new UnauthenticatedError('sign in or send an API token (Authorization: Bearer …)');
  });
}
