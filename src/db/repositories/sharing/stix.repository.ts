/**
 * Bulk writes and reads for STIX bundles: indicators upserted many rows per statement (an import
 * of hundreds of thousands must not cost a round trip each), and what an export adds to the
 * visible indicators — their producers and sightings. Reads of indicators themselves go through
 * the indicator repository's TLP-filtered query.
 */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB, IndicatorTable } from '../../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Rows per statement. Each column travels as one array parameter (`unnest`), so a statement costs
 * 15 parameters however many rows it carries.
 */
const BATCH = 5000;

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
    const col = <T>(f: (r: Insertable<IndicatorTable>) => T) => batch.map(f);
    const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d == null ? null : String(d));
    const { rows: saved } = await sql<{ id: string; type: string; value: string; created: boolean }>`
      INSERT INTO indicators (stix_id, producer_org_id, producer_entity_id, type, value, tlp, confidence,
        description, source, first_seen, last_seen, valid_until, warnings, created_by, revoked, modified_at)
      SELECT u.stix_id, u.producer_org_id, u.producer_entity_id, u.type, u.value, u.tlp, u.confidence,
        u.description, u.source, u.first_seen, u.last_seen, u.valid_until,
        CASE WHEN u.warnings = '' THEN '{}'::text[] ELSE string_to_array(u.warnings, ',') END,
        u.created_by, u.revoked, now()
      FROM unnest(${col((r) => r.stix_id)}::text[], ${col((r) => r.producer_org_id)}::uuid[],
        ${col((r) => r.producer_entity_id)}::uuid[], ${col((r) => r.type)}::text[], ${col((r) => r.value)}::text[],
        ${col((r) => r.tlp)}::text[], ${col((r) => r.confidence ?? null)}::int[],
        ${col((r) => r.description ?? '')}::text[], ${col((r) => r.source)}::text[],
        ${col((r) => iso(r.first_seen))}::timestamptz[], ${col((r) => iso(r.last_seen))}::timestamptz[],
        ${col((r) => iso(r.valid_until))}::timestamptz[], ${col((r) => ((r.warnings as string[] | undefined) ?? []).join(','))}::text[],
        ${col((r) => r.created_by)}::text[], ${col((r) => r.revoked ?? false)}::boolean[])
        AS u(stix_id, producer_org_id, producer_entity_id, type, value, tlp, confidence, description, source,
          first_seen, last_seen, valid_until, warnings, created_by, revoked)
      -- The row's modified_at comes in as now(): Citus takes no function call in DO UPDATE SET.
      ON CONFLICT (producer_entity_id, source, type, value) DO UPDATE SET
        tlp = excluded.tlp,
        confidence = excluded.confidence,
        description = excluded.description,
        first_seen = least(indicators.first_seen, excluded.first_seen),
        last_seen = greatest(indicators.last_seen, excluded.last_seen),
        valid_until = excluded.valid_until,
        warnings = excluded.warnings,
        revoked = excluded.revoked,
        modified_at = excluded.modified_at
      RETURNING id, type, value, (xmax = 0) AS created`.execute(trx);
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
