import { type Kysely, sql } from 'kysely';

/**
 * Identity and audit: users (argon2id passwords, optional OIDC subject), memberships (a role on an
 * organisation, inherited by its subtree), server-side sessions and API tokens (both stored as
 * sha256 of a random secret), pending OIDC sign-ins, a server secret (signs pagination cursors),
 * and the append-only, hash-chained audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL CHECK (username <> '' AND username = lower(username)),
      display_name text NOT NULL,
      password_hash text,
      oidc_subject text,
      must_change_password boolean NOT NULL DEFAULT false,
      failed_sign_ins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT users_username_key UNIQUE (username),
      CONSTRAINT users_oidc_subject_key UNIQUE (oidc_subject)
    )`.execute(db);
  await sql`
    CREATE TABLE memberships (
      org_id uuid NOT NULL REFERENCES organisations (id),
      user_id uuid NOT NULL REFERENCES users (id),
      role text NOT NULL CHECK (role IN ('viewer','responder','org_admin','national_analyst','national_admin')),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      PRIMARY KEY (org_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX memberships_user ON memberships (user_id)`.execute(db);
  await sql`
    CREATE TABLE sessions (
      id_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      via text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX sessions_user ON sessions (user_id)`.execute(db);
  await sql`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL,
      org_id uuid REFERENCES organisations (id),
      max_role text CHECK (max_role IN ('viewer','responder','org_admin','national_analyst','national_admin')),
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
    )`.execute(db);
  await sql`CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at)`.execute(db);
  await sql`
    CREATE TABLE oidc_pending (
      state_hash text PRIMARY KEY,
      code_verifier text NOT NULL,
      nonce text NOT NULL,
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE TABLE ward_secrets (name text PRIMARY KEY, value text NOT NULL)`.execute(db);
  await sql`INSERT INTO ward_secrets (name, value)
    VALUES ('cursor', encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')), 'hex'))`.execute(
    db,
  );
  await sql`
    CREATE TABLE audit_log (
      seq bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      user_id uuid,
      org_id uuid,
      action text NOT NULL,
      target text,
      before jsonb,
      after jsonb,
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX audit_log_org ON audit_log (org_id, seq)`.execute(db);
  // Append-only: the application never updates or deletes a record; the trigger makes that explicit.
  await sql`
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
}
