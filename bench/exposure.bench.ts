/**
 * The exposure engine at scale: build a federation with the generator's bulk path, load the real
 * intel, then measure the load against the physical COPY floor, a full recompute, new CVEs one at
 * a time, a trust re-import with 5% of its components changed (one row in twenty, on every
 * device), then one with 5% of its devices changed (those devices' rows changed the same way), one
 * with a single application updated on every device that has it, and the roll-ups.
 * Defaults: PostgreSQL 21,000 organisations / 2,000,000 devices; Citus (a coordinator and two
 * workers, `--shards` per distributed table, default Citus's 32) 2,100 / 200,000, then the share
 * of the API's statements that ran as router queries (citus-routing.ts); PGlite 1,000 / 100,000.
 * On Citus a step that fails is reported as `{"error": …}` and the rest still run.
 * `--rules nvd-scale` adds about 300,000 CVEs derived from the real ones (bench/nvd-scale.ts;
 * `--rule-cves N` for another count), loaded through the NVD path before the federation.
 */
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../src/db/connect.js';
import { copyInto } from '../src/db/copy.js';
import { countCandidatePairs } from '../src/db/repositories/exposure/match.repository.js';
import { SYSTEM_ACTOR } from '../src/domain/access/actor.js';
import type { AssetWithComponents, RawComponent } from '../src/domain/inventory/asset.js';
import type { NvdCveRecord } from '../src/feeds/nvd/nvd.types.js';
import { parseNvd } from '../src/feeds/nvd/parse-nvd.js';
import { type Component, generateInventory, planFederation } from '../src/generate/index.js';
import { listExposure, summariseExposure } from '../src/services/exposure/read.service.js';
import { recomputeExposure } from '../src/services/exposure/recompute.service.js';
import { generatedAsset, loadFederation } from '../src/services/federation/federation-load.service.js';
import { TOP_EXPOSURE_ORDERS, topExposuresOverview } from '../src/services/federation/overview.service.js';
import { type LoadIssue, storeNvdBatch } from '../src/services/intel/intel-load.service.js';
import { importInventory, prepareInventory } from '../src/services/inventory/inventory.service.js';
import { reportRouting } from './citus-routing.js';
import {
  type BenchArgs,
  benchDatabase,
  CITUS_SHARD_COUNT,
  numberArg,
  peakRssMb,
  percentile,
  progressLog,
  report,
  timed,
} from './harness.js';
import { nvdScaleRecords, realNvdCveRecords } from './nvd-scale.js';
import { loadRealIntel, requireSharedData, SHARED_DATA } from './shared-data.js';

const log = progressLog('exposure');

/** COPY the same (organisation, asset, component) rows into a plain table with no index: the floor. */
async function copyBaseline(
  database: Database,
  params: Parameters<typeof planFederation>[0],
  citus: boolean,
): Promise<number> {
  const federation = planFederation(params);
  const orgIds = new Map(
    (await database.db.selectFrom('organisations').select(['id', 'code']).execute()).map((o) => [
      o.code,
      o.id,
    ]),
  );
  const ids = new Map<Component, number>();
  let assetId = 0;
  function* rows() {
    for (const org of federation.organisations) {
      const orgId = orgIds.get(org.code) as string;
      for (const asset of generateInventory(federation, org)) {
        assetId++;
        for (const c of asset.components) {
          let id = ids.get(c);
          if (id === undefined) {
            id = ids.size + 1;
            ids.set(c, id);
          }
          yield [orgId, assetId, id] as const;
        }
      }
    }
  }
  // On Citus the floor is a COPY into a table sharded like the tenant tables.
  if (citus) {
    await sql`CREATE TABLE copy_baseline (org_id uuid, asset_id bigint, component_id integer)`.execute(
      database.db,
    );
    await sql`SELECT create_distributed_table('copy_baseline', 'org_id')`.execute(database.db);
  }
  const [, seconds] = await timed(() =>
    database.db.transaction().execute(async (trx) => {
      if (!citus)
        await sql`CREATE TABLE copy_baseline (org_id uuid, asset_id bigint, component_id integer)`.execute(
          trx,
        );
      await copyInto(trx, 'copy_baseline', ['org_id', 'asset_id', 'component_id'], rows());
    }),
  );
  await sql`DROP TABLE copy_baseline`.execute(database.db);
  return seconds;
}

async function kevRecords(count: number): Promise<NvdCveRecord[]> {
  const out: NvdCveRecord[] = [];
  for await (const item of parseNvd(join(SHARED_DATA, 'nvd/kev-cves.json.gz'))) {
    if (item.kind === 'record' && item.record.configurations.length > 0) out.push(item.record);
  }
  return out.slice(0, count);
}

