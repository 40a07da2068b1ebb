/**
 * The inventory CSV format: one row per installed component, the device's columns repeated on each
 * row. Rows are built from pre-rendered pieces (the device's ten columns once per device, each
 * component's five columns once per component), which is what makes hundreds of millions of rows
 * cheap to produce.
 */

import { INVENTORY_CSV_COLUMNS } from '../inventory/parse-inventory-csv.js';
import type { InventoryAsset } from './asset.js';
import type { Component } from './component.model.js';
import { csvRecord } from './csv-field.js';

/** The columns of an inventory CSV, in order (the importer's definition). */
export { INVENTORY_CSV_COLUMNS };

/** The header line (without line terminator). */
export const INVENTORY_CSV_HEADER = INVENTORY_CSV_COLUMNS.join(',');

/** The ten device columns as a CSV fragment ending with a comma. */
export function assetCsvPrefix(a: InventoryAsset): string {
  return `${csvRecord([
    a.assetId,
    a.hostname,
    a.assetType,
    a.manufacturer,
    a.model,
    a.os,
    a.ip,
    a.networkZone,
    a.internetFacing ? 'true' : 'false',
    a.clinicalCriticality,
  ])},`;
}

/** The fifteen field values of one row (for loaders that want values rather than CSV text). */
export function inventoryRecord(a: InventoryAsset, c: Component): string[] {
  return [
    a.assetId,
    a.hostname,
    a.assetType,
    a.manufacturer,
    a.model,
    a.os,
    a.ip,
    a.networkZone,
    a.internetFacing ? 'true' : 'false',
    a.clinicalCriticality,
    c.vendor,
    c.product,
    c.version,
    c.cpe,
    c.purl,
  ];
}

/** All rows of one device, each terminated by `\n`. */
export function assetCsvRows(a: InventoryAsset): string {
  const prefix = assetCsvPrefix(a);
  let out = '';
  for (const c of a.components) out += prefix + c.csvTail;
  return out;
}

/** One CSV row (with `\n`) per component of each asset, without header. */
export function* inventoryCsvRows(assets: Iterable<InventoryAsset>): Generator<string> {
  for (const a of assets) {
    const prefix = assetCsvPrefix(a);
    for (const c of a.components) yield prefix + c.csvTail;
  }
}

/**
 * A whole inventory file as text chunks of roughly `chunkChars` characters: the header line, then
 * every row. Suited to stream writes and to PostgreSQL `COPY … FROM STDIN (FORMAT csv, HEADER)`.
 */
export function* inventoryCsvChunks(
  assets: Iterable<InventoryAsset>,
  { header = true, chunkChars = 1 << 16 }: { header?: boolean; chunkChars?: number } = {},
): Generator<string> {
  let chunk = header ? `${INVENTORY_CSV_HEADER}\n` : '';
  for (const a of assets) {
    chunk += assetCsvRows(a);
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
