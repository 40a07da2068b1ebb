/**
 * TAXII collections over indicators: each collection is a scope (the federation's CLEAR and GREEN,
 * one legal entity's own, one sharing group's AMBER, AMBER and RED shared with an entity) AND the
 * TLP rule (`tlpVisible`), both in SQL, so a page of `limit` rows is exactly the caller's page.
 * Objects are paged by (date added, id): an indicator's date added is its last change
 * (`modified_at`), written with microseconds so `added_after` and the cursor lose nothing.
 */
import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import type { DB } from '../../schema.js';
import { type SqlReader, tlpVisible } from '../../tlp.js';
import { type IndicatorRow, MARKED } from './indicator.repository.js';

type Executor = Kysely<DB> | Transaction<DB>;

export type CollectionScope =
  | { kind: 'federation' }
  | { kind: 'entity'; entityId: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'shared'; entityId: string };

export interface ObjectQuery {
  addedAfter?: string;
  /** After this (date added, id) position. */
  after?: { added: string; id: string };
  /** STIX ids (`match[id]`). */
  stixIds?: readonly string[];
  /** Versions (`match[version]` timestamps): an indicator's version is its last change, to the millisecond. */
  versions?: readonly string[];
  limit: number;
}

/** The columns a collection serves an indicator from (its STIX object, its position). */
const COLUMNS = [
  'i.id',
  'i.stix_id',
  'i.type',
  'i.value',
  'i.tlp',
  'i.confidence',
  'i.description',
  'i.first_seen',
  'i.valid_until',
  'i.created_at',
  'i.modified_at',
  'i.revoked',
] as const;

export type CollectionObjectRow = Pick<
  IndicatorRow,
  | 'id'
  | 'stix_id'
  | 'type'
  | 'value'
  | 'tlp'
  | 'confidence'
  | 'description'
  | 'first_seen'
  | 'valid_until'
  | 'created_at'
  | 'modified_at'
  | 'revoked'
> & {
  producer_code: string;
  producer_name: string;
  added: string;
};

