/**
 * Signing in and proving who you are: password sign-in with a temporary lock-out after repeated
 * failures, server-side sessions (the cookie holds a random secret, the database its sha256 and the
 * session's CSRF token), and API tokens (shown once, stored as sha256, with an expiry, carrying the
 * user's grants cut down to the token's organisation and maximum role).
 */
import type { Database } from '../../db/connect.js';
import { ancestriesOf, grantsOf } from '../../db/repositories/access.repository.js';
import {
  deleteSession,
  findLiveToken,
  findSession,
  findToken,
  findTokenByHash,
  insertSession,
  insertToken,
  listTokens as listTokenRows,
  revokeToken as revokeTokenRow,
  type TokenRow,
  touchToken,
} from '../../db/repositories/session.repository.js';
import {
  clearFailures,
  heldBackUntil,
  isKnownAddress,
  recordFailures,
  rememberAddress,
} from '../../db/repositories/sign-in-throttle.repository.js';
import { findUserById, findUserByUsername, type UserRow } from '../../db/repositories/user.repository.js';
import {
  type Actor,
  mayManageOwnTokens,
  narrowGrants,
  scopeFor,
  userActor,
} from '../../domain/access/actor.js';
import { isRole, type Role } from '../../domain/access/role.js';
import {
  backoffSeconds,
  THROTTLE,
  type ThrottleKey,
  throttleKeys,
} from '../../domain/access/sign-in-throttle.js';
import {
  ForbiddenError,
  invalidFields,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
} from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { permittedOrgIds, requireOrgAccess } from './access.service.js';
import { dummyHash, randomSecret, sha256Hex, verifyPassword } from './password.js';
import { type UserView, userView } from './user.service.js';

export const SESSION_HOURS = 12;

export interface SessionGrant {
  token: string;
  csrfToken: string;
  expiresAt: string;
  userId: string;
  username: string;
  /** Who signed in. */
  user: UserView;
}

/** Creates a session for a user already proven (password or OIDC). */
export async function startSession(
  database: Database,
  user: UserRow,
  via: 'password' | 'oidc',
): Promise<SessionGrant> {
  const token = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  const actor = userActor(user.id, user.username, []);
  await database.db.transaction().execute(async (trx) => {
    await insertSession(trx, { idHash: sha256Hex(token), userId: user.id, csrfToken, via, expiresAt });
    await audit(trx, actor, null, 'auth.sign_in', null, { via }, user.username);
  });
  return {
    token,
    csrfToken,
    expiresAt: expiresAt.toISOString(),
    userId: user.id,
    username: user.username,
    user: userView(user),
  };
}

/**
 * Password sign-in, throttled per user name, address and user name across addresses (see
 * `domain/access/sign-in-throttle.ts`): a held-back attempt waits (429 with Retry-After) whatever
 * the name, so the answer is the same for unknown names, wrong passwords and held-back names, and
 * nobody can lock out another user. Unknown users and wrong passwords take the same time.
 */
export async function signIn(
  database: Database,
  attempt: { username: string; password: string; address: string },
  now = new Date(),
): Promise<SessionGrant> {
  const db = database.db;
  const name = attempt.username.trim().toLowerCase();
  const knownSince = new Date(now.getTime() - THROTTLE.knownAddressDays * 86_400_000);
  const keys = throttleKeys(
    name,
    attempt.address,
    await isKnownAddress(db, name, attempt.address, knownSince),
  );
  const until = await heldBackUntil(
    db,
    keys.map((k) => k.key),
    now,
  );
  if (until) {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    throw new RateLimitedError(
      `too many failed sign-ins for this user name or from this address: wait ${seconds} s and try again`,
      seconds,
    );
  }
  const user = await findUserByUsername(db, name);
  const ok =
    user?.passwordHash && !user.disabledAt
      ? await verifyPassword(user.passwordHash, attempt.password)
      : await verifyPassword(await dummyHash(), attempt.password).then(() => false);
  if (!user || !ok) {
    const forgetBefore = new Date(now.getTime() - THROTTLE.forgetAfterHours * 3600_000);
    await recordFailures(
      db,
      keys.map((k) => ({ key: k.key, backoff: (n: number) => backoffSeconds(n, k.rule) })),
      now,
      forgetBefore,
    );
    throw new UnauthenticatedError('wrong user name or password');
  }
  await clearFailures(db, (keys[0] as ThrottleKey).key);
  await rememberAddress(db, name, attempt.address, now);
  return startSession(database, user, 'password');
}

