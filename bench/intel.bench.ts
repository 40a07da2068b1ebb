/**
 * Intel load: NVD CVE 2.0 records into the store, rule flattening and re-matching included,
 * compared with the time JSON.parse alone takes on the same bytes and with the server's floor (the
 * same rows written once more by the server alone). Real records from
 * ../shared/data, then derived volume (`--cves`, default 20,000) streamed from a file.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { loadNvd } from '../src/services/intel/intel-load.service.js';
import { type BenchArgs, benchDatabase, numberArg, peakRssMb, report, timed } from './harness.js';
import { readNvdPage, requireSharedData, writeDerivedNvdPage } from './shared-data.js';

/** Tables an NVD load writes (beside small ones: audit, feed state). */
const WRITTEN = ['vulnerabilities', 'match_rules', 'rule_conditions'] as const;

/**
 * The server's floor for a load: seconds to write the rows the load stored once more, with the same
 * indexes, by one INSERT … SELECT per table (no client, no parsing, no matching), then drop them.
 */
async function writeFloorSeconds(db: Kysely<DB>): Promise<number> {
  let seconds = 0;
  for (const table of WRITTEN) {
    const copy = sql.raw(`bench_floor_${table}`);
    await sql`CREATE TABLE ${copy} (LIKE ${sql.raw(table)} INCLUDING INDEXES)`.execute(db);
    const [, s] = await timed(() => sql`INSERT INTO ${copy} SELECT * FROM ${sql.raw(table)}`.execute(db));
    seconds += s;
    await sql`DROP TABLE ${copy}`.execute(db);
  }
  return seconds;
}

async function measure(args: BenchArgs, name: string, file: string, derived: boolean): Promise<void> {
  const database = await benchDatabase(args.engine);
  let loadRss = 0;
  try {
    const [result, seconds] = await timed(() => loadNvd(database, file, { name }));
    loadRss = peakRssMb();
    // The work of a load is its rules as much as its records: report both rates.
    const stored = await sql<{ rules: number; conditions: number }>`
      SELECT (SELECT count(*) FROM match_rules)::int AS rules, (SELECT count(*) FROM rule_conditions)::int AS conditions`.execute(
      database.db,
    );
    const { rules, conditions } = stored.rows[0] ?? { rules: 0, conditions: 0 };
    const floorS = await writeFloorSeconds(database.db);
    const bytes = readFileSync(file);
    const parseStart = performance.now();
    const n = (JSON.parse(bytes.toString('utf8')) as { vulnerabilities: unknown[] }).vulnerabilities.length;
    const parseS = (performance.now() - parseStart) / 1000;
    report('intel_nvd_load', args.engine, n, seconds, {
      source: name,
      derived_volume: derived,
      mb: Number((bytes.length / 1048576).toFixed(1)),
      mb_per_s: Number((bytes.length / 1048576 / seconds).toFixed(1)),
      json_parse_s: Number(parseS.toFixed(3)),
      ratio_to_json_parse: Number((seconds / parseS).toFixed(1)),
      write_floor_s: Number(floorS.toFixed(3)),
      ratio_to_write_floor: Number((seconds / floorS).toFixed(1)),
      rules,
      rules_per_cve: Number((rules / n).toFixed(1)),
      rules_per_s: Math.round(rules / seconds),
      conditions,
      rules_rejected: result.issues.length,
      load_peak_rss_mb: loadRss,
    });
  } finally {
    await database.close();
  }
}

export async function run(args: BenchArgs): Promise<void> {
  requireSharedData();
  const dir = join(tmpdir(), `ward-bench-${process.pid}`);
  const realFile = `${dir}-real.json`;
  const derivedFile = `${dir}-derived.json`;
  try {
    const pages = ['kev-cves.json.gz', 'CVE-2017.json.gz'].map(readNvdPage);
    writeFileSync(
      realFile,
      JSON.stringify({ ...pages[0], vulnerabilities: pages.flatMap((p) => p.vulnerabilities) }),
    );
    await measure(args, 'shared/data/nvd (real)', realFile, false);
    const cves = numberArg(args, 'cves', 20_000);
    writeDerivedNvdPage(derivedFile, cves);
    await measure(args, `derived from shared/data/nvd (${cves} CVEs)`, derivedFile, true);
  } finally {
    rmSync(realFile, { force: true });
    rmSync(derivedFile, { force: true });
  }
}
