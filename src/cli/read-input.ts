import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../errors.js';

/** Reads a text input file (`-` for standard input); a missing file is bad input, not a crash. */
export async function readInputFile(file: string): Promise<string> {
  try {
    if (file === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidInputError(`${file}: cannot read (${code ?? (error as Error).message})`, [
      { file, line: 0, reason: `cannot read (${code ?? (error as Error).message})` },
    ]);
  }
}

/** Reads an input file's bytes (`-` for standard input), for inputs that may be gzip. */
export async function readInputBytes(file: string): Promise<Buffer> {
  try {
    if (file === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    }
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidInputError(`${file}: cannot read (${code ?? (error as Error).message})`, [
      { file, line: 0, reason: `cannot read (${code ?? (error as Error).message})` },
    ]);
  }
}
