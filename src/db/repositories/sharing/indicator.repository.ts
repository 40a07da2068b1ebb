/**
 * Indicators, their audiences and sightings. Every read takes the reader and applies the TLP rule
 * (`tlpVisible`); writes are the services' after their access checks.
 */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB, IndicatorTable } from '../../schema.js';
import { type SqlReader, tlpVisible } from '../../tlp.js';

type Executor = Kysely<DB> | Transaction<DB>;
export type IndicatorRow = Selectable<IndicatorTable>;

/** The marked columns of an indicator row aliased `i`, for `tlpVisible`. */
export const MARKED = { id: 'i.id', tlp: 'i.tlp', producerEntity: 'i.producer_entity_id' };

export interface AudienceRows {
  orgs: { orgId: string; subtree: boolean }[];
  groupIds: string[];
  userIds: string[];
}

/** Inserts or, for the same producer, source, kind and value, updates an indicator; replaces its audience. */
export async function upsertIndicator(
  trx: Transaction<DB>,
  row: Insertable<IndicatorTable>,
  audience: AudienceRows,
): Promise<{ id: string; stixId: string; created: boolean }> {
  // The conflict's row carries the column's default, now(): Citus takes no function call in DO UPDATE SET.
  const saved = await trx
    .insertInto('indicators')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['producer_entity_id', 'source', 'type', 'value']).doUpdateSet((eb) => ({
        tlp: eb.ref('excluded.tlp'),
        confidence: eb.ref('excluded.confidence'),
        description: eb.ref('excluded.description'),
        first_seen: sql`least(indicators.first_seen, excluded.first_seen)`,
        last_seen: sql`greatest(indicators.last_seen, excluded.last_seen)`,
        valid_until: eb.ref('excluded.valid_until'),
        warnings: eb.ref('excluded.warnings'),
        revoked: false,
        modified_at: eb.ref('excluded.modified_at'),
      })),
    )
    .returning(['id', 'stix_id', sql<boolean>`xmax = 0`.as('created')])
    .executeTakeFirstOrThrow();
  for (const table of ['marked_orgs', 'marked_groups', 'marked_people'] as const)
    await trx.deleteFrom(table).where('object_id', '=', saved.id).execute();
  if (audience.orgs.length > 0)
    await trx
      .insertInto('marked_orgs')
      .values(audience.orgs.map((o) => ({ object_id: saved.id, org_id: o.orgId, subtree: o.subtree })))
      .execute();
  if (audience.groupIds.length > 0)
    await trx
      .insertInto('marked_groups')
      .values(audience.groupIds.map((g) => ({ object_id: saved.id, group_id: g })))
      .execute();
  if (audience.userIds.length > 0)
    await trx
      .insertInto('marked_people')
      .values(audience.userIds.map((u) => ({ object_id: saved.id, user_id: u })))
      .execute();
  return { id: saved.id, stixId: saved.stix_id, created: saved.created };
}

export interface IndicatorQuery {
  type?: string;
  value?: string;
  tlp?: string;
  /** Modified after this time (for incremental readers). */
  since?: Date;
  /** After this (modified_at, id) position; the time as `position` gives it (microseconds kept). */
  after?: { modifiedAt: string; id: string };
  limit: number;
}

export type IndicatorListRow = IndicatorRow & {
  producer_code: string;
  /** modified_at to the microsecond (a JavaScript Date keeps milliseconds): a page cursor's position. */
  position: string;
  sighting_orgs: number;
  sighting_count: number;
};

