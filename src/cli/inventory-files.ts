/**
 * Opens an inventory file for `src/inventory/read-inventory.ts`: `-` is standard input; a file that
 * cannot be opened is bad input (FILE: cannot read (ENOENT)), not a crash.
 */
import { open } from 'node:fs/promises';
import { InvalidInputError } from '../errors.js';
import type { InventoryInput } from '../inventory/inventory-parse.js';

function cannotRead(file: string, code: string): InvalidInputError {
  const reason = `cannot read (${code})`;
  return new InvalidInputError(`${file}: ${reason}`, [{ file, line: 0, reason }]);
}

export async function openInventoryFile(file: string): Promise<InventoryInput> {
  if (file === '-') return process.stdin;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw cannotRead(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  if ((await handle.stat()).isDirectory()) {
    await handle.close();
    throw cannotRead(file, 'EISDIR');
  }
  return handle.createReadStream();
}
