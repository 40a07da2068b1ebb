/**
 * The small intel set shipped with Ward (fixtures/intel: six well-known CVEs, their KEV entries and
 * EPSS scores), loaded through the real loaders.
 */
import { fileURLToPath } from 'node:url';
import type { Database } from '../../src/db/connect.js';
import { loadEpss, loadKev, loadNvd } from '../../src/services/intel-load.service.js';

export const SHIPPED_INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));

/** Loads the shipped KEV and EPSS files, and its NVD records unless `nvd` is false. */
export async function loadShippedIntel(database: Database, { nvd = true } = {}): Promise<void> {
  if (nvd) await loadNvd(database, `${SHIPPED_INTEL}nvd-demo.json`);
  await loadKev(database, `${SHIPPED_INTEL}kev-demo.json`);
  await loadEpss(database, `${SHIPPED_INTEL}epss-demo.csv`);
}
