import { type Kysely, sql } from 'kysely';

/**
 * Failed sign-ins counted per key — a user name from one address, an address, a user name from
 * addresses it was never signed in from — each with the time until which further attempts wait
 * (back-off), and the addresses a user name last signed in from successfully. Replaces locking the
 * account, which let anyone lock out anyone and told locked accounts from unknown names: the
 * account's own failure count and lock go.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN failed_sign_ins, DROP COLUMN locked_until`.execute(db);
  await sql`
    CREATE TABLE sign_in_failures (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      last_failure timestamptz NOT NULL,
      blocked_until timestamptz
    )`.execute(db);
  await sql`
    CREATE TABLE sign_in_known_addresses (
      username text NOT NULL,
      address text NOT NULL,
      last_success timestamptz NOT NULL,
      PRIMARY KEY (username, address)
    )`.execute(db);
}
