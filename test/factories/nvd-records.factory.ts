/**
 * Loads chosen real NVD records from the intel snapshot shipped with Ward (`data/intel/nvd`, the NVD
 * records of the KEV CVEs) through the real loader, so every clone runs the suites that use them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Database } from '../../src/db/connect.js';
import type { NvdConfiguration } from '../../src/feeds/nvd/nvd.types.js';
import { loadNvd } from '../../src/services/intel/intel-load.service.js';
import { INTEL_SNAPSHOT_DIR } from '../../src/services/intel/intel-snapshot.service.js';

const KEV_CVES = join(INTEL_SNAPSHOT_DIR, 'nvd', 'kev-cves.json.gz');

export interface NvdRecord {
  id: string;
  configurations?: NvdConfiguration[];
}

/** The records of the KEV sample, whole. */
export function kevSampleRecords(): NvdRecord[] {
  const page = JSON.parse(gunzipSync(readFileSync(KEV_CVES)).toString('utf8')) as {
    vulnerabilities: { cve: NvdRecord }[];
  };
  return page.vulnerabilities.map((v) => v.cve);
}

/** Loads the given CVEs' records from the KEV sample. */
export async function loadSampleRecords(database: Database, ids: readonly string[]): Promise<NvdRecord[]> {
  const records = kevSampleRecords().filter((r) => ids.includes(r.id));
  const body = JSON.stringify({
    format: 'NVD_CVE',
    version: '2.0',
    vulnerabilities: records.map((cve) => ({ cve })),
  });
  await loadNvd(database, Buffer.from(body), { name: 'sample.json' });
  return records;
}
