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

/** A plugin vulnerable only where WordPress is installed: a condition that is not a platform. */
export const PLUGIN_CVE = {
  id: 'CVE-2099-0001',
  sourceIdentifier: 'hand-written test record',
  published: '2099-01-01T00:00:00.000',
  lastModified: '2099-01-01T00:00:00.000',
  vulnStatus: 'Analyzed',
  descriptions: [{ lang: 'en', value: 'A gallery plugin before 2.0 for WordPress allows code execution.' }],
  configurations: [
    {
      operator: 'AND',
      nodes: [
        {
          operator: 'OR',
          negate: false,
          cpeMatch: [
            {
              vulnerable: true,
              criteria: 'cpe:2.3:a:acme:gallery:*:*:*:*:*:wordpress:*:*',
              versionEndExcluding: '2.0',
            },
          ],
        },
        {
          operator: 'OR',
          negate: false,
          cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:a:wordpress:wordpress:*:*:*:*:*:*:*:*' }],
        },
      ],
    },
  ],
};

/** The plugin's components: a vulnerable and a fixed version, and WordPress, the condition. */
export const PLUGIN_CPES = {
  gallery: 'cpe:2.3:a:acme:gallery:1.5:*:*:*:*:wordpress:*:*',
  fixed: 'cpe:2.3:a:acme:gallery:2.0:*:*:*:*:wordpress:*:*',
  wordpress: 'cpe:2.3:a:wordpress:wordpress:6.4:*:*:*:*:*:*:*',
};

/** Loads the plugin's hand-written record. */
export async function loadPluginRecord(database: Database): Promise<void> {
  const body = JSON.stringify({ format: 'NVD_CVE', version: '2.0', vulnerabilities: [{ cve: PLUGIN_CVE }] });
  await loadNvd(database, Buffer.from(body), { name: 'plugin.json' });
}
