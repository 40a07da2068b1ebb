/**
 * Loads a generated federation straight into the database (`ward generate federation --load`,
 * the demo and the benchmarks): organisations through the ordinary import, then every
 * organisation's inventory with COPY in one transaction — assets and installed components in
 * batches, distinct components deduplicated in memory by identity, the built-ins an import would
 * assume from each asset's platforms added as an import adds them — then one matching pass and
 * one findings refresh. National scale (2 million devices, ~200 million component rows) runs in
 * flat memory. Only local administration loads one (the CLI, the demo, benchmarks; no route
 * does), so it imports the tree as the system.
 */
import { type Kysely, sql } from 'kysely';
import { withoutLocalExecution } from '../../db/citus/distribute.js';
import type { Database } from '../../db/connect.js';
import { type CopyValue, copyInto } from '../../db/copy.js';
import { ASSET_COLUMNS, assetValues, installedList } from '../../db/repositories/inventory.repository.js';
import type { DB } from '../../db/schema.js';
import { SYSTEM_ACTOR } from '../../domain/access/actor.js';
import type {
  AssetRecord,
  AssetWithComponents,
  NormalisedComponent,
  RawComponent,
} from '../../domain/inventory/asset.js';
import { assumedBuiltins, bearsOnAssumption } from '../../domain/inventory/assumed-builtins.js';
import { componentIdentity, normaliseComponent } from '../../domain/inventory/normalise-component.js';
import {
  type Component,
  type FederationParams,
  generateInventory,
  type InventoryAsset,
  organisationsCsvChunks,
  planFederation,
} from '../../generate/index.js';
import { matchNewComponents } from '../exposure/matching.service.js';
import { refreshExposure } from '../exposure/refresh.service.js';
import { importOrganisations } from './organisation.service.js';

export interface FederationLoadProgress {
  phase: 'organisations' | 'inventory' | 'matching' | 'findings';
  devices: number;
  rows: number;
}

export interface FederationLoadResult {
  organisations: number;
  devices: number;
  rows: number;
  components: number;
  findings: number;
  seconds: { organisations: number; inventory: number; matching: number; findings: number };
}

const SOURCE = 'generated';

/** The generator reports no built-in switched off. */
const NOTHING_OFF: ReadonlySet<string> = new Set();

function assetRecord({ assetId, components, ...fields }: InventoryAsset): AssetRecord {
  return { assetKey: assetId, ...fields };
}

/** A generated asset as an importer would have parsed it (for re-imports through the ordinary path). */
export function generatedAsset(a: InventoryAsset): AssetWithComponents {
  return { ...assetRecord(a), components: a.components.map((c) => rawComponent(c)), line: 0 };
}

function rawComponent(c: Component): RawComponent {
  return {
    vendor: c.vendor || null,
    product: c.product || null,
    version: c.version || null,
    cpe: c.cpe || null,
    purl: c.purl || null,
    line: 0,
  };
}
/** Assets held in memory between COPY batches. */
const BATCH_ASSETS = 20_000;

