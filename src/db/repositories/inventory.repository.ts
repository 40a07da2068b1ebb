/**
 * Inventory tables: distinct components (national), assets and what each asset has installed
 * (per organisation). Writes stage rows with COPY and apply them with one set-based statement each.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { AssetRecord, NormalisedComponent } from '../../domain/inventory/asset.js';
import { copyInto, createStagingTable } from '../copy.js';
import type { AssetTable, DB } from '../schema.js';

type Executor = Kysely<DB>;

/** The columns an asset record fills, in the order of {@link assetValues}. */
export const ASSET_COLUMNS = [
  'asset_key',
  'hostname',
  'asset_type',
  'manufacturer',
  'model',
  'os',
  'ip',
  'network_zone',
  'internet_facing',
  'clinical_criticality',
] as const satisfies readonly (keyof AssetTable)[];

export function assetValues(a: AssetRecord) {
  return [
    a.assetKey,
    a.hostname,
    a.assetType,
    a.manufacturer,
    a.model,
    a.os,
    a.ip,
    a.networkZone,
    a.internetFacing,
    a.clinicalCriticality,
  ];
}

/**
 * Ensures every component exists in `components` and returns the id of each, by position. New
 * components start unmatched (`matched_at` null) so the matching pass picks them up.
 */
export async function ensureComponents(
  trx: Executor,
  components: readonly NormalisedComponent[],
): Promise<number[]> {
  await createStagingTable(
    trx,
    'component_stage',
    'pos integer, key text, version text, update text, scheme text, version_key text COLLATE "C", cpe text, purl text, attrs text, assumed_by text',
  );
  await copyInto(
    trx,
    'component_stage',
    ['pos', 'key', 'version', 'update', 'scheme', 'version_key', 'cpe', 'purl', 'attrs', 'assumed_by'],
    components.map((c, i) => [
      i,
      c.key,
      c.version,
      c.update,
      c.scheme,
      c.versionKey,
      c.cpe,
      c.purl,
      c.attrs,
      c.assumedBy,
    ]),
  );
  await sql`
    INSERT INTO components (key, version, update, scheme, version_key, cpe, purl, attrs, assumed_by)
    SELECT DISTINCT ON (key, version, update, attrs, assumed_by) key, version, update, scheme, version_key, cpe, purl,
      attrs, assumed_by
    FROM component_stage ORDER BY key, version, update, attrs, assumed_by, pos
    ON CONFLICT (key, version, update, attrs, assumed_by) DO NOTHING`.execute(trx);
  const rows = await sql<{ pos: number; id: number }>`
    SELECT s.pos, c.id FROM component_stage s
    JOIN components c ON c.key = s.key AND c.version = s.version AND c.update = s.update
      AND c.attrs = s.attrs AND c.assumed_by = s.assumed_by`.execute(trx);
  await sql`DROP TABLE component_stage`.execute(trx);
  const ids = new Array<number>(components.length);
  for (const r of rows.rows) ids[r.pos] = r.id;
  return ids;
}

/** An asset record of one organisation, for syncing several organisations at once. */
export interface OrgAssetRecord {
  orgId: string;
  record: AssetRecord;
}

export interface OrgsAssetSyncResult {
  /** Asset id by organisation id, then asset key. */
  ids: Map<string, Map<string, number>>;
  added: number;
  retired: number;
}

/**
 * Makes each listed organisation's assets from `source` exactly its records in `assets`: new ones
 * are added, known ones updated (and un-retired), those no longer listed retired (kept for
 * history); an organisation listed without records keeps none. One staging table and three
 * statements whatever the number of organisations, so the locks a transaction holds do not grow
 * with it.
 */
