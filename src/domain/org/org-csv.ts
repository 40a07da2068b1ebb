/**
 * Parses the organisation CSV (`code,name,kind,parent_code`) into rows with their line numbers.
 * Pure: text in, rows and problems out.
 */
import { parse } from 'csv-parse/sync';
import type { InputProblem } from '../../errors.js';

export const ORG_CSV_COLUMNS = ['code', 'name', 'kind', 'parent_code'] as const;

export interface OrgCsvRow {
  line: number;
  code: string;
  name: string;
  kind: string;
  parentCode: string;
}

export interface OrgCsvResult {
  rows: OrgCsvRow[];
  problems: InputProblem[];
}

export function parseOrgCsv(file: string, text: string): OrgCsvResult {
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
    return { rows: [], problems: [{ file, line: e.lines ?? 0, reason: `not valid CSV: ${e.message}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ file, line: 0, reason: 'the file is empty' }] };
  const names = header.record.map((h) => h.toLowerCase());
  const missing = ORG_CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    return {
      rows: [],
      problems: [
        {
          file,
          line: header.info.lines,
          reason: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected header: ${ORG_CSV_COLUMNS.join(',')})`,
        },
      ],
    };
  }
  const at = (record: string[], column: string) => record[names.indexOf(column)] ?? '';
  const rows = body.map(({ record, info }) => ({
    line: info.lines,
    code: at(record, 'code'),
    name: at(record, 'name'),
    kind: at(record, 'kind'),
    parentCode: at(record, 'parent_code'),
  }));
  return { rows, problems: [] };
}
