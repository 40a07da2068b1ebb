import { type Kysely, sql } from 'kysely';

/**
 * TAXII 2.1, both ways.
 *
 * `taxii_statuses`: the status resource of each envelope POSTed to a collection of Ward's TAXII
 * server (Ward imports synchronously, so each is final when written), readable by whoever posted it.
 * `taxii_pull_cursors`: for `ward intel taxii pull`, the last `X-TAXII-Date-Added-Last` seen per
 * feed URL and collection, so the next pull resumes there.
 * The audience tables get indexes by organisation, group and person: a TAXII collection of what is
 * shared with an organisation, a group or a person starts from them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE taxii_statuses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      collection_id text NOT NULL,
      requested_by text NOT NULL,
      user_id uuid REFERENCES users(id) ON DELETE CASCADE,
      status text NOT NULL CHECK (status IN ('pending', 'complete')),
      request_timestamp timestamptz NOT NULL DEFAULT now(),
      total_count integer NOT NULL,
      success_count integer NOT NULL,
      failure_count integer NOT NULL,
      pending_count integer NOT NULL,
      successes jsonb NOT NULL DEFAULT '[]',
      failures jsonb NOT NULL DEFAULT '[]'
    )`.execute(db);
  await sql`
    CREATE TABLE taxii_pull_cursors (
      url text NOT NULL,
      collection_id text NOT NULL,
      added_last text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (url, collection_id)
    )`.execute(db);
  await sql`CREATE INDEX marked_orgs_org ON marked_orgs (org_id)`.execute(db);
  await sql`CREATE INDEX marked_groups_group ON marked_groups (group_id)`.execute(db);
  await sql`CREATE INDEX marked_people_user ON marked_people (user_id)`.execute(db);
}
