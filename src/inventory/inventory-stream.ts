/**
 * Parses an inventory arriving as a stream of chunks (an HTTP upload): the format is given or
 * detected from the first bytes, then the stream goes to the same importers the CLI uses, so an
 * upload gets the same line-level problems as `ward inventory import`.
 */
import { InvalidInputError } from '../errors.js';
import type { ParsedInventory } from '../services/inventory.service.js';
import type { InventoryImportOptions } from './inventory-parse.js';
import { parseCycloneDx } from './parse-cyclonedx.js';
import { parseInventoryCsv } from './parse-inventory-csv.js';
import { parseOsquery } from './parse-osquery.js';

export const INVENTORY_STREAM_FORMATS = ['csv', 'cyclonedx', 'osquery'] as const;
export type InventoryStreamFormat = (typeof INVENTORY_STREAM_FORMATS)[number];

/**
 * Detects the format from the first bytes: CycloneDX JSON by `bomFormat`, other JSON as osquery,
 * a comma-separated header as CSV. The CLI uses the same detection for files.
 */
export function detectFormat(head: string): InventoryStreamFormat | null {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('['))
    return /"bomFormat"\s*:/.test(text) ? 'cyclonedx' : 'osquery';
  if (/^[\w"]+(,[\w" ]+)+\r?\n/.test(text) || /^asset_id,/.test(text)) return 'csv';
  return null;
}

const HEAD_BYTES = 8192;

/** Parses one streamed file; problems are returned (not thrown) so every file's are reported together. */
export async function parseInventoryStream(
  file: string,
  input: AsyncIterable<Buffer | string>,
  format?: InventoryStreamFormat,
  options: InventoryImportOptions = {},
): Promise<ParsedInventory> {
  const iterator = input[Symbol.asyncIterator]();
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
  if (headBytes === 0) {
    throw new InvalidInputError(`${file}: empty file`, [{ file, line: 0, reason: 'empty file' }]);
  }
  const kind = format ?? detectFormat(Buffer.concat(head).subarray(0, HEAD_BYTES).toString('utf8'));
  if (!kind) {
    // Drain the rest so a multipart upload can move on to its next part.
    if (!done) for (let n = await iterator.next(); !n.done; n = await iterator.next());
    return {
      file,
      assets: [],
      problems: [
        { file, line: 1, reason: 'not an inventory CSV, CycloneDX or osquery JSON file (give format)' },
      ],
    };
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
