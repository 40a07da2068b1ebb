/**
 * Access to the real public data in ../shared/data for benchmarks, and derived volume: the real
 * NVD records cloned under new ids (with product keys varied) to reach national scale. Output
 * says when volume is derived.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Database } from '../src/db/connect.js';
import { loadIntelFile } from '../src/services/intel/intel-files.service.js';

/**
 * The folder of real public data used for volume (benchmarks, whole-feed tests, the snapshot refresh):
 * WARD_SHARED_DATA when set (e.g. to a folder that does not exist, to run as a clone without it),
 * else ../shared/data beside the repository.
 */
export const SHARED_DATA = process.env.WARD_SHARED_DATA
  ? resolve(process.env.WARD_SHARED_DATA)
  : resolve(fileURLToPath(new URL('../', import.meta.url)), '../shared/data');

export function requireSharedData(): void {
  if (!existsSync(join(SHARED_DATA, 'nvd/kev-cves.json.gz'))) {
    throw new Error(`this benchmark reads the real public data in ${SHARED_DATA}, which is absent`);
  }
}

interface NvdPage {
  vulnerabilities: { cve: Record<string, unknown> & { id: string } }[];
  [k: string]: unknown;
}

export function readNvdPage(file: string): NvdPage {
  return JSON.parse(gunzipSync(readFileSync(join(SHARED_DATA, 'nvd', file))).toString('utf8')) as NvdPage;
}

/** The real NVD records of both files, deduplicated by id. */
export function realNvdRecords(): NvdPage['vulnerabilities'] {
  const byId = new Map<string, NvdPage['vulnerabilities'][number]>();
  for (const f of ['kev-cves.json.gz', 'CVE-2017.json.gz'])
    for (const v of readNvdPage(f).vulnerabilities) byId.set(v.cve.id, v);
  return [...byId.values()];
}

/**
 * Writes `count` records derived from the real ones to `path`: new ids `CVE-9…`, and for nine in
 * ten clones the product names in their CPE criteria suffixed so that keys spread like a real
 * catalogue's. Written in chunks, so the benchmark's memory is the loader's, not the generator's.
 */
export function writeDerivedNvdPage(path: string, count: number): number {
  const real = realNvdRecords().map((v) => ({ id: v.cve.id, text: JSON.stringify(v) }));
  const fd = openSync(path, 'w');
  let bytes = 0;
  const write = (s: string) => {
    bytes += writeSync(fd, s);
  };
  write(
    `{"resultsPerPage":${count},"startIndex":0,"totalResults":${count},"format":"NVD_CVE","version":"2.0","timestamp":"2026-11-24T00:00:00.000","vulnerabilities":[`,
  );
  let chunk: string[] = [];
  for (let k = 0; k < count; k++) {
    const base = real[k % real.length] as { id: string; text: string };
    const id = `CVE-9${String(Math.floor(k / 100_000)).padStart(3, '0')}-${String(100_000 + (k % 100_000)).padStart(6, '0')}`;
    let text = base.text.split(base.id).join(id);
    if (k % 10 !== 0) text = text.replace(/(cpe:2\.3:[aoh]:[^:]+:)([^:]+)/g, `$1$2_d${k % 500}`);
    chunk.push(text);
    if (chunk.length === 1000 || k === count - 1) {
      write(`${k + 1 > chunk.length ? ',' : ''}${chunk.join(',')}`);
      chunk = [];
    }
  }
  write(']}');
  closeSync(fd);
  return bytes;
}

/** The real intel the national benchmarks match against: NVD's KEV CVEs and 2017, KEV, EPSS. */
export const REAL_INTEL_FILES = [
  'nvd/kev-cves.json.gz',
  'nvd/CVE-2017.json.gz',
  'kev/known_exploited_vulnerabilities.json',
  'epss/epss_scores-2026-08-16.csv.gz',
];

/** Loads `REAL_INTEL_FILES` from the shared data through Ward's own file loader. */
export async function loadRealIntel(database: Database): Promise<void> {
  for (const f of REAL_INTEL_FILES) await loadIntelFile(database, join(SHARED_DATA, f));
}
