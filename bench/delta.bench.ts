/**
 * A day's NVD delta, applied the way Ward applies it every day: a federation is built, the real
 * intel loaded, live alerts issued on CVEs that will change, then `syncNvd` fetches the day from a
 * local stand-in of the NVD CVE API 2.0 on 127.0.0.1 (filtering by lastModified window and paging
 * like NVD) and stores page by page — rules replaced, findings opened and fixed, live alerts
 * re-targeted in each page's transaction. A full recompute afterwards must change nothing.
 * Defaults: PostgreSQL 2,100 organisations / 200,000 devices / 20 components; PGlite 200 / 10,000.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { Database } from '../src/db/connect.js';
import { saveSourceState } from '../src/db/repositories/intel.repository.js';
import { cliActor } from '../src/domain/access/actor.js';
import { systemClock } from '../src/domain/alerts/clock.js';
import { issueAlert } from '../src/services/alerts/index.js';
import { recomputeExposure } from '../src/services/exposure/recompute.service.js';
import { loadFederation } from '../src/services/federation/federation-load.service.js';
import { syncNvd } from '../src/services/intel/intel-sync.service.js';
import { startLocalServer } from '../test/fixtures/feeds/local-http-server.js';
import {
  type BenchArgs,
  benchDatabase,
  numberArg,
  peakRssMb,
  progressLog,
  report,
  timed,
} from './harness.js';
import { MODIFICATIONS, type NvdVulnerability, nvdDelta } from './nvd-delta.js';
import { loadRealIntel, realNvdRecords, requireSharedData, SHARED_DATA } from './shared-data.js';

const log = progressLog('delta');
const ACTOR = cliActor('bench');
/** The day the delta covers; the sync runs at its end. */
const DAY = new Date('2026-11-30T00:00:00.000Z');

/**
 * The base rule set: the real records in ../shared/data. This is where a larger set of rules
 * (`--rules nvd-scale`: about 300,000 CVEs derived from the real ones) would be loaded first.
 */
async function loadBaseIntel(database: Database, rules: string): Promise<string> {
  if (rules !== 'real') throw new Error(`--rules must be real (the records in ${SHARED_DATA}), got ${rules}`);
  await loadRealIntel(database);
  return 'real: shared/data nvd (404 CVEs), KEV, EPSS';
}

/** An NVD CVE API 2.0 stand-in: the records whose lastModified falls in the window, a page at a time. */
function nvdStandIn(records: readonly NvdVulnerability[], maxPage: number) {
  const texts = records.map((v) => ({ at: Date.parse(`${v.cve.lastModified}Z`), text: JSON.stringify(v) }));
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://nvd');
    const from = Date.parse(url.searchParams.get('lastModStartDate') ?? '');
    const to = Date.parse(url.searchParams.get('lastModEndDate') ?? '');
    const start = Number(url.searchParams.get('startIndex') ?? 0);
    const perPage = Math.min(maxPage, Number(url.searchParams.get('resultsPerPage') ?? 2000));
    const inWindow = texts.filter((t) => t.at >= from && t.at <= to);
    const page = inWindow.slice(start, start + perPage);
    const body = `{"resultsPerPage":${page.length},"startIndex":${start},"totalResults":${inWindow.length},"format":"NVD_CVE","version":"2.0","timestamp":"${new Date(to).toISOString().slice(0, 23)}","vulnerabilities":[${page.map((t) => t.text).join(',')}]}`;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}

/** CVEs with open findings, most organisations first. */
async function affectedCves(database: Database): Promise<string[]> {
  const rows = await sql<{ cve_id: string }>`
    SELECT cve_id FROM findings WHERE status IN ('open', 'reopened')
    GROUP BY cve_id ORDER BY count(DISTINCT org_id) DESC, cve_id`.execute(database.db);
  return rows.rows.map((r) => r.cve_id);
}

async function snapshotFindings(database: Database): Promise<void> {
  await sql`DROP TABLE IF EXISTS delta_before`.execute(database.db);
  await sql`CREATE TABLE delta_before AS SELECT org_id, component_id, cve_id, status FROM findings`.execute(
    database.db,
  );
}

/** Findings the delta opened (new, or fixed before) and fixed (open before), compared with the snapshot. */
async function findingChanges(database: Database): Promise<{ opened: number; fixed: number }> {
  const r = await sql<{ opened: number; fixed: number }>`
    SELECT count(*) FILTER (WHERE f.status IN ('open', 'reopened') AND (b.status IS NULL OR b.status = 'fixed'))::int AS opened,
           count(*) FILTER (WHERE f.status = 'fixed' AND b.status IS NOT NULL AND b.status <> 'fixed')::int AS fixed
    FROM findings f LEFT JOIN delta_before b
      ON b.org_id = f.org_id AND b.component_id = f.component_id AND b.cve_id = f.cve_id`.execute(
    database.db,
  );
  await sql`DROP TABLE delta_before`.execute(database.db);
  return r.rows[0] ?? { opened: 0, fixed: 0 };
}