export async function syncAssetsOfOrgs(
  trx: Executor,
  source: string,
  orgIds: readonly string[],
  assets: readonly OrgAssetRecord[],
): Promise<OrgsAssetSyncResult> {
  await createStagingTable(
    trx,
    'asset_stage',
    `org_id uuid, asset_key text, hostname text, asset_type text, manufacturer text, model text, os text,
     ip text, network_zone text, internet_facing boolean, clinical_criticality text`,
  );
  await copyInto(
    trx,
    'asset_stage',
    ['org_id', ...ASSET_COLUMNS],
    assets.map((a) => [a.orgId, ...assetValues(a.record)]),
  );
  await sql`CREATE INDEX ON asset_stage (org_id, asset_key)`.execute(trx);
  await sql`ANALYZE asset_stage`.execute(trx);
  // The conflict's row carries the column's default, now(): Citus takes no function call in DO UPDATE SET.
  const upserted = await sql<{ id: number; org_id: string; asset_key: string; inserted: boolean }>`
    INSERT INTO assets AS a (org_id, source, asset_key, hostname, asset_type, manufacturer, model, os, ip,
      network_zone, internet_facing, clinical_criticality)
    SELECT org_id, ${source}, asset_key, hostname, asset_type, manufacturer, model, os, ip, network_zone,
      internet_facing, clinical_criticality FROM asset_stage
    ON CONFLICT (org_id, source, asset_key) DO UPDATE SET
      hostname = excluded.hostname, asset_type = excluded.asset_type, manufacturer = excluded.manufacturer,
      model = excluded.model, os = excluded.os, ip = excluded.ip, network_zone = excluded.network_zone,
      internet_facing = excluded.internet_facing, clinical_criticality = excluded.clinical_criticality,
      last_seen = excluded.last_seen, retired_at = NULL
    RETURNING a.id, a.org_id, a.asset_key, (a.xmax = 0) AS inserted`.execute(trx);
  // Those gone, as a set difference rather than a NOT EXISTS on the staging table: Citus runs no
  // correlated subquery on a coordinator table inside a write to a tenant table. The organisations
  // by value, so Citus writes only their shards (one organisation's import: one shard).
  const retired = await sql`
    UPDATE assets a SET retired_at = now()
    FROM (SELECT org_id, asset_key FROM assets
        WHERE org_id = ANY(${sql.val([...orgIds])}::uuid[]) AND source = ${source} AND retired_at IS NULL
      EXCEPT SELECT org_id, asset_key FROM asset_stage) gone
    WHERE a.org_id = ANY(${sql.val([...orgIds])}::uuid[]) AND a.org_id = gone.org_id AND a.source = ${source}
      AND a.asset_key = gone.asset_key`.execute(trx);
  await sql`DROP TABLE asset_stage`.execute(trx);
  const ids = new Map<string, Map<string, number>>();
  let added = 0;
  for (const r of upserted.rows) {
    const byKey = ids.get(r.org_id) ?? new Map<string, number>();
    ids.set(r.org_id, byKey);
    byKey.set(r.asset_key, Number(r.id));
    if (r.inserted) added++;
  }
  return {
    ids,
    added,
    retired: Number(retired.numAffectedRows ?? 0),
  };
}

/** What a sync of installed components changed. */
export interface InstalledSyncResult {
  /** Rows added and removed. */
  added: number;
  removed: number;
  /** The components of the rows added or removed. */
  componentIds: number[];
}

/**
 * The temporary table in which a sync of installed components leaves the rows it added (`listed`)
 * and removed (org_id, asset_id, component_id, listed), for presence to be kept by difference
 * (component-presence.repository.ts `applyPresenceChange`, which drops it).
 */
export const INSTALLED_DIFF = 'installed_diff';

/**
 * What the listed organisations' assets from `source` have installed becomes exactly `rows`
 * (organisation id, asset id, component id); retired assets of the source keep none. The rows
 * added and removed are left in {@link INSTALLED_DIFF} for presence to follow.
 */
