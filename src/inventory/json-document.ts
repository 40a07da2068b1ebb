/**
 * Whole-document JSON for the inventory importers: reads the input, parses it with byte-exact
 * syntax errors (reported with their line), and finds the line of every object or array by its path
 * (`components[12].components[3]`), so problems and components point into the file.
 */

import { jsonPath } from '../domain/text/json-path.js';
import { findUnstorableText, jsonMayHoldUnstorableText } from '../domain/text/storable-text.js';
import type { InputProblem } from '../errors.js';
import { JsonSyntaxError, parseJsonDocument } from '../feeds/json/json-syntax.error.js';
import type { InventoryInput, SkippedRecords } from './inventory-parse.js';

/** A parsed document, its text, and the line (1-based) where each object or array starts. */
export interface JsonDocument {
  value: unknown;
  lines: Map<string, number>;
}

export { jsonPath };

/**
 * The line of the value at `path`, or of the nearest object or array holding it (a scalar member
 * such as `[0].asset_type` is reported on its host's line); 0 when unknown.
 */
export function lineOf(lines: Map<string, number>, path: string): number {
  for (let at = path; ; ) {
    const line = lines.get(at);
    if (line !== undefined) return line;
    const parent = at.replace(/(?:\.[^.[\]]+|\[[^\]]*\]|^[^.[\]]+)$/, '');
    if (parent === at) return 0;
    at = parent;
  }
}

async function readText(input: InventoryInput | string): Promise<Buffer> {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of input)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(chunks);
}

function lineAtByte(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Reads and parses one JSON document. A document JSON cannot read comes back as a problem giving
 * the byte offset (and its line) of the first byte that cannot be valid JSON; one with a string a
 * database cannot store (NUL, a lone surrogate) as a problem naming its path, line and character.
 */
export async function readJsonDocument(
  file: string,
  input: InventoryInput | string,
): Promise<JsonDocument | InputProblem> {
  const bytes = await readText(input);
  const text = bytes.toString('utf8');
  if (text.replace(/^\uFEFF/, '').trim() === '') return { file, line: 0, reason: 'the file is empty' };
  try {
    const value = parseJsonDocument(text, file);
    const lines = containerLines(text);
    const unstorable = jsonMayHoldUnstorableText(text) ? findUnstorableText(value) : null;
    if (unstorable) {
      const { path, reason } = unstorable;
      return { file, line: lineOf(lines, path), reason: path ? `${path}: ${reason}` : reason };
    }
    return { value, lines };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return {
      file,
      line: lineAtByte(bytes, error.byteOffset),
      reason: error.message.replace(` in ${file}`, ''),
    };
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

interface Frame {
  path: string;
  array: boolean;
  index: number;
  key: string | null;
}

/**
 * The line of every object and array in `text`, by path. `text` must be valid JSON (it is scanned
 * after `JSON.parse` accepted it), so the scan only tracks strings, keys, nesting and newlines.
 */
export function containerLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const stack: Frame[] = [];
  let line = 1;
  // In an object, the next string is a key when the frame has no key pending.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      line++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === QUOTE) {
      let end = i + 1;
      let escaped = false;
      while (end < text.length) {
        const d = text.charCodeAt(end);
        if (d === BACKSLASH) end += 2;
        else if (d === QUOTE) break;
        else end++;
        if (d === BACKSLASH) escaped = true;
      }
      if (top && !top.array && top.key === null) {
        const raw = text.slice(i + 1, end);
        top.key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
      }
      i = end;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      let path = '';
      if (top) path = top.array ? jsonPath(top.path, top.index) : jsonPath(top.path, top.key ?? '');
      lines.set(path, line);
      stack.push({ path, array: c === 0x5b, index: 0, key: null });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c && top) {
      if (top.array) top.index++;
      else top.key = null;
    }
  }
  return lines;
}

/** What reading one JSON inventory document collects: problems located by JSON path and line. */
export class JsonImport {
  readonly problems: InputProblem[] = [];
  readonly skipped: SkippedRecords = { unmatchable: 0, duplicate: 0, notInstalled: 0 };
  rows = 0;

  constructor(
    readonly file: string,
    readonly doc: JsonDocument,
  ) {}

  line(path: string): number {
    return lineOf(this.doc.lines, path);
  }

  problem(path: string, reason: string): void {
    this.problems.push({
      file: this.file,
      line: this.line(path),
      reason: path ? `${path}: ${reason}` : reason,
    });
  }
}
