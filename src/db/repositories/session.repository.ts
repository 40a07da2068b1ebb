/**
 * Server-side sessions (keyed by sha256 of the cookie's secret), API tokens (sha256 of the token)
 * and pending OIDC sign-ins.
 */
import type { InferResult, Kysely } from 'kysely';
import type { Scope } from '../../domain/access/scope.js';
import type { DB } from '../schema.js';
import { inScope } from '../scope.js';

type Executor = Kysely<DB>;

export async function insertSession(
  db: Executor,
  s: { idHash: string; userId: string; csrfToken: string; via: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      via: s.via,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function findSession(db: Executor, idHash: string, now: Date) {
  return db
    .selectFrom('sessions')
    .select(['user_id as userId', 'csrf_token as csrfToken', 'expires_at as expiresAt', 'via'])
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of the user except the one given (null: all of them); returns how many ended. */
export async function deleteUserSessions(
  db: Executor,
  userId: string,
  keepIdHash: string | null,
): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash) q = q.where('id_hash', '<>', keepIdHash);
  return Number((await q.executeTakeFirst()).numDeletedRows);
}

export async function deleteExpiredSessions(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

function tokenQuery(db: Executor) {
  return db
    .selectFrom('api_tokens as t')
    .leftJoin('organisations as o', 'o.id', 't.org_id')
    .select([
      't.id',
      't.user_id as userId',
      't.name',
      't.org_id as orgId',
      'o.code as orgCode',
      't.max_role as maxRole',
      't.expires_at as expiresAt',
      't.created_at as createdAt',
      't.last_used_at as lastUsedAt',
      't.revoked_at as revokedAt',
    ]);
}

/** An API token (never its hash) with the code of the organisation it is narrowed to. */
export type TokenRow = InferResult<ReturnType<typeof tokenQuery>>[number];

export async function insertToken(
  db: Executor,
  t: {
    userId: string;
    name: string;
    tokenHash: string;
    orgId: string | null;
    maxRole: string | null;
    expiresAt: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('api_tokens')
    .values({
      user_id: t.userId,
      name: t.name,
      token_hash: t.tokenHash,
      org_id: t.orgId,
      max_role: t.maxRole,
      expires_at: t.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A live token by its hash (not revoked, not expired). */
export async function findLiveToken(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<TokenRow | undefined> {
  return tokenQuery(db)
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', now)
    .executeTakeFirst();
}

/** A token by its hash whatever its state (to tell an expired token from an unknown one). */
export async function findTokenByHash(db: Executor, tokenHash: string): Promise<TokenRow | undefined> {
  return tokenQuery(db).where('t.token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchToken(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/**
 * The owner's tokens, and tokens narrowed to an organisation in scope (an administrator's reach:
 * never a user's unbound tokens or those narrowed elsewhere), newest first, before the given
 * creation time and id.
 */
export async function listTokens(
  db: Executor,
  scope: Scope,
  f: { ownerId: string | null; userId?: string | null; before?: [string, string] | null; limit: number },
): Promise<TokenRow[]> {
  let q = tokenQuery(db);
  if (!scope.all)
    q = q.where((eb) =>
      eb.or([...(f.ownerId ? [eb('t.user_id', '=', f.ownerId)] : []), inScope('t.org_id', scope)]),
    );
  if (f.userId) q = q.where('t.user_id', '=', f.userId);
  if (f.before) {
    const [created, id] = f.before;
    q = q.where((eb) =>
      eb.or([
        eb('t.created_at', '<', new Date(created)),
        eb.and([eb('t.created_at', '=', new Date(created)), eb('t.id', '<', id)]),
      ]),
    );
  }
  return q.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').limit(f.limit).execute();
}

export async function findToken(db: Executor, id: string): Promise<TokenRow | undefined> {
  return tokenQuery(db).where('t.id', '=', id).executeTakeFirst();
}

export async function revokeToken(db: Executor, id: string, now: Date): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertOidcPending(
  db: Executor,
  p: { stateHash: string; codeVerifier: string; nonce: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('oidc_pending')
    .values({
      state_hash: p.stateHash,
      code_verifier: p.codeVerifier,
      nonce: p.nonce,
      expires_at: p.expiresAt,
    })
    .execute();
}

/** Takes (reads and deletes) a pending OIDC sign-in: each state is usable once. */
export async function takeOidcPending(db: Executor, stateHash: string, now: Date) {
  const row = await db
    .deleteFrom('oidc_pending')
    .where('state_hash', '=', stateHash)
    .returning(['code_verifier as codeVerifier', 'nonce', 'expires_at as expiresAt'])
    .executeTakeFirst();
  await db.deleteFrom('oidc_pending').where('expires_at', '<=', now).execute();
  return row && new Date(row.expiresAt) > now ? row : undefined;
}

export async function readSecret(db: Executor, name: string): Promise<string | undefined> {
  const r = await db.selectFrom('ward_secrets').select('value').where('name', '=', name).executeTakeFirst();
  return r?.value;
}
