import { type Kysely, sql } from 'kysely';

/** Organisations and the closure table that makes subtree and ancestor queries one indexed lookup. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organisations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL CHECK (code <> '' AND code = upper(code)),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('national','region','icb','trust','site','gp_practice','pharmacy',
        'social_care','alb','csu','other')),
      parent_id uuid REFERENCES organisations (id) DEFERRABLE INITIALLY DEFERRED,
      depth integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT organisations_code_key UNIQUE (code),
      CONSTRAINT organisations_root_is_national CHECK ((parent_id IS NULL) = (kind = 'national'))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX organisations_one_root ON organisations ((true)) WHERE parent_id IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX organisations_parent ON organisations (parent_id, kind)`.execute(db);
  await sql`
    CREATE TABLE org_closure (
      ancestor_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      descendant_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      depth integer NOT NULL,
      PRIMARY KEY (ancestor_id, descendant_id)
    )`.execute(db);
  await sql`CREATE INDEX org_closure_descendant ON org_closure (descendant_id, depth)`.execute(db);
}
