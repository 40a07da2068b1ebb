import { type Kysely, sql } from 'kysely';

/**
 * Components assumed from a platform's defaults (SMBv1 on Windows 7, see
 * `domain/platform/platform-defaults`): `assumed_by` holds the label of the platform whose defaults
 * imply the component, '' when the inventory reports it. An assumed component is a component of its
 * own, so findings that rest on an assumption are findings of their own and say so.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE components ADD COLUMN assumed_by text NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE components DROP CONSTRAINT components_natural`.execute(db);
  await sql`ALTER TABLE components ADD CONSTRAINT components_natural UNIQUE (key, version, update, assumed_by)`.execute(
    db,
  );
}
