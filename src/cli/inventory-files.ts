/**
 * Opens an inventory file for the importers: the format is given or detected (CSV by its header,
 * CycloneDX by `bomFormat`, osquery otherwise for JSON), `-` reads standard input.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { InvalidInputError } from '../errors.js';
import type { InventoryImportOptions } from '../inventory/inventory-parse.js';
import {
  detectFormat as detectInventoryFormat,
  type InventoryStreamFormat as InventoryFormat,
} from '../inventory/inventory-stream.js';
import { parseCycloneDx } from '../inventory/parse-cyclonedx.js';
import { parseInventoryCsv } from '../inventory/parse-inventory-csv.js';
import { parseOsquery } from '../inventory/parse-osquery.js';
import type { ParsedInventory } from '../services/inventory.service.js';

export {
  detectFormat as detectInventoryFormat,
  INVENTORY_STREAM_FORMATS as INVENTORY_FORMATS,
  type InventoryStreamFormat as InventoryFormat,
} from '../inventory/inventory-stream.js';

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function cannotRead(file: string, error: unknown): InvalidInputError {
  const reason = `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  return new InvalidInputError(`${file}: ${reason}`, [{ file, line: 0, reason }]);
}

/** Parses one inventory file (problems are returned, not thrown, so all files' problems are reported together). */
export async function readInventoryFile(
  file: string,
  format?: InventoryFormat,
  options: InventoryImportOptions = {},
): Promise<ParsedInventory> {
  let text: string | null = null;
  let head: string;
  try {
    if (file === '-') {
      text = await readStdin();
      head = text.slice(0, 8192);
    } else head = await readHead(file);
  } catch (error) {
    throw cannotRead(file, error);
  }
  const kind = format ?? detectInventoryFormat(head);
  if (!kind) {
    return {
      file,
      assets: [],
      problems: [
        { file, line: 1, reason: 'not an inventory CSV, CycloneDX or osquery JSON file (use --format)' },
      ],
    };
  }
  const input = text !== null ? [text] : createReadStream(file);
  const result =
    kind === 'csv'
      ? await parseInventoryCsv(file, input)
      : kind === 'cyclonedx'
        ? await parseCycloneDx(file, input, options)
        : await parseOsquery(file, input, options);
  return { file, assets: result.assets, problems: result.problems };
}