/** An indicator's date added as TAXII text: UTC, microseconds. */
const ADDED = sql<string>`to_char(i.modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The collection's scope. Group and "shared with" scopes start from the audience tables (indexed by
 * group, organisation and person), so a small collection is read without scanning every indicator.
 */
function inScope(scope: CollectionScope, reader: SqlReader): RawBuilder<SqlBool> {
  switch (scope.kind) {
    case 'federation':
      return sql<SqlBool>`i.tlp IN ('CLEAR', 'GREEN')`;
    case 'entity':
      return sql<SqlBool>`i.producer_entity_id = ${scope.entityId}`;
    case 'group':
      return sql<SqlBool>`(i.tlp = 'AMBER' AND i.id IN (SELECT mg.object_id FROM marked_groups mg
        WHERE mg.group_id = ${scope.groupId}))`;
    case 'shared': {
      const named = sql`SELECT mo.object_id FROM org_closure c JOIN marked_orgs mo ON mo.org_id = c.ancestor_id
        WHERE c.descendant_id = ${scope.entityId} AND (mo.subtree OR c.depth = 0)`;
      const people =
        reader.userId === null
          ? sql``
          : sql` UNION SELECT mp.object_id FROM marked_people mp WHERE mp.user_id = ${reader.userId}`;
      return sql<SqlBool>`(i.producer_entity_id <> ${scope.entityId} AND i.tlp IN ('AMBER', 'RED')
        AND i.id IN (${named}${people}))`;
    }
  }
}

/** The collection's objects the reader may see, by (date added, id). */
export async function listCollectionObjects(
  db: Executor,
  reader: SqlReader,
  scope: CollectionScope,
  q: ObjectQuery,
): Promise<CollectionObjectRow[]> {
  let query = db
    .selectFrom('indicators as i')
    .innerJoin('organisations as o', 'o.id', 'i.producer_org_id')
    .select(COLUMNS)
    .select(['o.code as producer_code', 'o.name as producer_name', ADDED.as('added')])
    .where(inScope(scope, reader))
    .where(tlpVisible(MARKED, reader));
  if (q.addedAfter) query = query.where(sql<SqlBool>`i.modified_at > ${q.addedAfter}::timestamptz`);
  if (q.after)
    query = query.where(
      sql<SqlBool>`(i.modified_at, i.id) > (${q.after.added}::timestamptz, ${q.after.id}::uuid)`,
    );
  if (q.stixIds) {
    if (q.stixIds.length === 0) return [];
    query = query.where('i.stix_id', 'in', [...q.stixIds]);
  }
  if (q.versions) {
    if (q.versions.length === 0) return [];
    const wanted = sql.join(q.versions.map((v) => sql`${v}::timestamptz`));
    query = query.where(sql<SqlBool>`date_trunc('milliseconds', i.modified_at) IN (${wanted})`);
  }
  return query.orderBy('i.modified_at').orderBy('i.id').limit(q.limit).execute();
}

/** Sharing groups with a member covering one of these entities (the entity, or an ancestor named with its subtree). */
export async function groupsCovering(
  db: Executor,
  entityIds: readonly string[],
): Promise<{ id: string; name: string; description: string }[]> {
  if (entityIds.length === 0) return [];
  return db
    .selectFrom('sharing_groups as g')
    .select(['g.id', 'g.name', 'g.description'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('sharing_group_members as gm')
          .innerJoin('org_closure as c', 'c.ancestor_id', 'gm.org_id')
          .select(sql`1`.as('one'))
          .whereRef('gm.group_id', '=', 'g.id')
          .where('c.descendant_id', 'in', [...entityIds])
          .where(sql<SqlBool>`(gm.subtree OR c.depth = 0)`),
      ),
    )
    .orderBy('g.name')
    .execute();
}

export interface StatusRow {
  id: string;
  collection_id: string;
  status: 'pending' | 'complete';
  request_timestamp: Date;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  successes: unknown;
  failures: unknown;
}

export async function insertStatus(
  db: Executor,
  row: {
    collectionId: string;
    requestedBy: string;
    userId: string | null;
    successes: { id: string; version?: string; message?: string }[];
    failures: { id: string; version?: string; message?: string }[];
  },
): Promise<StatusRow> {
  return db
    .insertInto('taxii_statuses')
    .values({
      collection_id: row.collectionId,
      requested_by: row.requestedBy,
      user_id: row.userId,
      status: 'complete',
      total_count: row.successes.length + row.failures.length,
      success_count: row.successes.length,
      failure_count: row.failures.length,
      pending_count: 0,
      successes: JSON.stringify(row.successes),
      failures: JSON.stringify(row.failures),
    })
    .returningAll()
    .executeTakeFirstOrThrow() as Promise<StatusRow>;
}

/** A status resource, when the one asking posted it (same user, or same actor label without a user). */
export async function findStatus(
  db: Executor,
  id: string,
  requester: { userId: string | null; label: string },
): Promise<StatusRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  let query = db.selectFrom('taxii_statuses').selectAll().where('id', '=', id);
  query =
    requester.userId === null
      ? query.where('requested_by', '=', requester.label).where('user_id', 'is', null)
      : query.where('user_id', '=', requester.userId);
  return (await query.executeTakeFirst()) as StatusRow | undefined;
}

/** Where the last pull of a feed's collection stopped (its `X-TAXII-Date-Added-Last`). */
export async function readPullCursor(
  db: Executor,
  url: string,
  collectionId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('taxii_pull_cursors')
    .select('added_last')
    .where('url', '=', url)
    .where('collection_id', '=', collectionId)
    .executeTakeFirst();
  return row?.added_last ?? null;
}

export async function savePullCursor(
  db: Executor,
  url: string,
  collectionId: string,
  addedLast: string,
): Promise<void> {
  await db
    .insertInto('taxii_pull_cursors')
    .values({ url, collection_id: collectionId, added_last: addedLast })
    .onConflict((oc) =>
      oc.columns(['url', 'collection_id']).doUpdateSet({ added_last: addedLast, updated_at: sql`now()` }),
    )
    .execute();
}
