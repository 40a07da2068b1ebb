/**
 * OIDC sign-in against a real provider (`oidc-provider`) on 127.0.0.1: authorization code with
 * PKCE, state and nonce; the identity's verified email links it to an existing Ward user once,
 * after which its subject signs in; an unknown identity is refused; a replayed state is refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { buildApp } from '../../src/http/app.js';
import { addUser } from '../../src/services/access/user.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { openTestDatabase } from '../setup/engines.js';

const REDIRECT = 'http://localhost/api/v1/auth/oidc/callback';

/** Drives the provider's own login and consent pages like a browser, until it redirects back to Ward. */
async function browse(start: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = start;
  let method = 'GET';
  let body: string | undefined;
  for (let step = 0; step < 12; step++) {
    const res = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = (pair as string).split('=');
      jar.set(k as string, v ?? '');
    }
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location') as string, url).toString();
      if (next.startsWith(REDIRECT)) return new URL(next);
      url = next;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url}: ${res.status} ${html.slice(0, 200)}`);
    const fields = new URLSearchParams();
    for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
      fields.set(m[1] as string, m[2] as string);
    if (html.includes('name="login"')) {
      fields.set('login', login);
      fields.set('password', 'any');
    }
    url = new URL(action, url).toString();
    method = 'POST';
    body = fields.toString();
  }
  throw new Error('the provider never redirected back');
}

describe('OIDC sign-in against a real provider on 127.0.0.1', () => {
  let server: Server;
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'ward',
          client_secret: 'ward-secret',
          redirect_uris: [REDIRECT],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      findAccount: async (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: async () => ({ sub, email: `${sub}@example.nhs.uk`, email_verified: true }),
      }),
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      features: { devInteractions: { enabled: true } },
    });
    server.on('request', provider.callback());
    database = await openTestDatabase('pglite');
    await importOrganisations(database, ADMIN_CLI, 'orgs.csv', orgCsv());
    await addUser(database, ADMIN_CLI, {
      username: 'jo.bloggs@example.nhs.uk',
      password: 'a long enough password',
      org: 'RJ7',
      role: 'viewer',
    });
    app = await buildApp({
      database,
      oidc: { issuer, clientId: 'ward', clientSecret: 'ward-secret', redirectUri: REDIRECT },
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await new Promise((done) => server?.close(done));
  });

  async function signIn(login: string) {
    const start = await app.inject({ url: '/api/v1/auth/oidc/login' });
    expect(start.statusCode).toBe(302);
    const location = new URL(start.headers.location as string);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    const back = await browse(location.toString(), login);
    const res = await app.inject({ url: `${back.pathname}${back.search}` });
    return { res, back };
  }

  it('links the verified email to the Ward user, signs in, and uses the subject afterwards', async () => {
    const { res, back } = await signIn('jo.bloggs');
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
    const session = await app.inject({ url: '/api/v1/auth/session', headers: { cookie } });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({
      user: { username: 'jo.bloggs@example.nhs.uk', oidc: true },
      memberships: [{ org: 'RJ7', role: 'viewer' }],
    });
    const linked = await database.db
      .selectFrom('users')
      .select('oidc_subject')
      .where('username', '=', 'jo.bloggs@example.nhs.uk')
      .executeTakeFirstOrThrow();
    expect(linked.oidc_subject).toMatch(/^http:\/\/127\.0\.0\.1:\d+\|jo\.bloggs$/);
    const replay = await app.inject({ url: `${back.pathname}${back.search}` });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().detail).toContain('expired or was already used');
    const again = await signIn('jo.bloggs');
    expect(again.res.statusCode).toBe(302);
  });

  it('refuses an identity without a Ward user', async () => {
    const { res } = await signIn('stranger');
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toContain('no Ward user for stranger@example.nhs.uk');
  });

  it('is off unless configured', async () => {
    const plain = await buildApp({ database, oidc: null });
    expect((await plain.inject({ url: '/api/v1/auth/oidc/login' })).statusCode).toBe(404);
    await plain.close();
  });
});