export async function signOut(database: Database, sessionToken: string): Promise<void> {
  await deleteSession(database.db, sha256Hex(sessionToken));
}

/** The actor behind a user id, with the user's current grants. */
export async function actorForUser(
  database: Database,
  user: { id: string; username: string },
): Promise<Actor> {
  return userActor(user.id, user.username, await grantsOf(database.db, user.id));
}

export interface Authenticated {
  actor: Actor;
  /** Set for cookie sessions: writes must echo it. */
  csrfToken: string | null;
  user: UserRow;
}

/** The session behind a cookie's secret, or an unauthenticated error. */
export async function authenticateSession(
  database: Database,
  token: string,
  now = new Date(),
): Promise<Authenticated> {
  const session = await findSession(database.db, sha256Hex(token), now);
  if (!session) throw new UnauthenticatedError('the session has expired or was ended: sign in again');
  const [user, grants] = await Promise.all([
    findUserById(database.db, session.userId),
    grantsOf(database.db, session.userId),
  ]);
  if (!user || user.disabledAt)
    throw new UnauthenticatedError('the session has expired or was ended: sign in again');
  return { actor: userActor(user.id, user.username, grants), csrfToken: session.csrfToken, user };
}

export const TOKEN_PREFIX = 'ward_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The actor behind an API token: the user's grants narrowed to the token's binding. */
export async function authenticateToken(
  database: Database,
  token: string,
  now = new Date(),
): Promise<Authenticated> {
  const hash = sha256Hex(token);
  const row = await findLiveToken(database.db, hash, now);
  if (!row) {
    const any = await findTokenByHash(database.db, hash);
    if (any?.revokedAt) throw new UnauthenticatedError('this API token was revoked');
    if (any)
      throw new UnauthenticatedError(`this API token expired on ${new Date(any.expiresAt).toISOString()}`);
    throw new UnauthenticatedError('unknown API token');
  }
  // Two lookups at once: every API call pays for them.
  const [user, grants] = await Promise.all([
    findUserById(database.db, row.userId),
    grantsOf(database.db, row.userId),
  ]);
  if (!user || user.disabledAt) throw new UnauthenticatedError('the API token belongs to a disabled user');
  // Ancestries matter only for a token bound to an organisation.
  const ancestries = row.orgId
    ? await ancestriesOf(database.db, [...grants.map((g) => g.orgId), row.orgId])
    : new Map<string, Set<string>>();
  const narrowed = narrowGrants(
    grants,
    { orgId: row.orgId, maxRole: (row.maxRole as Role | null) ?? null },
    (id) => ancestries.get(id) ?? new Set([id]),
  );
  // Last use at minute resolution: one write per token per minute at most.
  if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > 60_000)
    await touchToken(database.db, row.id, now);
  const actor: Actor = {
    kind: 'token',
    userId: user.id,
    label: `token:${user.username}/${row.name}`,
    grants: narrowed,
    full: false,
  };
  return { actor, csrfToken: null, user };
}

export interface TokenView {
  id: string;
  name: string;
  username: string;
  org: string | null;
  maxRole: Role | null;
  expiresAt: string;
  createdAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
}

function tokenView(t: TokenRow, username: string): TokenView {
  return {
    id: t.id,
    name: t.name,
    username,
    org: t.orgCode,
    maxRole: (t.maxRole as Role | null) ?? null,
    expiresAt: new Date(t.expiresAt).toISOString(),
    createdAt: new Date(t.createdAt).toISOString(),
    lastUsedAt: t.lastUsedAt ? new Date(t.lastUsedAt).toISOString() : null,
    revoked: t.revokedAt !== null,
  };
}

export interface TokenInput {
  name: string;
  /** Days until it expires (1 to 366). */
  expiresInDays: number;
  org?: string | null;
  maxRole?: string | null;
}

/**
 * Creates an API token for `owner` (the actor itself over the API; any user from the CLI). The
 * token is returned once; only its sha256 is stored.
 */
