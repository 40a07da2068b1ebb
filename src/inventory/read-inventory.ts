/**
 * The one way Ward reads an inventory, whatever brings it (a file the CLI opens, standard input, an
 * HTTP upload): the format is given or detected from the first bytes, then the chunks go on to that
 * format's importer. Every caller gets the same line-level problems.
 */
import type { InventoryImportOptions, InventoryInput, ParsedInventory } from './inventory-parse.js';
import { parseCycloneDx } from './parse-cyclonedx.js';
import { parseInventoryCsv } from './parse-inventory-csv.js';
import { parseOsquery } from './parse-osquery.js';

export const INVENTORY_FORMATS = ['csv', 'cyclonedx', 'osquery'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

/**
 * Detects the format from the first bytes: CycloneDX JSON by `bomFormat`, other JSON as osquery,
 * a comma-separated header as CSV; null when it is none of them.
 */
export function detectInventoryFormat(head: string): InventoryFormat | null {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('['))
    return /"bomFormat"\s*:/.test(text) ? 'cyclonedx' : 'osquery';
  if (/^[\w"]+(,[\w" ]+)+\r?\n/.test(text) || /^asset_id,/.test(text)) return 'csv';
  return null;
}

const HEAD_BYTES = 8192;

function problem(file: string, line: number, reason: string): ParsedInventory {
  return { file, assets: [], problems: [{ file, line, reason }] };
}

/**
 * Reads one inventory from its chunks. Problems are returned, not thrown, so every file's are
 * reported together; the input is always read to its end (an upload moves on to its next part).
 */
export async function readInventory(
  file: string,
  input: InventoryInput,
  format?: InventoryFormat,
  options: InventoryImportOptions = {},
): Promise<ParsedInventory> {
  const iterator =
    Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : toAsync(input[Symbol.iterator]());
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    headBytes += chunk.length;
  }
  if (headBytes === 0) return problem(file, 0, 'empty file');
  const kind = format ?? detectInventoryFormat(Buffer.concat(head).subarray(0, HEAD_BYTES).toString('utf8'));
  if (!kind) {
    if (!done) for (let n = await iterator.next(); !n.done; n = await iterator.next());
    return problem(
      file,
      1,
      `not an inventory CSV, CycloneDX or osquery JSON file (name its format: ${INVENTORY_FORMATS.join(', ')})`,
    );
  }
  async function* all() {
    yield* head;
    if (done) return;
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
  }
  const result =
    kind === 'csv'
      ? await parseInventoryCsv(file, all())
      : kind === 'cyclonedx'
        ? await parseCycloneDx(file, all(), options)
        : await parseOsquery(file, all(), options);
  return { file, assets: result.assets, problems: result.problems };
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return { next: async () => iterator.next() };
}