/** Indicators the reader may see, with their producer's code and sightings counted. */
function visibleIndicators(db: Executor, reader: SqlReader) {
  return db
    .selectFrom('indicators as i')
    .innerJoin('organisations as o', 'o.id', 'i.producer_org_id')
    .selectAll('i')
    .select([
      'o.code as producer_code',
      sql<string>`to_char(i.modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('position'),
      sql<number>`(SELECT count(*)::int FROM sightings s WHERE s.indicator_id = i.id)`.as('sighting_orgs'),
      sql<number>`(SELECT coalesce(sum(s.count), 0)::int FROM sightings s WHERE s.indicator_id = i.id)`.as(
        'sighting_count',
      ),
    ])
    .where(tlpVisible(MARKED, reader));
}

/** The indicators the reader may see, oldest change first. */
export async function listIndicators(
  db: Executor,
  reader: SqlReader,
  q: IndicatorQuery,
): Promise<IndicatorListRow[]> {
  let query = visibleIndicators(db, reader);
  if (q.type) query = query.where('i.type', '=', q.type);
  if (q.value) query = query.where('i.value', '=', q.value);
  if (q.tlp) query = query.where('i.tlp', '=', q.tlp);
  if (q.since) query = query.where('i.modified_at', '>', q.since);
  if (q.after) {
    const { modifiedAt, id } = q.after;
    query = query.where(sql<boolean>`(i.modified_at, i.id) > (${modifiedAt}::timestamptz, ${id}::uuid)`);
  }
  return query.orderBy('i.modified_at').orderBy('i.id').limit(q.limit).execute();
}

/** One indicator by id or STIX id, when the reader may see it. */
export async function findIndicator(
  db: Executor,
  reader: SqlReader,
  ref: string,
): Promise<IndicatorListRow | undefined> {
  const byUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const rows = await visibleIndicators(db, reader)
    .where(byUuid ? sql<boolean>`i.id = ${ref}::uuid` : sql<boolean>`i.stix_id = ${ref}`)
    .execute();
  return rows[0];
}

/** Visible indicators with this exact kind and value (other producers' reports of the same thing). */
export async function sameValue(
  db: Executor,
  reader: SqlReader,
  type: string,
  value: string,
  exceptId: string,
): Promise<{ id: string; producer_code: string; tlp: string }[]> {
  return db
    .selectFrom('indicators as i')
    .innerJoin('organisations as o', 'o.id', 'i.producer_org_id')
    .select(['i.id', 'o.code as producer_code', 'i.tlp'])
    .where('i.type', '=', type)
    .where('i.value', '=', value)
    .where('i.id', '!=', exceptId)
    .where(tlpVisible(MARKED, reader))
    .orderBy('i.created_at')
    .execute();
}

/** The audience of a marked object as stored: organisation codes, group names, usernames. */
export async function audienceOf(
  db: Executor,
  objectId: string,
): Promise<{ orgs: { code: string; subtree: boolean }[]; groups: string[]; people: string[] }> {
  const [orgs, groups, people] = await Promise.all([
    db
      .selectFrom('marked_orgs as m')
      .innerJoin('organisations as o', 'o.id', 'm.org_id')
      .select(['o.code', 'm.subtree'])
      .where('m.object_id', '=', objectId)
      .orderBy('o.code')
      .execute(),
    db
      .selectFrom('marked_groups as m')
      .innerJoin('sharing_groups as g', 'g.id', 'm.group_id')
      .select('g.name')
      .where('m.object_id', '=', objectId)
      .orderBy('g.name')
      .execute(),
    db
      .selectFrom('marked_people as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.username')
      .where('m.object_id', '=', objectId)
      .orderBy('u.username')
      .execute(),
  ]);
  return { orgs, groups: groups.map((g) => g.name), people: people.map((p) => p.username) };
}

/** Adds to an organisation's sighting of an indicator (count added, first/last seen widened). */
export async function addSighting(
  trx: Transaction<DB>,
  s: { indicatorId: string; orgId: string; count: number; at: Date; by: string },
): Promise<{ count: number; first_seen: Date; last_seen: Date }> {
  // The conflict's row carries the column's default, now(): Citus takes no function call in DO UPDATE SET.
  return trx
    .insertInto('sightings')
    .values({
      indicator_id: s.indicatorId,
      org_id: s.orgId,
      count: s.count,
      first_seen: s.at,
      last_seen: s.at,
      created_by: s.by,
    })
    .onConflict((oc) =>
      oc.columns(['indicator_id', 'org_id']).doUpdateSet({
        count: sql`sightings.count + excluded.count`,
        first_seen: sql`least(sightings.first_seen, excluded.first_seen)`,
        last_seen: sql`greatest(sightings.last_seen, excluded.last_seen)`,
        updated_at: sql`excluded.updated_at`,
      }),
    )
    .returning(['count', 'first_seen', 'last_seen'])
    .executeTakeFirstOrThrow();
}

/** The organisations that sighted an indicator, with their counts. */
export async function sightingsOf(
  db: Executor,
  indicatorId: string,
): Promise<
  { org_id: string; code: string; name: string; count: number; first_seen: Date; last_seen: Date }[]
> {
  return db
    .selectFrom('sightings as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select(['s.org_id', 'o.code', 'o.name', 's.count', 's.first_seen', 's.last_seen'])
    .where('s.indicator_id', '=', indicatorId)
    .orderBy('o.code')
    .execute();
}

/** Counts of the indicators the reader may see, by marking and kind (revoked ones apart). */
export async function indicatorCounts(
  db: Executor,
  reader: SqlReader,
): Promise<{ tlp: string; type: string; revoked: boolean; count: number }[]> {
  return db
    .selectFrom('indicators as i')
    .select(['i.tlp', 'i.type', 'i.revoked', sql<number>`count(*)::int`.as('count')])
    .where(tlpVisible(MARKED, reader))
    .groupBy(['i.tlp', 'i.type', 'i.revoked'])
    .orderBy('i.tlp')
    .orderBy('i.type')
    .execute();
}

/** Marks an indicator revoked (its producer withdrew it); false when it was already. */
export async function revokeIndicatorRow(trx: Transaction<DB>, id: string): Promise<boolean> {
  const r = await trx
    .updateTable('indicators')
    .set({ revoked: true, modified_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked', '=', false)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