export async function syncAssetComponentsOfOrgs(
  trx: Executor,
  source: string,
  orgIds: readonly string[],
  rows: Iterable<readonly [string, number, number]>,
): Promise<InstalledSyncResult> {
  // One staged row per asset with its components as a sorted array and their digest (migration
  // 0039): only assets whose digest differs are compared row by row, and only their difference
  // written (a re-import changes a few rows in a hundred). Gathering every stored row of the
  // organisations into lists to find them took most of a second for a trust of a million rows.
  await createStagingTable(trx, 'ac_stage', 'org_id uuid, asset_id bigint, components int[], digest bytea');
  await copyInto(trx, 'ac_stage', ['org_id', 'asset_id', 'components', 'digest'], assetLists(rows));
  await sql`ANALYZE ac_stage`.execute(trx);
  const orgs = sql`${sql.val([...orgIds])}::uuid[]`;
  // A full join into a temporary table, not NOT EXISTS against the staging table: Citus runs no
  // correlated subquery on a coordinator table inside a write to a tenant table. An asset of the
  // source that is not listed (retired) keeps no component.
  await sql`
    CREATE TEMP TABLE ac_changed ON COMMIT DROP AS
    SELECT coalesce(s.org_id, a.org_id) AS org_id, coalesce(s.asset_id, a.id) AS asset_id,
      coalesce(s.components, '{}') AS listed, coalesce(s.digest, ${EMPTY_DIGEST}) AS digest
    FROM ac_stage s FULL JOIN (
        SELECT org_id, id, components_digest FROM assets WHERE org_id = ANY(${orgs}) AND source = ${source}) a
      ON a.org_id = s.org_id AND a.id = s.asset_id
    WHERE coalesce(s.digest, ${EMPTY_DIGEST}) IS DISTINCT FROM a.components_digest`.execute(trx);
  // Each changed asset's difference on its own (a small hash per asset): one grouping of every
  // unpacked row spilled to disk and took three times as long. The stored lists of the changed
  // assets are sorted to be gathered: when an update reaches most devices (a million rows for a
  // trust), in memory rather than through a merge on disk.
  await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
  await sql`
    CREATE TEMP TABLE ${sql.table(INSTALLED_DIFF)} ON COMMIT DROP AS
    SELECT c.org_id, c.asset_id, d.component_id, d.listed
    FROM ac_changed c LEFT JOIN (
        SELECT ac.org_id, ac.asset_id, array_agg(ac.component_id) AS components
        FROM asset_components ac
        WHERE ac.org_id = ANY(${orgs}) AND (ac.org_id, ac.asset_id) IN (SELECT org_id, asset_id FROM ac_changed)
        GROUP BY ac.org_id, ac.asset_id) st ON st.org_id = c.org_id AND st.asset_id = c.asset_id
    CROSS JOIN LATERAL (
      SELECT component_id, bool_or(listed) AS listed
      FROM (SELECT unnest(c.listed) AS component_id, true AS listed UNION ALL SELECT unnest(st.components), false) u
      GROUP BY component_id HAVING count(*) = 1
    ) d`.execute(trx);
  await sql`SET LOCAL work_mem TO DEFAULT`.execute(trx);
  const removed = await sql`
    DELETE FROM asset_components ac
    USING (SELECT org_id, asset_id, component_id FROM ${sql.table(INSTALLED_DIFF)} WHERE NOT listed) gone
    WHERE ac.org_id = ANY(${orgs}) AND ac.org_id = gone.org_id AND ac.asset_id = gone.asset_id
      AND ac.component_id = gone.component_id`.execute(trx);
  const added = await sql`
    INSERT INTO asset_components (org_id, asset_id, component_id)
    SELECT org_id, asset_id, component_id FROM ${sql.table(INSTALLED_DIFF)} WHERE listed
    ON CONFLICT DO NOTHING`.execute(trx);
  await sql`
    UPDATE assets a SET components_digest = c.digest FROM ac_changed c
    WHERE a.org_id = ANY(${orgs}) AND a.org_id = c.org_id AND a.id = c.asset_id`.execute(trx);
  const components = await sql<{ id: number }>`
    SELECT DISTINCT component_id AS id FROM ${sql.table(INSTALLED_DIFF)}`.execute(trx);
  for (const table of ['ac_changed', 'ac_stage']) await sql`DROP TABLE ${sql.table(table)}`.execute(trx);
  return {
    added: Number(added.numAffectedRows ?? 0),
    removed: Number(removed.numAffectedRows ?? 0),
    componentIds: components.rows.map((r) => r.id),
  };
}

/** The digest of an asset with no component: that of `{}` (migration 0039's default). */
const EMPTY_DIGEST = sql`sha256('{}'::bytea)`;

/**
 * An asset's installed components as they are kept (migration 0039): their ids sorted without
 * repeats, PostgreSQL's text of that `integer[]`, and its SHA-256 as a COPY value of a `bytea`.
 */
export function installedList(componentIds: Iterable<number>): { text: string; digest: string } {
  const sorted = [...new Set(componentIds)].sort((a, b) => a - b);
  const text = `{${sorted.join(',')}}`;
  return { text, digest: `\\x${createHash('sha256').update(text).digest('hex')}` };
}

/**
 * (organisation, asset, component) rows as one row per asset: its components sorted, without
 * repeats, as an array literal, and their digest. Rows of one asset need not be adjacent.
 */
function assetLists(rows: Iterable<readonly [string, number, number]>): [string, number, string, string][] {
  const byAsset = new Map<number, { orgId: string; components: number[] }>();
  for (const [orgId, assetId, componentId] of rows) {
    const entry = byAsset.get(assetId);
    if (entry) entry.components.push(componentId);
    else byAsset.set(assetId, { orgId, components: [componentId] });
  }
  const lists: [string, number, string, string][] = [];
  for (const [assetId, { orgId, components }] of byAsset) {
    const { text, digest } = installedList(components);
    lists.push([orgId, assetId, text, digest]);
  }
  return lists;
}
