/**
 * Sign-in, sessions, CSRF, sign-in throttling, API tokens and bad input: each gets the right status and a
 * problem document.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { makeSignInLimiter } from '../../src/http/plugins/sign-in-limiter.js';
import { createToken } from '../../src/services/access/session.service.js';
import { type ApiWorld, buildApiWorld, signInSession } from '../factories/api-world.factory.js';
import { ADMIN_CLI, TEST_PASSWORD } from '../factories/identity.factory.js';
import { inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { multipart } from '../factories/multipart.factory.js';
import { describeEachEngine } from '../setup/engines.js';

function problem(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = res.json() as { status: number; detail: string; title: string };
  expect(body.status).toBe(status);
  expect(body.detail).toEqual(expect.any(String));
  return body;
}

function upload(org: string, name: string, content: string) {
  return multipart({ org }, [{ name, content }]);
}

describeEachEngine('sign-in, tokens and bad input', (db) => {
  let w: ApiWorld;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  beforeAll(async () => {
    w = await buildApiWorld(db());
  });
  afterAll(async () => w?.app.close());

  it('sets an httpOnly, SameSite=Lax session cookie, Secure outside localhost', async () => {
    const local = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'rj7_viewer', password: TEST_PASSWORD },
    });
    expect(local.statusCode).toBe(200);
    const cookie = String(local.headers['set-cookie']);
    expect(cookie).toMatch(/^ward_session=[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    const remote = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { host: 'ward.example.nhs.uk' },
      payload: { username: 'rj7_viewer', password: TEST_PASSWORD },
    });
    expect(String(remote.headers['set-cookie'])).toContain('Secure');
  });

  it('answers with security headers and no CORS', async () => {
    const res = await w.app.inject({
      url: '/api/v1/intel/status',
      headers: { ...bearer(w.users.rj7_viewer.token), origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('requires the session CSRF token on cookie-authenticated writes (not on reads or with tokens)', async () => {
    const s = await signInSession(w.app, 'rj7_responder');
    const body = { org: 'RJ7', cve: 'CVE-2017-0144', reason: 'r', controls: 'c', expires: '2099-01-01' };
    expect(
      (await w.app.inject({ url: '/api/v1/exceptions', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(200);
    expect(
      problem(
        await w.app.inject({
          method: 'POST',
          url: '/api/v1/exceptions',
          headers: { cookie: s.cookie },
          payload: body,
        }),
        403,
      ).detail,
    ).toContain('CSRF');
    problem(
      await w.app.inject({
        method: 'POST',
        url: '/api/v1/exceptions',
        headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) },
        payload: body,
      }),
      403,
    );
    const other = await signInSession(w.app, 'rj7_responder');
    problem(
      await w.app.inject({
        method: 'POST',
        url: '/api/v1/exceptions',
        headers: { cookie: s.cookie, 'x-csrf-token': other.csrf },
        payload: body,
      }),
      403,
    );
    expect(
      (
        await w.app.inject({
          method: 'POST',
          url: '/api/v1/exceptions',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          payload: body,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await w.app.inject({
          method: 'POST',
          url: '/api/v1/exceptions',
          headers: bearer(w.users.rj7_responder.token),
          payload: body,
        })
      ).statusCode,
    ).toBe(201);
  });

  it('ends a session on sign-out', async () => {
    const s = await signInSession(w.app, 'qwe_viewer');
    const out = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/ward_session=;/);
    expect(
      problem(await w.app.inject({ url: '/api/v1/auth/session', headers: { cookie: s.cookie } }), 401).detail,
    ).toContain('sign in again');
  });

  it('holds back guessing from one address without locking the user out, and answers unknown names alike', async () => {
    const attempt = (username: string, password: string, remoteAddress = '198.51.100.7') =>
      w.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username, password },
        remoteAddress,
      });
    const details: string[] = [];
    for (const name of ['a84_viewer', 'no-such-user']) {
      for (let i = 0; i < 5; i++)
        expect(problem(await attempt(name, `wrong ${i}`), 401).detail).toBe('wrong user name or password');
      // The right password too: a held-back attempt is not checked at all.
      const held = await attempt(name, TEST_PASSWORD);
      details.push(problem(held, 429).detail);
      expect(Number(held.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // A real name and an unknown one get the same answer.
    expect(details[0]).toBe(details[1]);
    expect(details[0]).not.toContain('locked');
    // The user, from their own address, is not locked out by the stranger's guesses.
    const own = await attempt('a84_viewer', TEST_PASSWORD, '10.1.2.3');
    expect(own.statusCode).toBe(200);
    const audit = await db()
      .db.selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'auth.locked')
      .execute();
    expect(audit).toHaveLength(0);
  });

  it('limits sign-in attempts per address', async () => {
    const app = await buildApp({ database: db(), oidc: null, limiter: makeSignInLimiter(3) });
    try {
      for (let i = 0; i < 3; i++) {
        problem(
          await app.inject({
            method: 'POST',
            url: '/api/v1/auth/sign-in',
            payload: { username: 'nobody', password: 'x' },
          }),
          401,
        );
      }
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'nat_admin', password: TEST_PASSWORD },
      });
      expect(problem(res, 429).detail).toContain('this address');
    } finally {
      await app.close();
    }
  });

  it('tells an expired, a revoked and an unknown token apart (401)', async () => {
    const t = await createToken(
      db(),
      ADMIN_CLI,
      { id: w.users.ral_admin.id, username: 'ral_admin' },
      { name: 'short', expiresInDays: 1 },
    );
    expect((await w.app.inject({ url: '/api/v1/auth/session', headers: bearer(t.token) })).statusCode).toBe(
      200,
    );
    await sql`UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = ${t.id}`.execute(
      db().db,
    );
    expect(
      problem(await w.app.inject({ url: '/api/v1/auth/session', headers: bearer(t.token) }), 401).detail,
    ).toContain('expired');
    const r = await createToken(
      db(),
      ADMIN_CLI,
      { id: w.users.ral_admin.id, username: 'ral_admin' },
      { name: 'revoked', expiresInDays: 1 },
    );
    expect(
      (
        await w.app.inject({
          method: 'DELETE',
          url: `/api/v1/tokens/${r.id}`,
          headers: bearer(w.users.ral_admin.token),
        })
      ).statusCode,
    ).toBe(204);
    expect(
      problem(await w.app.inject({ url: '/api/v1/auth/session', headers: bearer(r.token) }), 401).detail,
    ).toContain('revoked');
    expect(
      problem(await w.app.inject({ url: '/api/v1/auth/session', headers: bearer('ward_nope') }), 401).detail,
    ).toBe('unknown API token');
    problem(
      await w.app.inject({ url: '/api/v1/auth/session', headers: { authorization: 'Basic abc' } }),
      401,
    );
    problem(await w.app.inject({ url: '/api/v1/findings' }), 401);
  });

  it('cuts a token down to its organisation and role', async () => {
    const create = await w.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: w.sessions.london_admin.cookie, 'x-csrf-token': w.sessions.london_admin.csrf },
      payload: { name: 'rj7 reader', org: 'RJ7', maxRole: 'viewer', expiresInDays: 7 },
    });
    expect(create.statusCode).toBe(201);
    const t = create.json();
    expect(t).toMatchObject({
      name: 'rj7 reader',
      org: 'RJ7',
      maxRole: 'viewer',
      username: 'london_admin',
      token: expect.stringMatching(/^ward_/),
    });
    const list = await w.app.inject({ url: '/api/v1/findings?limit=500', headers: bearer(t.token) });
    expect(new Set(list.json().items.map((f: { org: string }) => f.org))).toEqual(new Set(['RJ7']));
    problem(await w.app.inject({ url: '/api/v1/findings?org=RAL', headers: bearer(t.token) }), 404);
    const write = { org: 'RJ7', cve: 'CVE-2017-0144', reason: 'r', controls: 'c', expires: '2099-01-01' };
    problem(
      await w.app.inject({
        method: 'POST',
        url: '/api/v1/exceptions',
        headers: bearer(t.token),
        payload: write,
      }),
      403,
    );
    problem(
      await w.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: bearer(t.token),
        payload: { name: 'x' },
      }),
      403,
    );
    const stored = await db()
      .db.selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', t.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(t.token.slice(5));
  });

  it('answers malformed JSON, oversize bodies and uploads, and invalid ids with problems', async () => {
    const h = bearer(w.users.nat_admin.token);
    problem(
      await w.app.inject({
        method: 'POST',
        url: '/api/v1/exceptions',
        headers: { ...h, 'content-type': 'application/json' },
        payload: '{"org": "RJ7",',
      }),
      400,
    );
    problem(
      await w.app.inject({
        method: 'POST',
        url: '/api/v1/exceptions',
        headers: { ...h, 'content-type': 'application/json' },
        payload: JSON.stringify({ reason: 'x'.repeat(2 << 20) }),
      }),
      413,
    );
    const body = problem(
      await w.app.inject({
        method: 'POST',
        url: '/api/v1/exceptions',
        headers: h,
        payload: { org: 'RJ7', cve: 'not-a-cve' },
      }),
      400,
    );
    expect(body.detail).toContain('cve');
    const before = await db()
      .db.selectFrom('assets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const big = inventoryCsv(
      Array.from({ length: 800 }, (_, i) => ({ id: `BIG-${i}`, components: [WIN7_SP1, SMB1] })),
    );
    expect(big.length).toBeGreaterThan(64 * 1024);
    const tooBig = upload('RJ7', 'big.csv', big);
    problem(
      await w.app.inject({
        method: 'POST',
        url: '/api/v1/inventory/imports',
        headers: { ...h, ...tooBig.headers },
        payload: tooBig.payload,
      }),
      413,
    );
    const after = await db()
      .db.selectFrom('assets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    for (const url of [
      '/api/v1/assets/abc',
      '/api/v1/assets/-1',
      '/api/v1/users/not-a-uuid',
      '/api/v1/organisations/%3Cscript%3E',
      '/api/v1/vulnerabilities/CVE-17',
      '/api/v1/findings?priority=urgent',
      '/api/v1/findings?limit=0',
    ]) {
      problem(await w.app.inject({ url, headers: h }), 400);
    }
    problem(await w.app.inject({ method: 'DELETE', url: '/api/v1/tokens/xyz', headers: h }), 400);
    problem(await w.app.inject({ url: '/api/v1/no-such-route', headers: h }), 404);
  });

  it('reports every bad line of an upload, as the CLI does, and imports nothing', async () => {
    const h = bearer(w.users.rj7_responder.token);
    const csv = `${inventoryCsv([{ id: 'OK-1', components: [SMB1] }])}BAD-1,h,toaster,,,,,corporate,maybe,none,,,,,\n`;
    const form = upload('RJ7', 'bad.csv', csv);
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/inventory/imports',
      headers: { ...h, ...form.headers },
      payload: form.payload,
    });
    const body = problem(res, 400) as unknown as {
      problems: { file: string; line: number; reason: string }[];
    };
    expect(body.problems.length).toBeGreaterThanOrEqual(2);
    expect(body.problems.every((p) => p.file === 'bad.csv' && p.line === 3)).toBe(true);
    const form2 = upload('RJ7', 'notes.txt', 'hello\n');
    const res2 = await w.app.inject({
      method: 'POST',
      url: '/api/v1/inventory/imports',
      headers: { ...h, ...form2.headers },
      payload: form2.payload,
    });
    expect(
      (problem(res2, 400) as unknown as { problems: { reason: string }[] }).problems[0]?.reason,
    ).toContain('not an inventory');
  });
});
