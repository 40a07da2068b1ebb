/**
 * Signing in and out: password sign-in (session cookie + CSRF token), the current session, password
 * change, and OIDC sign-in when configured.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { signIn, signOut } from '../../services/access/session.service.js';
import { changePassword, showUser } from '../../services/access/user.service.js';
import { actorOf, clearSessionCookie, setSessionCookie } from '../plugins/auth.js';
import type { RouteContext } from '../route-context.js';
import {
  PasswordChanged,
  presentPasswordChanged,
  presentSession,
  presentSignedIn,
  Session,
  SignedIn,
} from '../schemas/auth.schemas.js';
import { ERRORS } from '../schemas/common.schemas.js';

const SignInBody = z.object({
  username: z.string().min(1).max(64).describe('user name'),
  password: z.string().min(1).max(1024).describe('password'),
});

export function authRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/sign-in',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with a user name and password: sets the session cookie',
          body: SignInBody,
          response: { 200: SignedIn, ...ERRORS },
        },
      },
      async (request, reply) => {
        ctx.limiter.hit(request.ip);
        const session = await signIn(ctx.database, {
          username: request.body.username,
          password: request.body.password,
          address: request.ip,
        });
        setSessionCookie(request, reply, session.token, session.expiresAt);
        return presentSignedIn(session);
      },
    );
    app.post(
      '/auth/sign-out',
      {
        config: { beforePasswordChange: true },
        schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null(), ...ERRORS } },
      },
      async (request, reply) => {
        if (request.sessionToken) await signOut(ctx.database, request.sessionToken);
        clearSessionCookie(request, reply);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/auth/session',
      {
        config: { beforePasswordChange: true },
        schema: {
          tags: ['auth'],
          summary: 'Who is signed in, with what roles',
          response: { 200: Session, ...ERRORS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const user = await showUser(ctx.database, actor, actor.userId as string);
        return presentSession(actor, user, request.auth?.csrfToken ?? null);
      },
    );
    app.post(
      '/auth/password',
      {
        config: { beforePasswordChange: true },
        schema: {
          tags: ['auth'],
          summary:
            'Change your own password (a one-time password must be changed before anything else); ends your other sessions',
          body: z.object({
            current: z.string().min(1).max(1024).describe('the current password'),
            next: z.string().min(12).max(1024).describe('the new password (12 characters or more)'),
          }),
          response: { 200: PasswordChanged, ...ERRORS },
        },
      },
      async (request) =>
        presentPasswordChanged(
          await changePassword(
            ctx.database,
            actorOf(request),
            request.body.current,
            request.body.next,
            request.sessionToken,
          ),
        ),
    );
    app.get(
      '/auth/oidc/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Start OIDC sign-in: redirects to the identity provider',
          response: { 302: z.null().describe('redirect to the provider'), ...ERRORS },
        },
      },
      async (_request, reply) => {
        if (!ctx.oidc) throw new NotFoundError('OIDC sign-in is not configured on this server');
        return reply.redirect(await ctx.oidc.begin(), 302);
      },
    );
    app.get(
      '/auth/oidc/callback',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Where the identity provider sends the browser back: sets the session cookie',
          querystring: z
            .object({ code: z.string().max(4096).optional(), state: z.string().max(512).optional() })
            .loose(),
          response: { 302: z.null().describe('redirect to the dashboard'), ...ERRORS },
        },
      },
      async (request, reply) => {
        if (!ctx.oidc) throw new NotFoundError('OIDC sign-in is not configured on this server');
        const session = await ctx.oidc.complete(new URL(request.url, 'http://localhost').search);
        setSessionCookie(request, reply, session.token, session.expiresAt);
        return reply.redirect('/', 302);
      },
    );
  };
}
