/**
 * Accounts under attack: an administrator cannot pull a user from elsewhere into its subtree to
 * reach that user's tokens; a token narrowed to reading cannot revoke tokens; a changed password
 * ends the user's other sessions; a one-time password must be changed before anything else; and
 * password guessing is slowed per name, address and name-across-addresses without locking anyone
 * out or telling which names exist.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { RateLimitedError, UnauthenticatedError } from '../../src/errors.js';
import { signIn } from '../../src/services/access/session.service.js';
import { addUser } from '../../src/services/access/user.service.js';
import { type ApiWorld, buildApiWorld, type Session, signInSession } from '../factories/api-world.factory.js';
import { ADMIN_CLI, TEST_PASSWORD } from '../factories/identity.factory.js';
import { describeEachEngine } from '../setup/engines.js';

function as(app: FastifyInstance, s: Session) {
  return (method: string, url: string, payload?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      payload: payload as string,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
}

const bearer = (app: FastifyInstance, token: string) => (method: string, url: string, payload?: unknown) =>
  app.inject({
    method: method as 'GET',
    url,
    payload: payload as string,
    headers: { authorization: `Bearer ${token}` },
  });

describeEachEngine('account security', (db) => {
  let w: ApiWorld;
  beforeAll(async () => {
    w = await buildApiWorld(db());
  });
  afterAll(async () => w?.app.close());

  it('does not let an ICB admin grant itself a national admin and then revoke their tokens', async () => {
    const qwe = as(w.app, w.sessions.qwe_admin);
    const grant = await qwe('PUT', '/api/v1/memberships', {
      username: 'nat_admin',
      org: 'H85001',
      role: 'viewer',
    });
    const unknown = await qwe('PUT', '/api/v1/memberships', {
      username: 'no-such-user',
      org: 'H85001',
      role: 'viewer',
    });
    expect(grant.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    // The same answer as for a name nobody has: the user is not confirmed to exist.
    expect(grant.json().detail).toBe(unknown.json().detail.replace('no-such-user', 'nat_admin'));
    const tokens = (await qwe('GET', '/api/v1/tokens?limit=100')).json().items as { username: string }[];
    expect(tokens.filter((t) => t.username === 'nat_admin')).toEqual([]);
    expect((await qwe('DELETE', `/api/v1/tokens/${w.users.nat_admin.tokenId}`)).statusCode).toBe(404);
    expect((await bearer(w.app, w.users.nat_admin.token)('GET', '/api/v1/auth/session')).statusCode).toBe(
      200,
    );
    const memberships = await db()
      .db.selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.role')
      .where('u.username', '=', 'nat_admin')
      .execute();
    expect(memberships).toEqual([{ role: 'national_admin' }]);
  });

  it('answers a taken user name the same whether its holder is inside the subtree or not', async () => {
    const qwe = as(w.app, w.sessions.qwe_admin);
    const inside = await qwe('POST', '/api/v1/users', { username: 'rj7_viewer', org: 'RJ7', role: 'viewer' });
    const outside = await qwe('POST', '/api/v1/users', { username: 'nat_admin', org: 'RJ7', role: 'viewer' });
    expect([inside.statusCode, outside.statusCode]).toEqual([409, 409]);
    expect(outside.json().detail).toBe(inside.json().detail.replace('rj7_viewer', 'nat_admin'));
  });

  it('lets a token narrowed to viewer read tokens but not revoke them; a responder token may', async () => {
    const ral = as(w.app, w.sessions.ral_responder);
    const make = async (maxRole: string) =>
      (await ral('POST', '/api/v1/tokens', { name: `narrow ${maxRole}`, maxRole, expiresInDays: 1 })).json();
    const viewer = await make('viewer');
    const responder = await make('responder');
    const read = await bearer(w.app, viewer.token)('GET', '/api/v1/tokens');
    expect(read.statusCode).toBe(200);
    const refused = await bearer(w.app, viewer.token)('DELETE', `/api/v1/tokens/${responder.id}`);
    expect(refused.statusCode).toBe(403);
    expect((await bearer(w.app, responder.token)('GET', '/api/v1/auth/session')).statusCode).toBe(200);
    const revoked = await bearer(w.app, responder.token)('DELETE', `/api/v1/tokens/${viewer.id}`);
    expect(revoked.statusCode).toBe(204);
    expect((await bearer(w.app, viewer.token)('GET', '/api/v1/auth/session')).statusCode).toBe(401);
  });

  it("ends the user's other sessions when the password changes, and says how many", async () => {
    await addUser(db(), ADMIN_CLI, {
      username: 'changer',
      password: TEST_PASSWORD,
      org: 'RJ7',
      role: 'viewer',
    });
    const first = await signInSession(w.app, 'changer');
    const second = await signInSession(w.app, 'changer');
    const third = await signInSession(w.app, 'changer');
    const changed = await as(w.app, first)('POST', '/api/v1/auth/password', {
      current: TEST_PASSWORD,
      next: 'a much newer passphrase',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ endedSessions: 2 });
    for (const s of [second, third])
      expect((await as(w.app, s)('GET', '/api/v1/auth/session')).statusCode).toBe(401);
    expect((await as(w.app, first)('GET', '/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('names the request field a problem is with, in words that name no CLI flag', async () => {
    const qwe = as(w.app, w.sessions.qwe_admin);
    const badName = await qwe('POST', '/api/v1/users', { username: 'Bad Name!', org: 'QWE', role: 'viewer' });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().problems).toEqual([
      expect.objectContaining({ field: 'username', reason: expect.stringContaining('"Bad Name!"') }),
    ]);
    const national = await as(w.app, w.sessions.nat_admin)('PUT', '/api/v1/memberships', {
      username: 'qwe_viewer',
      org: 'QWE',
      role: 'national_analyst',
    });
    expect(national.statusCode).toBe(400);
    expect(national.json().problems).toEqual([
      expect.objectContaining({
        field: 'org',
        reason: expect.stringContaining('grant it on the national root'),
      }),
    ]);
    for (const res of [badName, national]) expect(res.json().detail).not.toMatch(/--[a-z]/);
  });

  it('makes a one-time password be changed before anything else', async () => {
    const added = await as(w.app, w.sessions.nat_admin)('POST', '/api/v1/users', {
      username: 'first-timer',
      org: 'RJ7',
      role: 'responder',
    });
    expect(added.statusCode).toBe(201);
    const otp = added.json().oneTimePassword as string;
    const signedIn = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'first-timer', password: otp },
    });
    expect(signedIn.json().user.mustChangePassword).toBe(true);
    const s = await signInSession(w.app, 'first-timer', otp);
    const call = as(w.app, s);
    for (const [method, url] of [
      ['GET', '/api/v1/organisations'],
      ['GET', '/api/v1/findings'],
      ['POST', '/api/v1/tokens'],
    ] as const) {
      const res = await call(method, url, method === 'POST' ? { name: 'x' } : undefined);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().title).toBe('password change required');
    }
    expect((await call('GET', '/api/v1/auth/session')).json().user.mustChangePassword).toBe(true);
    const changed = await call('POST', '/api/v1/auth/password', {
      current: otp,
      next: 'my own good passphrase',
    });
    expect(changed.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/organisations')).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/auth/session')).json().user.mustChangePassword).toBe(false);
  });

  it('slows an hour of guessing from one address to a couple of dozen tries, without locking the user out', async () => {
    const guesses = await guessFor(db(), 'rj7_viewer', () => '203.0.113.9', 3600);
    // 5 free, then waits of 1, 2, 4 … 256 s, then one try every 5 minutes.
    expect(guesses).toBeGreaterThanOrEqual(20);
    expect(guesses).toBeLessThanOrEqual(25);
    const fromElsewhere = await signIn(db(), {
      username: 'rj7_viewer',
      password: TEST_PASSWORD,
      address: '10.9.9.9',
    });
    expect(fromElsewhere.username).toBe('rj7_viewer');
  });

  it('slows guessing from many addresses to about one a minute, while the user signs in from a known address', async () => {
    const start = new Date('2026-12-01T09:00:00Z');
    await signIn(db(), { username: 'ral_admin', password: TEST_PASSWORD, address: '10.0.0.5' }, start);
    let n = 0;
    const guesses = await guessFor(
      db(),
      'ral_admin',
      () => `198.18.${Math.floor(n / 250)}.${n++ % 250}`,
      3600,
      start,
    );
    // 20 free across addresses, then waits doubling to one minute: about 20 + 6 + 59.
    expect(guesses).toBeGreaterThanOrEqual(75);
    expect(guesses).toBeLessThanOrEqual(90);
    const during = new Date(start.getTime() + 3600_000);
    const user = await signIn(
      db(),
      { username: 'ral_admin', password: TEST_PASSWORD, address: '10.0.0.5' },
      during,
    );
    expect(user.username).toBe('ral_admin');
  });
});

/**
 * An attacker guessing `username` for `seconds` as fast as the throttle lets it (waiting exactly
 * the Retry-After it is given); returns how many guesses were actually checked.
 */
async function guessFor(
  database: Database,
  username: string,
  address: () => string,
  seconds: number,
  start = new Date('2026-12-01T09:00:00Z'),
): Promise<number> {
  let now = start.getTime();
  const end = now + seconds * 1000;
  let checked = 0;
  while (now < end) {
    try {
      await signIn(database, { username, password: `guess ${checked}`, address: address() }, new Date(now));
      throw new Error('a guess succeeded');
    } catch (error) {
      if (error instanceof RateLimitedError) now += error.retryAfterSeconds * 1000;
      else if (error instanceof UnauthenticatedError) {
        checked++;
        now += 100;
      } else throw error;
    }
  }
  return checked;
}
