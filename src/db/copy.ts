/**
 * Bulk loading with COPY, on either engine, inside the caller's transaction.
 *
 * Kysely has no COPY, so `copyInto` sends a query our own drivers recognise: its SQL is
 * `COPY … FROM STDIN` and its only parameter is the payload (an async iterable of text chunks in
 * PostgreSQL's COPY text format). The drivers stream it with pg-copy-streams (PostgreSQL) or as
 * blobs (PGlite).
 */
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { DB } from './schema.js';

/** A value COPY can carry: null becomes `\N`, dates ISO strings, booleans `t`/`f`. */
export type CopyValue = string | number | bigint | boolean | Date | null | undefined;

/** Marker the drivers look for on a compiled query's SQL. */
export const COPY_FROM_STDIN = /^COPY\s[\s\S]+\sFROM\s+STDIN$/i;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** The last date written and its text: a report's rows repeat the same few timestamps. */
let lastDate = Number.NaN;
let lastDateText = '';

/** One value in COPY text format (PostgreSQL docs, "COPY", File Formats › Text Format). */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string')
    return NEEDS_ESCAPE.test(value)
      ? value.replace(/[\\\t\n\r]/g, (c) =>
          c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
        )
      : value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) {
    const time = value.getTime();
    if (time !== lastDate) {
      lastDateText = value.toISOString();
      lastDate = time;
    }
    return lastDateText;
  }
  return String(value);
}

/** Joins rows, as COPY text lines, into chunks of about `bytes` characters. */
class Chunker {
  private lines: string[] = [];
  private size = 0;
  constructor(private readonly bytes: number) {}

  /** Adds a row; returns a chunk when one is full. */
  add(row: readonly CopyValue[]): string | undefined {
    let line = row.length > 0 ? copyText(row[0]) : '';
    for (let i = 1; i < row.length; i++) line += `\t${copyText(row[i])}`;
    this.lines.push(`${line}\n`);
    this.size += line.length + 1;
    return this.size >= this.bytes ? this.take() : undefined;
  }

  /** The rows added since the last chunk, if any. */
  take(): string | undefined {
    if (this.lines.length === 0) return undefined;
    const chunk = this.lines.join('');
    this.lines = [];
    this.size = 0;
    return chunk;
  }
}

/**
 * Turns rows into COPY text chunks of roughly `chunkBytes` characters. Rows from a plain iterable
 * are read without awaiting each one (a million rows would be a million turns of the event loop).
 */
export async function* copyChunks(
  rows: Iterable<readonly CopyValue[]> | AsyncIterable<readonly CopyValue[]>,
  chunkBytes = 1 << 20,
): AsyncGenerator<string> {
  const chunker = new Chunker(chunkBytes);
  if (Symbol.iterator in rows) {
    for (const row of rows) {
      const chunk = chunker.add(row);
      if (chunk) yield chunk;
    }
  } else {
    for await (const row of rows) {
      const chunk = chunker.add(row);
      if (chunk) yield chunk;
    }
  }
  const last = chunker.take();
  if (last) yield last;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Copies rows into `table` (`columns` in row order) on the executor's connection, so inside a
 * transaction it is part of it. Returns the number of rows copied.
 */
export async function copyInto(
  executor: Kysely<DB>,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]> | AsyncIterable<readonly CopyValue[]>,
): Promise<number> {
  let count = 0;
  function* countedSync(from: Iterable<readonly CopyValue[]>) {
    for (const row of from) {
      count++;
      yield row;
    }
  }
  async function* countedAsync(from: AsyncIterable<readonly CopyValue[]>) {
    for await (const row of from) {
      count++;
      yield row;
    }
  }
  const counted = () => (Symbol.iterator in rows ? countedSync(rows) : countedAsync(rows));
  const statement = `COPY ${table.split('.').map(quoteIdent).join('.')} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`;
  await executor.executeQuery(CompiledQuery.raw(statement, [copyChunks(counted())]));
  return count;
}

/** Creates a temporary table shaped like `like` (no constraints), dropped at commit. */
export async function createStagingTable<DB>(
  executor: Kysely<DB>,
  name: string,
  definition: string,
): Promise<void> {
  await sql.raw(`CREATE TEMP TABLE ${quoteIdent(name)} (${definition}) ON COMMIT DROP`).execute(executor);
}