export async function createToken(
  database: Database,
  actor: Actor,
  owner: { id: string; username: string },
  input: TokenInput,
): Promise<TokenView & { token: string }> {
  const name = input.name.trim();
  if (!name || name.length > 64)
    throw invalidFields({ name: 'a token name of 1 to 64 characters is required' });
  if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > 366)
    throw invalidFields({ expiresInDays: 'a whole number of days from 1 to 366' });
  if (input.maxRole != null && !isRole(input.maxRole))
    throw invalidFields({ maxRole: `unknown role ${input.maxRole}` });
  if (actor.kind === 'token') throw new ForbiddenError('an API token cannot create tokens: sign in');
  if (!actor.full && actor.userId !== owner.id)
    throw new ForbiddenError('you can only create tokens for yourself');
  const ownerActor = await actorForUser(database, owner);
  // The token's organisation must be one its owner can see: a token never reaches further than its user.
  const org = input.org ? await requireOrgAccess(database, ownerActor, 'read', input.org) : null;
  const token = `${TOKEN_PREFIX}${randomSecret()}`;
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  const id = await database.db.transaction().execute(async (trx) => {
    const tokenId = await insertToken(trx, {
      userId: owner.id,
      name,
      tokenHash: sha256Hex(token),
      orgId: org?.id ?? null,
      maxRole: input.maxRole ?? null,
      expiresAt,
    });
    await audit(
      trx,
      actor,
      org?.id ?? null,
      'token.create',
      null,
      {
        id: tokenId,
        name,
        owner: owner.username,
        org: org?.code ?? null,
        maxRole: input.maxRole ?? null,
        expiresAt,
      },
      owner.username,
    );
    return tokenId;
  });
  const row = (await findToken(database.db, id)) as TokenRow;
  return { ...tokenView(row, owner.username), token };
}

/** Creates an API token for the user of this name (local administration names the owner). */
export async function createTokenForUser(
  database: Database,
  actor: Actor,
  username: string,
  input: TokenInput,
): Promise<TokenView & { token: string }> {
  const owner = await findUserByUsername(database.db, username.trim().toLowerCase());
  if (!owner) throw new NotFoundError(`no user ${username}`);
  return createToken(database, actor, owner, input);
}

/** Tokens the actor may see: their own, and (for administrators) those narrowed to an organisation in their subtree. */
export async function listTokens(
  database: Database,
  actor: Actor,
  query: { before?: [string, string] | null; limit: number },
): Promise<TokenView[]> {
  const rows = await listTokenRows(database.db, scopeFor(actor, 'admin'), {
    ownerId: actor.userId,
    before: query.before,
    limit: query.limit,
  });
  const names = new Map<string, string>();
  for (const r of rows) {
    if (!names.has(r.userId))
      names.set(r.userId, (await findUserById(database.db, r.userId))?.username ?? '?');
  }
  return rows.map((r) => tokenView(r, names.get(r.userId) as string));
}

/**
 * Revokes a token: the actor's own, or (for an administrator) one narrowed to an organisation in
 * its admin scope; a national admin any. Over an API token, revoking needs what the token's
 * narrowed role permits (see `mayManageOwnTokens`). Tokens out of reach do not exist for the actor.
 */
export async function revokeToken(database: Database, actor: Actor, id: string): Promise<void> {
  const row = UUID.test(id) ? await findToken(database.db, id) : undefined;
  const own = row !== undefined && row.userId === actor.userId;
  const admin = scopeFor(actor, 'admin');
  const reach =
    row !== undefined &&
    (own ||
      admin.all ||
      (row.orgId !== null &&
        (await permittedOrgIds(database.db, actor, 'admin', new Set([row.orgId]))).has(row.orgId)));
  if (!row || !reach) throw new NotFoundError(`no token ${id}`);
  if (own && !admin.all && !mayManageOwnTokens(actor))
    throw new ForbiddenError(`${actor.label} is limited to reading: it may not revoke tokens`);
  const owner = await findUserById(database.db, row.userId);
  await database.db.transaction().execute(async (trx) => {
    await revokeTokenRow(trx, id, new Date());
    await audit(trx, actor, row.orgId, 'token.revoke', { id, name: row.name }, null, owner?.username ?? null);
  });
}
