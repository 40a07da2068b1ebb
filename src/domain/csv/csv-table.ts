/**
 * Reads a small CSV file with a header (organisations, contacts): records with their line numbers
 * and a column accessor, or the problem that stops the whole file (not CSV, empty, columns missing).
 */
import { parse } from 'csv-parse/sync';
import type { InputProblem } from '../../errors.js';

export interface CsvTableRow {
  line: number;
  /** The trimmed value of a column ('' when the row is short). */
  get(column: string): string;
}

export type CsvTable =
  | { ok: true; rows: CsvTableRow[] /** The header's column names, lower case. */; columns: string[] }
  | { ok: false; problem: InputProblem };

export function readCsvTable(file: string, text: string, required: readonly string[]): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    const e = error as Error & { lines?: number };
    return { ok: false, problem: { file, line: e.lines ?? 0, reason: `not valid CSV: ${e.message}` } };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, problem: { file, line: 0, reason: 'the file is empty' } };
  const names = header.record.map((h) => h.toLowerCase());
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    const reason = `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected header: ${required.join(',')})`;
    return { ok: false, problem: { file, line: header.info.lines, reason } };
  }
  return {
    ok: true,
    columns: names,
    rows: body.map(({ record, info }) => ({
      line: info.lines,
      get: (column: string) => (record[names.indexOf(column)] ?? '').trim(),
    })),
  };
}
