/**
 * The intel snapshot shipped with Ward (data/intel, see its README): the whole KEV catalogue, NVD
 * records of KEV CVEs, their EPSS scores and CISA's medical-device CSAF advisories, all real and
 * public. The demo loads it offline; tests load it through test/factories/intel.factory.ts.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../db/connect.js';
import { expandIntelPaths, type FileLoad, loadIntelFile } from './intel-files.service.js';

export const INTEL_SNAPSHOT_DIR = fileURLToPath(new URL('../../../data/intel/', import.meta.url));

/** The snapshot's feed folders, in load order (NVD before KEV and EPSS, as `ward intel load` sorts). */
const FEEDS = ['nvd', 'kev', 'epss'] as const;

export interface SnapshotLoadOptions {
  /** Load the NVD records (default true). */
  nvd?: boolean;
  /** Load the CSAF advisories too (default true). */
  csaf?: boolean;
}

/** Loads the snapshot; throws when a file of it is rejected (a shipped file must load cleanly). */
export async function loadIntelSnapshot(
  database: Database,
  { nvd = true, csaf = true }: SnapshotLoadOptions = {},
): Promise<FileLoad[]> {
  const folders = [...FEEDS.filter((f) => nvd || f !== 'nvd'), ...(csaf ? ['csaf'] : [])];
  const files = await expandIntelPaths(folders.map((f) => join(INTEL_SNAPSHOT_DIR, f)));
  const loads: FileLoad[] = [];
  for (const file of files) {
    const load = await loadIntelFile(database, file);
    const issue = load.result?.issues[0];
    if (load.skip || issue)
      throw new Error(
        `the shipped intel snapshot is damaged: ${file}: ${load.skip ? `not loaded (${load.skip.code})` : issue?.reason}`,
      );
    loads.push(load);
  }
  return loads;
}