async function nextId(trx: Database['db'], table: 'assets' | 'components'): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT coalesce(max(id), 0)::int8 + 1 AS n FROM ${sql.table(table)}`.execute(trx);
  return Number(r.rows[0]?.n ?? 1);
}

export async function loadFederation(
  database: Database,
  params: FederationParams,
  onProgress?: (p: FederationLoadProgress) => void,
): Promise<FederationLoadResult> {
  const t0 = performance.now();
  const federation = planFederation(params);
  await importOrganisations(
    database,
    SYSTEM_ACTOR,
    'generated orgs.csv',
    [...organisationsCsvChunks(federation.organisations)].join(''),
  );
  onProgress?.({ phase: 'organisations', devices: 0, rows: 0 });
  const t1 = performance.now();
  let devices = 0;
  let rows = 0;
  let components = 0;
  let findings = 0;
  let tInventory = 0;
  let tMatching = 0;
  await database.db.transaction().execute(async (trx) => {
    await withoutLocalExecution(trx);
    const orgIds = new Map(
      (await trx.selectFrom('organisations').select(['id', 'code']).execute()).map((o) => [o.code, o.id]),
    );
    const existing = await trx
      .selectFrom('components')
      .select(['id', 'key', 'version', 'update', 'attrs', 'assumed_by as assumedBy'])
      .execute();
    const byIdentity = new Map(existing.map((c) => [componentIdentity(c), c.id]));
    const byObject = new Map<Component, { id: number; bearing: NormalisedComponent | null }>();
    let componentId = await nextId(trx, 'components');
    let assetId = await nextId(trx, 'assets');
    const fresh: CopyValue[][] = [];

    const idOfNormalised = (n: NormalisedComponent): number => {
      const identity = componentIdentity(n);
      let id = byIdentity.get(identity);
      if (id === undefined) {
        id = componentId++;
        byIdentity.set(identity, id);
        fresh.push([
          id,
          n.key,
          n.version,
          n.update,
          n.scheme,
          n.versionKey,
          n.cpe,
          n.purl,
          n.attrs,
          n.assumedBy,
        ]);
      }
      return id;
    };
    const entryOf = (c: Component) => {
      let entry = byObject.get(c);
      if (entry) return entry;
      const n = normaliseComponent(rawComponent(c));
      entry = { id: idOfNormalised(n), bearing: bearsOnAssumption(n) ? n : null };
      byObject.set(c, entry);
      return entry;
    };
    /** An asset's components once each, with the built-ins an import would assume on it. */
    const installedOf = (asset: InventoryAsset): number[] => {
      const ids = new Set<number>();
      const bearing: NormalisedComponent[] = [];
      for (const c of asset.components) {
        const entry = entryOf(c);
        ids.add(entry.id);
        if (entry.bearing) bearing.push(entry.bearing);
      }
      if (bearing.length > 0)
        for (const { normalised } of assumedBuiltins(bearing, NOTHING_OFF, 0))
          ids.add(idOfNormalised(normalised));
      return [...ids];
    };

    // Into an empty table, building the secondary index once afterwards beats maintaining it per row.
    const empty = !(
      await sql<{ found: boolean }>`SELECT EXISTS (SELECT 1 FROM asset_components) AS found`.execute(trx)
    ).rows[0]?.found;
    const componentIndex = empty ? await dropIndex(trx, 'asset_components_component') : null;

    let batch: { orgId: string; id: number; asset: InventoryAsset }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      // Each asset's components: its rows and its digest (migration 0039).
      const installed = batch.map(({ asset }) => installedOf(asset));
      await copyInto(
        trx,
        'assets',
        ['org_id', 'id', 'source', ...ASSET_COLUMNS, 'components_digest'],
        batch.map(({ orgId, id, asset }, i) => [
          orgId,
          id,
          SOURCE,
          ...assetValues(assetRecord(asset)),
          installedList(installed[i] as number[]).digest,
        ]),
      );
      const current = batch;
      function* rowsOf() {
        for (const [i, { orgId, id }] of current.entries()) {
          for (const cid of installed[i] as number[]) {
            rows++;
            yield [orgId, id, cid] as const;
          }
        }
      }
      await copyInto(trx, 'asset_components', ['org_id', 'asset_id', 'component_id'], rowsOf());
      batch = [];
      onProgress?.({ phase: 'inventory', devices, rows });
    };

    for (const org of federation.organisations) {
      const orgId = orgIds.get(org.code) as string;
      for (const asset of generateInventory(federation, org)) {
        batch.push({ orgId, id: assetId++, asset });
        devices++;
        if (batch.length >= BATCH_ASSETS) await flush();
      }
    }
    await flush();
    await copyInto(
      trx,
      'components',
      ['id', 'key', 'version', 'update', 'scheme', 'version_key', 'cpe', 'purl', 'attrs', 'assumed_by'],
      fresh,
    );
    components = fresh.length;
    await sql`SELECT setval(pg_get_serial_sequence('assets', 'id'), ${assetId - 1})`.execute(trx);
    await sql`SELECT setval(pg_get_serial_sequence('components', 'id'), ${componentId - 1})`.execute(trx);
    if (componentIndex) await sql.raw(componentIndex).execute(trx);
    await sql`ANALYZE asset_components`.execute(trx);
    await sql`ANALYZE components`.execute(trx);
    const t2 = performance.now();
    tInventory = (t2 - t1) / 1000;
    onProgress?.({ phase: 'matching', devices, rows });
    await matchNewComponents(trx);
    const t3 = performance.now();
    tMatching = (t3 - t2) / 1000;
    onProgress?.({ phase: 'findings', devices, rows });
    const refreshed = await refreshExposure(trx, { kind: 'all' });
    findings = refreshed.opened + refreshed.reopened;
    // The next statements (a changed CVE re-matched, an alert targeted) plan from these tables'
    // statistics: without them a planner takes the whole federation for a handful of rows.
    for (const table of ['assets', 'findings', 'exposed_devices'] as const) {
      await sql`ANALYZE ${sql.table(table)}`.execute(trx);
    }
  });
  const t4 = performance.now();
  return {
    organisations: federation.organisations.length,
    devices,
    rows,
    components,
    findings,
    seconds: {
      organisations: (t1 - t0) / 1000,
      inventory: tInventory,
      matching: tMatching,
      findings: (t4 - t1) / 1000 - tInventory - tMatching,
    },
  };
}

/** Drops an index and returns the statement that makes it again (its definition stays in the migrations). */
async function dropIndex(trx: Kysely<DB>, name: string): Promise<string> {
  const def = await sql<{ def: string }>`SELECT pg_get_indexdef(${name}::regclass) AS def`.execute(trx);
  await sql`DROP INDEX ${sql.id(name)}`.execute(trx);
  return def.rows[0]?.def as string;
}
