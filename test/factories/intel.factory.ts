/**
 * Intel for tests: the real snapshot shipped with Ward (data/intel: the whole KEV catalogue, NVD
 * records of KEV CVEs and of a 2017 sample, their EPSS scores, CISA's medical-device CSAF advisories),
 * loaded through the real loaders. The small hand-written set in fixtures/intel stays for tests that
 * need a few records in a feed format.
 */
import { fileURLToPath } from 'node:url';
import type { Database } from '../../src/db/connect.js';
import { INTEL_SNAPSHOT_DIR, loadIntelSnapshot } from '../../src/services/intel-snapshot.service.js';

export { INTEL_SNAPSHOT_DIR };

/** The small hand-written set (six well-known CVEs, reduced configurations) in the real feed formats. */
export const SHIPPED_INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));

/** Loads the snapshot's NVD (unless `nvd` is false), KEV and EPSS files, and its CSAF advisories when `csaf`. */
export async function loadShippedIntel(database: Database, { nvd = true, csaf = false } = {}): Promise<void> {
  await loadIntelSnapshot(database, { nvd, csaf });
}