/** Changes the version of about one component row in twenty (deterministically; `salt` picks which). */
function drift(asset: AssetWithComponents, index: number, salt = 0): AssetWithComponents {
  const components = asset.components.map((c, j): RawComponent => {
    if ((index * 31 + j * 17 + salt) % 20 !== 0) return c;
    if (c.cpe) {
      const f = c.cpe.split(':');
      f[5] = `${f[5] === '*' || f[5] === '-' ? '0' : f[5]}.1`;
      return { ...c, cpe: f.join(':') };
    }
    if (c.purl) return { ...c, purl: c.purl.replace(/@([^?#]+)/, '@$1.1') };
    return { ...c, version: `${c.version ?? '0'}.1` };
  });
  return { ...asset, components };
}

/** The application the patch case updates: the generator's most widely installed one. */
const PATCHED_PRODUCT = 'microsoft:.net_framework';

/** Raises the version of every component of `product` (vendor:product of its CPE) on the asset. */
function patchProduct(asset: AssetWithComponents, product: string): AssetWithComponents {
  const components = asset.components.map((c): RawComponent => {
    const f = c.cpe?.split(':');
    if (!f || `${f[3]}:${f[4]}` !== product) return c;
    f[5] = `${f[5] === '*' || f[5] === '-' ? '0' : f[5]}.9`;
    return { ...c, cpe: f.join(':') };
  });
  return { ...asset, components };
}

/** Stores the derived NVD-scale records through the NVD loader's batches; returns the warnings count. */
async function loadNvdScale(database: Database, count: number): Promise<number> {
  const real = await realNvdCveRecords();
  const warnings: LoadIssue[] = [];
  let batch: NvdCveRecord[] = [];
  let stored = 0;
  for (const record of nvdScaleRecords(real, count, 18)) {
    batch.push(record);
    if (batch.length === 1000) {
      stored += (await storeNvdBatch(database, batch, 'nvd-scale', warnings)).length;
      batch = [];
      if (stored % 50_000 === 0) log(`nvd-scale: ${stored} CVEs stored`);
    }
  }
  if (batch.length > 0) stored += (await storeNvdBatch(database, batch, 'nvd-scale', warnings)).length;
  return warnings.length;
}

/** The size of the rule set and the candidate pairs a full match examines. */
async function ruleCounts(database: Database) {
  const row = await sql<{ rules: number; rule_conditions: number; cves: number }>`
    SELECT (SELECT count(*) FROM match_rules)::int AS rules, (SELECT count(*) FROM rule_conditions)::int AS rule_conditions,
      (SELECT count(*) FROM vulnerabilities)::int AS cves`.execute(database.db);
  const pairs = await countCandidatePairs(database.db);
  return {
    ...(row.rows[0] as { rules: number; rule_conditions: number; cves: number }),
    candidate_pairs: pairs.rules + pairs.conditions,
    candidate_pairs_by_kind: pairs,
  };
}

function timesMs(list: number[]) {
  const sorted = [...list].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** Default federation per engine: national on PostgreSQL, the 2,100-organisation one on Citus. */
const DEFAULT_SIZE = {
  postgres: { orgs: 21_000, devices: 2_000_000 },
  citus: { orgs: 2_100, devices: 200_000 },
  pglite: { orgs: 1_000, devices: 100_000 },
};

/**
 * Runs one measured step. On Citus a step that fails (a query Citus cannot run yet) becomes
 * `{ error }` in the result and the benchmark goes on; elsewhere a failure stops it as before.
 */
async function step<T>(args: BenchArgs, name: string, fn: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await fn();
  } catch (error) {
    if (args.engine !== 'citus') throw error;
    log(`${name} failed on Citus: ${(error as Error).message}`);
    return { error: (error as Error).message };
  }
}

const failed = (value: unknown): value is { error: string } =>
  typeof value === 'object' && value !== null && 'error' in value;

export async function run(args: BenchArgs): Promise<void> {
  requireSharedData();
  const size = DEFAULT_SIZE[args.engine];
  const params = {
    orgs: numberArg(args, 'orgs', size.orgs),
    devices: numberArg(args, 'devices', size.devices),
    seed: 1,
    componentsPerDevice: numberArg(args, 'components', 100),
  };
  const shardCount = numberArg(args, 'shards', CITUS_SHARD_COUNT);
  const rules = args.values.get('rules') ?? 'real';
  if (rules !== 'real' && rules !== 'nvd-scale')
    throw new Error(`--rules must be real or nvd-scale, got ${rules}`);
  const ruleCves = rules === 'nvd-scale' ? numberArg(args, 'rule-cves', 300_000) : 0;
  const database = await benchDatabase(args.engine, { shardCount });
  try {
    log(`loading real intel from ${SHARED_DATA}`);
    await loadRealIntel(database);
    let rulesLoadS = 0;
    let ruleWarnings = 0;
    if (ruleCves > 0) {
      log(`deriving and storing ${ruleCves} NVD-scale CVEs`);
      [ruleWarnings, rulesLoadS] = await timed(() => loadNvdScale(database, ruleCves));
    }
    log(`building ${params.orgs} organisations / ${params.devices} devices`);
    const loaded = await loadFederation(database, params, (p) => {
      if (p.phase !== 'inventory' || p.devices % 200_000 < 20_000)
        log(`${p.phase}: ${p.devices} devices, ${p.rows} rows`);
    });
    log(`copy baseline`);
    const copyBaselineS = await copyBaseline(database, params, args.engine === 'citus');
    const loadFigures = async () => {
      const counts = await sql<{ findings: number; matches: number }>`
        SELECT (SELECT count(*) FROM findings)::int AS findings, (SELECT count(*) FROM component_matches)::int AS matches`.execute(
        database.db,
      );
      return {
        orgs: loaded.organisations,
        devices: loaded.devices,
        component_rows: loaded.rows,
        distinct_components: loaded.components,
        ...(args.engine === 'citus' ? { workers: 2, shards: shardCount } : {}),
        intel:
          ruleCves > 0
            ? `real: shared/data nvd, KEV, EPSS; plus ${ruleCves} CVEs derived from the real NVD records (nvd-scale)`
            : 'real: shared/data nvd (404 CVEs), KEV, EPSS',
        rule_set: rules,
        ...(await ruleCounts(database)),
        ...(ruleCves > 0
          ? { nvd_scale_load_s: Number(rulesLoadS.toFixed(1)), nvd_scale_warnings: ruleWarnings }
          : {}),
        load_s: Number(loaded.seconds.inventory.toFixed(1)),
        copy_baseline_s: Number(copyBaselineS.toFixed(1)),
        load_match_s: Number(loaded.seconds.matching.toFixed(1)),
        load_findings_s: Number(loaded.seconds.findings.toFixed(1)),
        bulk_load_s: Number(
          (loaded.seconds.inventory + loaded.seconds.matching + loaded.seconds.findings).toFixed(1),
        ),
        matches: counts.rows[0]?.matches,
        findings: counts.rows[0]?.findings,
      };
    };
    if (args.values.has('load-only')) {
      // The national bulk load on its own (the rest of the run takes as long again at that size).
      report('exposure', args.engine, loaded.devices, loaded.seconds.inventory, {
        ...(await loadFigures()),
        rss_mb: peakRssMb(),
      });
      return;
    }
    log('full recompute');
    const full = await step(args, 'full recompute', () =>
      timed(() => recomputeExposure(database, SYSTEM_ACTOR)),
    );

    log('new CVEs one at a time');
    const records = await kevRecords(200);
    const newCves = await step(args, 'new CVEs', async () => {
      const cveMs: number[] = [];
      for (const [i, r] of records.entries()) {
        const bumped = {
          ...r,
          lastModified: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00.000`,
        };
        const t = performance.now();
        await storeNvdBatch(database, [bumped], 'bench', []);
        cveMs.push(performance.now() - t);
      }
      return cveMs;
    });

    log('trust re-import');
    const federation = planFederation(params);
    const trusts = federation.organisations.filter((o) => o.kind === 'trust');
    const trust = trusts.reduce((best, o) =>
      Math.abs(federation.deviceCount(o.code) - 10_000) < Math.abs(federation.deviceCount(best.code) - 10_000)
        ? o
        : best,
    );
    /** Re-imports the trust's generated inventory with `change` applied to each asset, timed. */
    const reimportWith = (
      name: string,
      change: (asset: AssetWithComponents, index: number) => AssetWithComponents,
    ) => {
      const assets = [...generateInventory(federation, trust)].map((a, i) => change(generatedAsset(a), i));
      const prepared = prepareInventory([{ file: `${trust.code}.generated`, assets, problems: [] }]);
      return step(args, name, () =>
        timed(() => importInventory(database, SYSTEM_ACTOR, trust.code, 'generated', prepared)),
      );
    };
    const reimport = await reimportWith('trust re-import', drift);
    // The nightly cases: one device in twenty changed since the last import, the rest as they were;
    // then one application updated on every device that has it.
    const devicesChanged = (a: AssetWithComponents, i: number) => drift(a, i, i % 20 === 0 ? 1 : 0);
    log('trust re-import, 5% of devices changed');
    const reimportDevices = await reimportWith('trust re-import, 5% of devices changed', devicesChanged);
    log('trust re-import, one application updated everywhere');
    const reimportPatch = await reimportWith('trust re-import, one application updated everywhere', (a, i) =>
      patchProduct(devicesChanged(a, i), PATCHED_PRODUCT),
    );

    log('summaries');
    const region = federation.organisations.find((o) => o.kind === 'region')?.code as string;
    const summaries = await step(args, 'summaries', async () => {
      const nationalMs: number[] = [];
      const regionMs: number[] = [];
      for (let i = 0; i < 20; i++) {
        let t = performance.now();
        await summariseExposure(database, SYSTEM_ACTOR, null);
        nationalMs.push(performance.now() - t);
        t = performance.now();
        await summariseExposure(database, SYSTEM_ACTOR, region);
        regionMs.push(performance.now() - t);
      }
      return { national: timesMs(nationalMs), region: timesMs(regionMs) };
    });
    // The overview's top exposures, nationally, by each order (the dashboard shows devices first).
    const topExposures = await step(args, 'top exposures', async () => {
      const byOrder: Record<string, ReturnType<typeof timesMs>> = {};
      for (const order of TOP_EXPOSURE_ORDERS) {
        const ms: number[] = [];
        for (let i = 0; i < 10; i++) {
          const t = performance.now();
          await topExposuresOverview(database, SYSTEM_ACTOR, null, { order, limit: 10 });
          ms.push(performance.now() - t);
        }
        byOrder[order] = timesMs(ms);
      }
      return byOrder;
    });
    // The worklist's first page (25 findings) uncached, nationally and for the re-imported trust,
    // as the findings page asks for it; and page 40 nationally, which a cursor walk reaches.
    const worklist = await step(args, 'worklist', async () => {
      const pages = { national: {}, trust: { org: trust.code }, national_page_40: { offset: 975 } };
      const byPage: Record<string, ReturnType<typeof timesMs>> = {};
      for (const [name, options] of Object.entries(pages)) {
        const ms: number[] = [];
        for (let i = 0; i < 10; i++) {
          const t = performance.now();
          await listExposure(database, SYSTEM_ACTOR, { ...options, limit: 26 });
          ms.push(performance.now() - t);
        }
        byPage[name] = timesMs(ms);
      }
      return byPage;
    });
    report('exposure', args.engine, loaded.devices, loaded.seconds.inventory, {
      ...(await loadFigures()),
      ...(failed(full)
        ? { full_match_s: full, full_match_over_copy: null, full_recompute_changes: full }
        : {
            full_match_s: Number(full[1].toFixed(1)),
            full_match_over_copy: Number((full[1] / copyBaselineS).toFixed(2)),
            full_recompute_changes: {
              opened: full[0].opened,
              fixed: full[0].fixed,
              reopened: full[0].reopened,
            },
          }),
      new_cve_ms: failed(newCves) ? newCves : timesMs(newCves),
      new_cves: failed(newCves) ? 0 : newCves.length,
      trust_reimport_s: failed(reimport) ? reimport : Number(reimport[1].toFixed(1)),
      trust_reimport_devices_s: failed(reimportDevices)
        ? reimportDevices
        : Number(reimportDevices[1].toFixed(1)),
      trust_reimport_patch_s: failed(reimportPatch) ? reimportPatch : Number(reimportPatch[1].toFixed(1)),
      trust: {
        code: trust.code,
        ...(failed(reimport)
          ? {}
          : {
              devices: reimport[0].assets,
              rows: reimport[0].rows,
              changed_rows_added: reimport[0].installedAdded,
              removed: reimport[0].installedRemoved,
            }),
        ...(failed(reimportDevices) ? {} : { devices_changed_rows_added: reimportDevices[0].installedAdded }),
        ...(failed(reimportPatch) ? {} : { patch_rows_added: reimportPatch[0].installedAdded }),
      },
      summary_ms: summaries,
      top_exposures_ms: topExposures,
      worklist_ms: worklist,
      rss_mb: peakRssMb(),
    });
    if (args.engine === 'citus') await reportRouting(database, args.engine, log);
  } finally {
    await database.close();
  }
}
