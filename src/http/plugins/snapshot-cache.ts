/**
 * Answers kept in the server while nothing is written. PostgreSQL's current snapshot
 * (`pg_current_snapshot()`: the oldest transaction still running, the next to start and those
 * running in between) says exactly which writes a statement sees: while it is the same, nothing
 * has been committed, so every read gives what it gave before. Each API call reads it once, one
 * small statement; an authentication, and the answer of a GET route marked `config: { cache: true }`,
 * made under the same snapshot for the same credential, URL and accepted type is given again
 * without querying. A commit anywhere (any process, any write) changes the snapshot and empties
 * the cache, so an answer is never older than the last commit before the call. What changes with
 * the clock alone (a token or an exception expiring, an acknowledgement falling overdue) is
 * seen within {@link CLOCK_GRAIN_MS}: the clock's grain is part of every key.
 */
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** How long a cached answer may ignore the clock moving on. */
export const CLOCK_GRAIN_MS = 5_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A GET whose answer depends only on the caller, the URL, the stored data and the clock. */
    cache?: boolean;
  }
  interface FastifyRequest {
    /** The database snapshot this call was authenticated under (null: not read, or caching off). */
    snapshot: string | null;
    /** Who is asking, as the cache tells callers apart (the credential's hash). */
    credentialKey: string | null;
  }
}

/** Entries valid for one database snapshot; a new snapshot drops them all. */
export class SnapshotCache<V> {
  /** At most `maxEntries` entries and `maxBytes` bytes (as given to `set`): the oldest go first. */
  constructor(
    private readonly maxEntries = 5_000,
    private readonly maxBytes = 64 << 20,
  ) {}

  private snapshot: string | null = null;
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private bytes = 0;
  /** Values being made, by snapshot and key: callers asking meanwhile wait for them. */
  private readonly making = new Map<string, Promise<V | undefined>>();

  get(snapshot: string, key: string): V | undefined {
    if (snapshot !== this.snapshot) return undefined;
    return this.entries.get(key)?.value;
  }

  set(snapshot: string, key: string, value: V, bytes = 0): void {
    if (snapshot !== this.snapshot) {
      // A value made under an older snapshot than the cache's (a slow call finishing after a
      // commit) can never be asked for again: it must not empty the newer entries.
      if (this.snapshot !== null && olderSnapshot(snapshot, this.snapshot)) return;
      this.clear();
      this.snapshot = snapshot;
    }
    const old = this.entries.get(key);
    if (old) this.bytes -= old.bytes;
    this.entries.delete(key);
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    // The oldest entries go first when the cache is full.
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** The value being made for `key` under `snapshot`, if one is (undefined once made: not kept). */
  beingMade(snapshot: string, key: string): Promise<V | undefined> | undefined {
    return this.making.get(`${snapshot}\0${key}`);
  }

  /**
   * Notes that the caller is making the value for `key` under `snapshot`, so that others asking
   * meanwhile wait instead of making it again (after a commit, fifty callers of the same page
   * would otherwise all query it at once). Returns how to finish: with the value to keep, or
   * undefined when there is none (an error), which lets the waiting callers make their own.
   */
  startMaking(snapshot: string, key: string): (value: V | undefined, bytes?: number) => void {
    const id = `${snapshot}\0${key}`;
    let finish: (value: V | undefined) => void = () => {};
    const made = new Promise<V | undefined>((resolve) => {
      finish = resolve;
    });
    this.making.set(id, made);
    return (value, bytes = 0) => {
      if (this.making.get(id) === made) this.making.delete(id);
      if (value !== undefined) this.set(snapshot, key, value, bytes);
      finish(value);
    };
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Whether snapshot `a` (`xmin:xmax:xip,…`, as `pg_current_snapshot()` writes it) was taken before
 * `b`: taken later, a snapshot has a larger xmax (transactions started since), or the same xmax
 * with fewer transactions still running (some committed since).
 */
export function olderSnapshot(a: string, b: string): boolean {
  const [, ax = '0', axip = ''] = a.split(':');
  const [, bx = '0', bxip = ''] = b.split(':');
  const [xa, xb] = [BigInt(ax), BigInt(bx)];
  if (xa !== xb) return xa < xb;
  const running = (xip: string) => (xip === '' ? 0 : xip.split(',').length);
  return running(axip) > running(bxip);
}

/** The database snapshot a statement run now would see, as text. */
export async function currentSnapshot(db: Kysely<DB>): Promise<string> {
  const row = await sql<{ s: string }>`SELECT pg_current_snapshot()::text AS s`.execute(db);
  return row.rows[0]?.s as string;
}

/** The clock's part of a key: calls in the same grain share answers. */
export function clockGrain(now = Date.now()): number {
  return Math.floor(now / CLOCK_GRAIN_MS);
}

export interface CachedAnswer {
  body: string;
  type: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set while this call makes an answer others may wait for: finishes it. */
    finishAnswer: ((answer: CachedAnswer | undefined, bytes?: number) => void) | null;
  }
}

/**
 * Serves and keeps the answers of routes marked `cache: true`. Registered after authentication,
 * which reads the snapshot and names the credential. A call arriving while the same answer is
 * being made under the same snapshot waits for it.
 */
export function registerAnswerCache(app: FastifyInstance, answers: SnapshotCache<CachedAnswer>): void {
  app.decorateRequest('finishAnswer', null);
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET' || request.routeOptions.config?.cache !== true) return;
    if (request.snapshot === null || request.credentialKey === null) return;
    const key = [request.credentialKey, clockGrain(), request.headers.accept ?? '', request.url].join('\0');
    // No await unless another call is making it: two calls must not both find nothing and start.
    const pending = answers.beingMade(request.snapshot, key);
    const answer = answers.get(request.snapshot, key) ?? (pending ? await pending : undefined);
    if (answer === undefined) {
      request.finishAnswer = answers.startMaking(request.snapshot, key);
      reply.header('x-ward-cache', 'miss');
      return;
    }
    reply
      .header('x-ward-cache', 'hit')
      .type(answer.type)
      .serializer((p: unknown) => p as string)
      .send(answer.body);
    return reply;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const finish = request.finishAnswer;
    if (!finish) return payload;
    request.finishAnswer = null;
    const type = reply.getHeader('content-type');
    if (reply.statusCode === 200 && typeof payload === 'string' && typeof type === 'string')
      finish({ body: payload, type }, payload.length);
    else finish(undefined);
    return payload;
  });
  // A call that ends without sending (the client went away) must not leave others waiting.
  const abandon = async (request: { finishAnswer: ((a: undefined) => void) | null }) => {
    request.finishAnswer?.(undefined);
    request.finishAnswer = null;
  };
  app.addHook('onResponse', abandon);
  app.addHook('onRequestAbort', abandon);
}
