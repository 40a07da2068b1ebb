/**
 * Writes a demo federation to disk: `DIR/orgs.csv` (`code,name,kind,parent_code`) and one
 * `DIR/inventory/<CODE>.csv` per organisation that holds devices. Files are written one at a time
 * in chunks of about a megabyte, each write awaited before the next chunk is generated, so memory
 * stays flat at any scale. The only module of the generator that does I/O.
 */
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { csvRecord } from './csv-field.js';
import { Federation, type FederationParams, planFederation } from './federation.plan.js';
import { inventoryCsvChunks } from './inventory.csv.js';
import { generateInventory } from './inventory.generator.js';
import type { Organisation } from './organisation.js';

/** The header of `orgs.csv`. */
export const ORGS_CSV_HEADER = 'code,name,kind,parent_code';

/** `orgs.csv` as text chunks: header, then one row per organisation, parents first. */
export function* organisationsCsvChunks(orgs: readonly Organisation[]): Generator<string> {
  let chunk = `${ORGS_CSV_HEADER}\n`;
  for (const o of orgs) {
    chunk += `${csvRecord([o.code, o.name, o.kind, o.parentCode ?? ''])}\n`;
    if (chunk.length >= 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

export interface WriteFederationResult {
  readonly organisations: number;
  /** Inventory files written (organisations with at least one device). */
  readonly inventoryFiles: number;
  readonly devices: number;
  readonly rows: number;
}

export interface WriteFederationOptions {
  /** Called after each inventory file is complete. */
  onInventory?: (org: Organisation, devices: number, rows: number) => void;
}

/** Writes chunks in order, awaiting each write (that await is the back-pressure). */
async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (const chunk of chunks) await file.write(chunk);
  } finally {
    await file.close();
  }
}

/** Generates and writes the federation described by `params` (or an already planned one) into `dir`. */
export async function writeFederation(
  dir: string,
  params: FederationParams | Federation,
  options: WriteFederationOptions = {},
): Promise<WriteFederationResult> {
  const federation = params instanceof Federation ? params : planFederation(params);
  const inventoryDir = join(dir, 'inventory');
  await mkdir(inventoryDir, { recursive: true });
  await writeChunks(join(dir, 'orgs.csv'), organisationsCsvChunks(federation.organisations));
  let files = 0;
  let devices = 0;
  let rows = 0;
  for (const org of federation.organisations) {
    if (federation.deviceCount(org.code) === 0) continue;
    let orgDevices = 0;
    let orgRows = 0;
    const counted = (function* () {
      for (const asset of generateInventory(federation, org)) {
        orgDevices++;
        orgRows += asset.components.length;
        yield asset;
      }
    })();
    await writeChunks(
      join(inventoryDir, `${org.code}.csv`),
      inventoryCsvChunks(counted, { chunkChars: 1 << 20 }),
    );
    files++;
    devices += orgDevices;
    rows += orgRows;
    options.onInventory?.(org, orgDevices, orgRows);
  }
  return { organisations: federation.organisations.length, inventoryFiles: files, devices, rows };
}
