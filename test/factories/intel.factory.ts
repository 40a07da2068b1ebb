/**
 * Intel for tests: the real snapshot shipped with Ward (data/intel: the whole KEV catalogue, NVD
 * records of KEV CVEs and of a 2017 sample, their EPSS scores, CISA's medical-device CSAF advisories),
 * loaded through the real loaders. The small hand-written set in fixtures/intel stays for tests that
 * need a few records in a feed format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Database } from '../../src/db/connect.js';
import { INTEL_SNAPSHOT_DIR, loadIntelSnapshot } from '../../src/services/intel/intel-snapshot.service.js';

export { INTEL_SNAPSHOT_DIR };

/** The small hand-written set (six well-known CVEs, reduced configurations) in the real feed formats. */
export const SHIPPED_INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));

/** Loads the snapshot's NVD (unless `nvd` is false), KEV and EPSS files, and its CSAF advisories when `csaf`. */
export async function loadShippedIntel(database: Database, { nvd = true, csaf = false } = {}): Promise<void> {
  await loadIntelSnapshot(database, { nvd, csaf });
}

interface NvdPage {
  vulnerabilities: { cve: { id: string } & Record<string, unknown> }[];
  [key: string]: unknown;
}

/**
 * The snapshot's NVD page holding `cve` (read afresh, so callers may edit it) and that record: for
 * tests that load a changed version of a real record.
 */
export function snapshotNvdRecord(cve: string): {
  page: NvdPage;
  record: NvdPage['vulnerabilities'][number];
} {
  for (const file of ['kev-cves.json.gz', 'CVE-2017.json.gz']) {
    const page = JSON.parse(
      gunzipSync(readFileSync(join(INTEL_SNAPSHOT_DIR, 'nvd', file))).toString('utf8'),
    ) as NvdPage;
    const record = page.vulnerabilities.find((v) => v.cve.id === cve);
    if (record) return { page, record };
  }
  throw new Error(`${cve} is not in the intel snapshot`);
}
