/**
 * Incidents and their timeline, affected assets and indicators. Every read takes the caller's
 * access (`IncidentAccess`): an incident is read by those whose read scope covers the reporting
 * organisation, and by the organisations it is shared with (its `marked_orgs` / `marked_groups`
 * rows). Linked shared indicators are read through the TLP rule.
 */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Scope } from '../../../domain/access/scope.js';
import type { DB, IncidentTable, IncidentUpdateTable } from '../../schema.js';
import { inScope, underOrg } from '../../scope.js';
import { namedAudience, type SqlReader, tlpVisible } from '../../tlp.js';

type Executor = Kysely<DB> | Transaction<DB>;
export type IncidentRow = Selectable<IncidentTable>;

/** What a caller brings to an incident read: their read scope and who they are for sharing. */
export interface IncidentAccess {
  scope: Scope;
  reader: SqlReader;
}

function visible(a: IncidentAccess) {
  return sql<boolean>`(${inScope('i.org_id', a.scope)} OR ${namedAudience('i.id', a.reader)})`;
}

export async function nextIncidentSeq(trx: Executor, year: number): Promise<number> {
  const row = await sql<{ last: number }>`
    INSERT INTO incident_counters (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = incident_counters.last + 1
    RETURNING last`.execute(trx);
  return row.rows[0]?.last as number;
}

export async function insertIncident(trx: Transaction<DB>, row: Insertable<IncidentTable>): Promise<string> {
  const saved = await trx.insertInto('incidents').values(row).returning('id').executeTakeFirstOrThrow();
  return saved.id;
}

export async function updateIncident(
  trx: Transaction<DB>,
  id: string,
  patch: Partial<Omit<IncidentRow, 'id' | 'org_id' | 'reference'>>,
): Promise<void> {
  await trx.updateTable('incidents').set(patch).where('id', '=', id).execute();
}

export async function insertIncidentUpdate(
  trx: Transaction<DB>,
  row: Insertable<IncidentUpdateTable>,
): Promise<void> {
  await trx.insertInto('incident_updates').values(row).execute();
}

export async function insertIncidentAssets(
  trx: Transaction<DB>,
  incidentId: string,
  assets: readonly { orgId: string; assetId: number }[],
): Promise<void> {
  if (assets.length === 0) return;
  await trx
    .insertInto('incident_assets')
    .values(assets.map((a) => ({ incident_id: incidentId, org_id: a.orgId, asset_id: a.assetId })))
    .execute();
}

export async function insertIncidentIndicators(
  trx: Transaction<DB>,
  incidentId: string,
  orgId: string,
  indicators: readonly { type: string; value: string; note: string }[],
  at: Date,
): Promise<void> {
  if (indicators.length === 0) return;
  await trx
    .insertInto('incident_indicators')
    .values(indicators.map((i) => ({ incident_id: incidentId, org_id: orgId, ...i, created_at: at })))
    .onConflict((oc) => oc.columns(['incident_id', 'type', 'value']).doNothing())
    .execute();
}

/** Links an incident's indicator to the shared indicator made from it. */
export async function linkIncidentIndicator(
  trx: Transaction<DB>,
  incidentIndicatorId: string,
  indicatorId: string,
): Promise<void> {
  await trx
    .updateTable('incident_indicators')
    .set({ indicator_id: indicatorId })
    .where('id', '=', incidentIndicatorId)
    .execute();
}

/**
 * The reporting organisation's live assets (it and its sites) named by id, hostname or asset key.
 * Returns each name with the asset found, if any.
 */
export async function findOwnAssets(
  db: Executor,
  orgId: string,
  names: readonly string[],
): Promise<Map<string, { orgId: string; id: number; hostname: string | null; assetKey: string }>> {
  const out = new Map<string, { orgId: string; id: number; hostname: string | null; assetKey: string }>();
  if (names.length === 0) return out;
  const ids = names.filter((n) => /^[1-9][0-9]{0,15}$/.test(n)).map(Number);
  const lower = names.map((n) => n.toLowerCase());
  const rows = await db
    .selectFrom('assets as a')
    .select(['a.org_id', 'a.id', 'a.hostname', 'a.asset_key'])
    .where(underOrg('a.org_id', orgId))
    .where('a.retired_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(ids.length > 0 ? [eb('a.id', 'in', ids)] : []),
        eb(sql`lower(a.hostname)`, 'in', lower),
        eb(sql`lower(a.asset_key)`, 'in', lower),
      ]),
    )
    .orderBy('a.id')
    .execute();
  for (const name of names) {
    const n = name.toLowerCase();
    const hit = rows.find(
      (r) => String(r.id) === name || r.hostname?.toLowerCase() === n || r.asset_key.toLowerCase() === n,
    );
    if (hit)
      out.set(name, { orgId: hit.org_id, id: hit.id, hostname: hit.hostname, assetKey: hit.asset_key });
  }
  return out;
}

export type IncidentListRow = IncidentRow & { org_code: string; org_name: string };

export interface IncidentQuery {
  status?: string;
  /** Reported by this organisation or one under it. */
  underOrgId?: string;
  limit: number;
}

