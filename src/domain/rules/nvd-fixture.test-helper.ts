/**
 * Loads the real NVD records shipped in the intel snapshot (`data/intel/nvd`: the KEV CVEs' records
 * and a 2017 sample, byte-identical copies of NVD API 2.0 pages) for tests, so every clone runs them.
 * Suites use `describe.skipIf(!NVD_DATA_AVAILABLE)(nvdSuite(title), …)`, which says why when the
 * snapshot is missing (a damaged checkout).
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { NvdConfiguration } from './nvd-configuration.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const nvdDir = path.resolve(repoRoot, 'data/intel/nvd');
const FILES = ['kev-cves.json.gz', 'CVE-2017.json.gz'];

/** True when the snapshot's NVD pages are present (always, in a complete checkout). */
export const NVD_DATA_AVAILABLE = FILES.every((f) => existsSync(path.join(nvdDir, f)));

/** A suite title that says why the suite is skipped when the data is absent (use with `describe.skipIf`). */
export function nvdSuite(title: string): string {
  return NVD_DATA_AVAILABLE
    ? title
    : `${title} [SKIPPED: the intel snapshot's NVD pages are missing from ${nvdDir}, see data/intel/README.md]`;
}

interface RawCve {
  id: string;
  configurations?: NvdConfiguration[];
}

let cache: Map<string, NvdConfiguration[]> | undefined;

/** Every CVE of the sample with its configurations (the first file wins on duplicates). */
export function nvdConfigurations(): Map<string, NvdConfiguration[]> {
  if (cache) return cache;
  cache = new Map();
  for (const file of FILES) {
    const page = JSON.parse(gunzipSync(readFileSync(path.join(nvdDir, file))).toString('utf8')) as {
      vulnerabilities: Array<{ cve: RawCve }>;
    };
    for (const { cve } of page.vulnerabilities) {
      if (!cache.has(cve.id)) cache.set(cve.id, cve.configurations ?? []);
    }
  }
  return cache;
}

/** The configurations of one CVE; throws when the sample lacks it. */
export function configurationsOf(cve: string): NvdConfiguration[] {
  const found = nvdConfigurations().get(cve);
  if (!found) throw new Error(`${cve} is not in the NVD sample`);
  return found;
}
