/**
 * Failed sign-in counts per throttle key and the addresses each user name signed in from (see
 * `domain/access/sign-in-throttle.ts` for the rules).
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.js';

type Executor = Kysely<DB>;

/** The latest time any of the keys is held back until (null: none is). */
export async function heldBackUntil(db: Executor, keys: readonly string[], now: Date): Promise<Date | null> {
  const r = await db
    .selectFrom('sign_in_failures')
    .select((eb) => eb.fn.max('blocked_until').as('until'))
    .where('key', 'in', keys)
    .where('blocked_until', '>', now)
    .executeTakeFirst();
  return r?.until ? new Date(r.until) : null;
}

/**
 * Counts a failure under each key (a count whose last failure is older than `forgetBefore` starts
 * again) and holds the key back for the seconds `backoff` gives for its new count.
 */
export async function recordFailures(
  db: Executor,
  keys: readonly { key: string; backoff: (failures: number) => number }[],
  now: Date,
  forgetBefore: Date,
): Promise<void> {
  for (const { key, backoff } of keys) {
    const row = await db
      .insertInto('sign_in_failures')
      .values({ key, failures: 1, last_failure: now, blocked_until: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`CASE WHEN sign_in_failures.last_failure < ${forgetBefore} THEN 1 ELSE sign_in_failures.failures + 1 END`,
          last_failure: now,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const seconds = backoff(row.failures);
    if (seconds > 0)
      await db
        .updateTable('sign_in_failures')
        .set({ blocked_until: new Date(now.getTime() + seconds * 1000) })
        .where('key', '=', key)
        .execute();
  }
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}

export async function isKnownAddress(
  db: Executor,
  username: string,
  address: string,
  since: Date,
): Promise<boolean> {
  const r = await db
    .selectFrom('sign_in_known_addresses')
    .select('last_success')
    .where('username', '=', username)
    .where('address', '=', address)
    .where('last_success', '>=', since)
    .executeTakeFirst();
  return r !== undefined;
}

export async function rememberAddress(
  db: Executor,
  username: string,
  address: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto('sign_in_known_addresses')
    .values({ username, address, last_success: now })
    .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet({ last_success: now }))
    .execute();
}
