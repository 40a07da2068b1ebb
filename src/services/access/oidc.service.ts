/**
 * OIDC sign-in (authorization code flow with PKCE, state and nonce) through `openid-client`. Ward
 * does not create users from a provider's say-so: an identity signs in as the Ward user already
 * linked to its subject, or, the first time, as the user whose name is the identity's verified email.
 */
import * as client from 'openid-client';
import type { OidcConfig } from '../../config.js';
import type { Database } from '../../db/connect.js';
import { insertOidcPending, takeOidcPending } from '../../db/repositories/session.repository.js';
import {
  findUserByOidcSubject,
  findUserByUsername,
  setOidcSubject,
} from '../../db/repositories/user.repository.js';
import { userActor } from '../../domain/access/actor.js';
import { ForbiddenError, UnauthenticatedError } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { sha256Hex } from './password.js';
import { type SessionGrant, startSession } from './session.service.js';

export interface OidcSignIn {
  /** The provider URL to send the browser to. */
  begin(): Promise<string>;
  /** Completes the sign-in from the query string (`?code=…&state=…`) the provider redirected back with. */
  complete(search: string): Promise<SessionGrant>;
}

const PENDING_MINUTES = 10;

export function oidcSignIn(database: Database, oidc: OidcConfig): OidcSignIn {
  let discovered: Promise<client.Configuration> | null = null;
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        oidc.clientSecret,
        undefined,
        new URL(oidc.issuer).protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error) => {
        discovered = null;
        throw new UnauthenticatedError(
          `the OIDC provider ${oidc.issuer} cannot be reached: ${(error as Error).message}`,
        );
      });
    return discovered;
  };
  return {
    async begin() {
      const config = await configuration();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      await insertOidcPending(database.db, {
        stateHash: sha256Hex(state),
        codeVerifier,
        nonce,
        expiresAt: new Date(Date.now() + PENDING_MINUTES * 60_000),
      });
      return client
        .buildAuthorizationUrl(config, {
          redirect_uri: oidc.redirectUri,
          scope: 'openid email profile',
          code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          state,
          nonce,
        })
        .toString();
    },
    async complete(search) {
      const config = await configuration();
      // The redirect URI as registered (what the token request must repeat), with the provider's answer.
      const callbackUrl = new URL(oidc.redirectUri);
      callbackUrl.search = search;
      const state = callbackUrl.searchParams.get('state') ?? '';
      const pending = await takeOidcPending(database.db, sha256Hex(state), new Date());
      if (!pending)
        throw new UnauthenticatedError('this sign-in link expired or was already used: start again');
      let claims: client.IDToken | undefined;
      let email: { email?: unknown; email_verified?: unknown } = {};
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims();
        email = (claims ?? {}) as typeof email;
        // Providers that keep scope claims out of the ID token (OIDC Core 5.4) give them at UserInfo.
        if (claims && claims.email === undefined)
          email = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      } catch (error) {
        throw new UnauthenticatedError(
          `the OIDC provider did not confirm the sign-in: ${(error as Error).message}`,
        );
      }
      if (!claims) throw new UnauthenticatedError('the OIDC provider sent no ID token');
      const subject = `${claims.iss}|${claims.sub}`;
      let user = await findUserByOidcSubject(database.db, subject);
      if (!user && typeof email.email === 'string' && email.email_verified === true) {
        const byEmail = await findUserByUsername(database.db, email.email.toLowerCase());
        if (byEmail && byEmail.oidcSubject === null) {
          await database.db.transaction().execute(async (trx) => {
            await setOidcSubject(trx, byEmail.id, subject);
            await audit(
              trx,
              userActor(byEmail.id, byEmail.username, []),
              null,
              'user.oidc_link',
              null,
              { subject },
              byEmail.username,
            );
          });
          user = { ...byEmail, oidcSubject: subject };
        }
      }
      if (!user || user.disabledAt)
        throw new ForbiddenError(
          `no Ward user for ${typeof email.email === 'string' ? email.email : claims.sub}: ask an administrator to add you`,
        );
      return startSession(database, user, 'oidc');
    },
  };
}