function incidentQuery(db: Executor, a: IncidentAccess) {
  return db
    .selectFrom('incidents as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .selectAll('i')
    .select(['o.code as org_code', 'o.name as org_name'])
    .where(visible(a));
}

/** The incidents the caller may read, newest report first. */
export async function listIncidentRows(
  db: Executor,
  a: IncidentAccess,
  q: IncidentQuery,
): Promise<IncidentListRow[]> {
  let query = incidentQuery(db, a);
  if (q.status) query = query.where('i.status', '=', q.status);
  if (q.underOrgId) query = query.where(underOrg('i.org_id', q.underOrgId));
  return query.orderBy('i.reported_at', 'desc').orderBy('i.reference', 'desc').limit(q.limit).execute();
}

/** One incident by reference, when the caller may read it (`forUpdate` locks the row). */
export async function findIncidentRow(
  db: Executor,
  a: IncidentAccess,
  reference: string,
  forUpdate = false,
): Promise<IncidentListRow | undefined> {
  let query = incidentQuery(db, a).where('i.reference', '=', reference);
  if (forUpdate) query = query.forUpdate('i');
  return query.executeTakeFirst();
}

export async function incidentUpdates(db: Executor, incidentId: string) {
  return db
    .selectFrom('incident_updates as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select([
      'u.id',
      'u.kind',
      'u.author',
      'o.code as org_code',
      'u.at',
      'u.text',
      'u.from_status',
      'u.to_status',
    ])
    .where('u.incident_id', '=', incidentId)
    .orderBy('u.at')
    .orderBy('u.id')
    .execute();
}

export async function incidentAssets(db: Executor, incidentId: string) {
  return db
    .selectFrom('incident_assets as ia')
    .innerJoin('assets as a', (j) => j.onRef('a.org_id', '=', 'ia.org_id').onRef('a.id', '=', 'ia.asset_id'))
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select([
      'a.id',
      'o.code as org_code',
      'a.hostname',
      'a.asset_key',
      'a.asset_type',
      'a.clinical_criticality',
    ])
    .where('ia.incident_id', '=', incidentId)
    .orderBy('a.id')
    .execute();
}

export interface IncidentIndicatorRow {
  id: string;
  type: string;
  value: string;
  note: string;
  indicator_id: string | null;
  /** The shared indicator, when linked and the reader may see it under TLP. */
  shared: { stix_id: string; tlp: string; producer_code: string; sighting_orgs: number } | null;
}

/** An incident's indicators, each with its shared indicator when the reader may see it. */
export async function incidentIndicators(
  db: Executor,
  reader: SqlReader,
  incidentId: string,
): Promise<IncidentIndicatorRow[]> {
  const rows = await db
    .selectFrom('incident_indicators')
    .select(['id', 'type', 'value', 'note', 'indicator_id'])
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .orderBy('type')
    .orderBy('value')
    .execute();
  const linked = rows.flatMap((r) => (r.indicator_id ? [r.indicator_id] : []));
  const shared =
    linked.length === 0
      ? []
      : await db
          .selectFrom('indicators as i')
          .innerJoin('organisations as o', 'o.id', 'i.producer_org_id')
          .select([
            'i.id',
            'i.stix_id',
            'i.tlp',
            'o.code as producer_code',
            sql<number>`(SELECT count(*)::int FROM sightings s WHERE s.indicator_id = i.id)`.as(
              'sighting_orgs',
            ),
          ])
          .where('i.id', 'in', linked)
          .where(tlpVisible({ id: 'i.id', tlp: 'i.tlp', producerEntity: 'i.producer_entity_id' }, reader))
          .execute();
  return rows.map((r) => {
    const s = shared.find((x) => x.id === r.indicator_id);
    return {
      ...r,
      shared: s
        ? { stix_id: s.stix_id, tlp: s.tlp, producer_code: s.producer_code, sighting_orgs: s.sighting_orgs }
        : null,
    };
  });
}

/** Other incidents the caller may read that hold the same indicator value. */
export async function otherIncidentsWith(
  db: Executor,
  a: IncidentAccess,
  incidentId: string,
  values: readonly { type: string; value: string }[],
): Promise<{ type: string; value: string; reference: string; org_code: string }[]> {
  if (values.length === 0) return [];
  return db
    .selectFrom('incident_indicators as ii')
    .innerJoin('incidents as i', 'i.id', 'ii.incident_id')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select(['ii.type', 'ii.value', 'i.reference', 'o.code as org_code'])
    .where('ii.incident_id', '!=', incidentId)
    .where((eb) =>
      eb.or(values.map((v) => eb.and([eb('ii.type', '=', v.type), eb('ii.value', '=', v.value)]))),
    )
    .where(visible(a))
    .orderBy('i.reference')
    .execute();
}

/** Organisations that reported sightings of any of these shared indicators. */
export async function sightingOrgCodes(db: Executor, indicatorIds: readonly string[]): Promise<string[]> {
  if (indicatorIds.length === 0) return [];
  const rows = await db
    .selectFrom('sightings as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select('o.code')
    .distinct()
    .where('s.indicator_id', 'in', indicatorIds)
    .orderBy('o.code')
    .execute();
  return rows.map((r) => r.code);
}
