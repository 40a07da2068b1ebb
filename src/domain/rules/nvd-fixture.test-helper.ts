/**
 * Loads the real NVD records of `../shared/data/nvd` for tests (never copied into the repository).
 * Suites use `describe.skipIf(!NVD_DATA_AVAILABLE)(nvdSuite(title), …)`, which says why when the data is absent.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { NvdConfiguration } from '../../feeds/nvd/nvd.types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const nvdDir = path.resolve(repoRoot, '../shared/data/nvd');
const FILES = ['kev-cves.json.gz', 'CVE-2017.json.gz'];

/** True when the shared NVD sample is present next to the repository. */
export const NVD_DATA_AVAILABLE = FILES.every((f) => existsSync(path.join(nvdDir, f)));

/** A suite title that says why the suite is skipped when the data is absent (use with `describe.skipIf`). */
export function nvdSuite(title: string): string {
  return NVD_DATA_AVAILABLE
    ? title
    : `${title} [SKIPPED: real NVD data not found in ${nvdDir}, see shared/data/README.md]`;
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
