/**
 * Bulk writes and reads for STIX bundles: indicators upserted many rows per statement (an import
 * of hundreds of thousands must not cost a round trip each), and what an export adds to the
 * visible indicators — their producers and sightings. Reads of indicators themselves go through
 * the indicator repository's TLP-filtered query.
 */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB, IndicatorTable } from '../../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** Rows per statement: 15 columns each, well under PostgreSQL's 65,535 parameters. */
const BATCH = 2000;

/** The existing indicators that hold any of these STIX ids, with the key each is stored under. */
export async function indicatorsByStixId(
  db: Executor,
  stixIds: readonly string[],
): Promise<{ stix_id: string; producer_entity_id: string; source: string; type: string; value: string }[]> {
  const out = [];
  for (let i = 0; i < stixIds.length; i += 10_000) {
    const ids = stixIds.slice(i, i + 10_000);
    out.push(
      ...(await db
        .selectFrom('indicators')
        .select(['stix_id', 'producer_entity_id', 'source', 'type', 'value'])
        .where('stix_id', 'in', ids)
        .execute()),
    );
  }
  return out;
}

/**
 * Inserts or (same producer, source, kind and value) updates indicators, many per statement.
 * Each row's stored audience is replaced: the named people given for RED rows, none otherwise.
 */
export async function upsertIndicatorsInBulk(
  trx: Transaction<DB>,
  rows: readonly Insertable<IndicatorTable>[],
  peopleFor: (row: Insertable<IndicatorTable>) => readonly string[],
): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const saved = await trx
      .insertInto('indicators')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['producer_entity_id', 'source', 'type', 'value']).doUpdateSet((eb) => ({
          tlp: eb.ref('excluded.tlp'),
          confidence: eb.ref('excluded.confidence'),
          description: eb.ref('excluded.description'),
          first_seen: sql`least(indicators.first_seen, excluded.first_seen)`,
          last_seen: sql`greatest(indicators.last_seen, excluded.last_seen)`,
          valid_until: eb.ref('excluded.valid_until'),
          warnings: eb.ref('excluded.warnings'),
          revoked: eb.ref('excluded.revoked'),
          modified_at: sql`now()`,
        })),
      )
      .returning(['id', 'type', 'value', sql<boolean>`xmax = 0`.as('created')])
      .execute();
    const again = saved.filter((s) => !s.created).map((s) => s.id);
    created += saved.length - again.length;
    updated += again.length;
    if (again.length > 0)
      for (const table of ['marked_orgs', 'marked_groups', 'marked_people'] as const)
        await trx.deleteFrom(table).where('object_id', 'in', again).execute();
    const byKey = new Map(batch.map((r) => [`${r.type}\u0000${r.value}`, r]));
    const people = saved.flatMap((s) => {
      const row = byKey.get(`${s.type}\u0000${s.value}`);
      return row ? peopleFor(row).map((userId) => ({ object_id: s.id, user_id: userId })) : [];
    });
    if (people.length > 0) await trx.insertInto('marked_people').values(people).execute();
  }
  return { created, updated };
}

/** Organisations by id: code, name and when registered (an export's identities). */
export async function organisationsForStix(
  db: Executor,
  ids: readonly string[],
): Promise<{ id: string; code: string; name: string; created_at: Date }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organisations')
    .select(['id', 'code', 'name', 'created_at'])
    .where('id', 'in', ids)
    .execute();
}

/** The sightings of these indicators, with the sighting organisation's id. */
export async function sightingsOfIndicators(
  db: Executor,
  indicatorIds: readonly string[],
): Promise<
  {
    indicator_id: string;
    org_id: string;
    count: number;
    first_seen: Date;
    last_seen: Date;
    updated_at: Date;
  }[]
> {
  if (indicatorIds.length === 0) return [];
  return db
    .selectFrom('sightings')
    .select(['indicator_id', 'org_id', 'count', 'first_seen', 'last_seen', 'updated_at'])
    .where('indicator_id', 'in', indicatorIds)
    .orderBy('indicator_id')
    .orderBy('org_id')
    .execute();
}