async function targetCounts(database: Database): Promise<Map<string, number>> {
  const rows = await sql<{ reference: string; n: number }>`
    SELECT a.reference, count(t.org_id)::int AS n FROM alerts a LEFT JOIN alert_targets t ON t.alert_id = a.id
    GROUP BY a.reference`.execute(database.db);
  return new Map(rows.rows.map((r) => [r.reference, r.n]));
}

export async function run(args: BenchArgs): Promise<void> {
  requireSharedData();
  const national = args.engine === 'postgres';
  const params = {
    orgs: numberArg(args, 'orgs', national ? 2_100 : 200),
    devices: numberArg(args, 'devices', national ? 200_000 : 10_000),
    seed: 1,
    componentsPerDevice: numberArg(args, 'components', 20),
  };
  const size = { records: numberArg(args, 'records', 2_000), modified: numberArg(args, 'modified', 300) };
  const pageSize = numberArg(args, 'page', 2_000);
  const alertCount = numberArg(args, 'alerts', 6);
  const database = await benchDatabase(args.engine);
  try {
    log('loading the base intel');
    const intel = await loadBaseIntel(database, args.values.get('rules') ?? 'real');
    log(`building ${params.orgs} organisations / ${params.devices} devices`);
    const loaded = await loadFederation(database, params);

    const affected = await affectedCves(database);
    const delta = nvdDelta(realNvdRecords() as NvdVulnerability[], affected, { ...size, day: DAY, seed: 7 });
    const withFindings = new Set(affected);
    // Live alerts on CVEs the delta changes, one kind of change after another.
    const alerted = MODIFICATIONS.flatMap((kind) =>
      delta.modified[kind].filter((id) => withFindings.has(id)).slice(0, 2),
    ).slice(0, alertCount);
    for (const [i, cve] of alerted.entries())
      await issueAlert(
        database,
        { actor: ACTOR, clock: systemClock, render: { publicUrl: null } },
        {
          title: `delta bench ${i + 1}`,
          severity: 'high',
          action: 'patch',
          cves: [cve],
          advisory: null,
          targets: ['auto'],
        },
      );
    log(
      `${affected.length} CVEs with findings; ${alerted.length} live alerts; delta of ${delta.vulnerabilities.length}`,
    );
    const targetsBefore = await targetCounts(database);
    await snapshotFindings(database);

    const server = await startLocalServer(nvdStandIn(delta.vulnerabilities, pageSize));
    const pageS: number[] = [];
    let mark = performance.now();
    // The previous daily sync saw everything up to the start of the day.
    await saveSourceState(database.db, { source: 'nvd', success: true, lastModifiedSeen: DAY.toISOString() });
    const [synced, seconds] = await timed(() =>
      syncNvd(database, ACTOR, {
        baseUrl: server.origin,
        now: () => new Date(DAY.getTime() + 86_400_000),
        limiter: { acquire: async () => {} },
        onProgress: () => {
          const t = performance.now();
          pageS.push(Number(((t - mark) / 1000).toFixed(3)));
          mark = t;
        },
      }),
    ).finally(() => server.close());
    const syncRss = peakRssMb();

    const changes = await findingChanges(database);
    const targetsAfter = await targetCounts(database);
    const retargeted = [...targetsAfter].filter(([ref, n]) => n !== (targetsBefore.get(ref) ?? 0));
    log('full recompute');
    const [full, fullS] = await timed(() => recomputeExposure(database, ACTOR));
    report('nvd_delta', args.engine, synced.records, seconds, {
      orgs: loaded.organisations,
      devices: loaded.devices,
      component_rows: loaded.rows,
      intel,
      records: synced.records,
      changed: synced.changed,
      issues: synced.issues.length,
      new_cves: delta.added,
      modified: Object.fromEntries(MODIFICATIONS.map((k) => [k, delta.modified[k].length])),
      modified_with_findings: MODIFICATIONS.reduce(
        (n, k) => n + delta.modified[k].filter((id) => withFindings.has(id)).length,
        0,
      ),
      pages: pageS.length,
      page_size: pageSize,
      page_s: pageS,
      findings_opened: changes.opened,
      findings_fixed: changes.fixed,
      live_alerts: alerted.length,
      alerts_retargeted: retargeted.length,
      new_targets: retargeted.reduce((n, [ref, after]) => n + after - (targetsBefore.get(ref) ?? 0), 0),
      sync_peak_rss_mb: syncRss,
      full_recompute_s: Number(fullS.toFixed(1)),
      full_recompute_changes: { opened: full.opened, fixed: full.fixed, reopened: full.reopened },
    });
  } finally {
    await database.close();
  }
}
