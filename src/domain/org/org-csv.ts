/**
 * Parses the organisation CSV (`code,name,kind,parent_code`) into rows with their line numbers.
 * Pure: text in, rows and problems out.
 */
import type { InputProblem } from '../../errors.js';
import { readCsvTable } from '../csv/csv-table.js';

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
  const table = readCsvTable(file, text, ORG_CSV_COLUMNS);
  if (!table.ok) return { rows: [], problems: table.problems };
  const rows = table.rows.map((r) => ({
    line: r.line,
    code: r.get('code'),
    name: r.get('name'),
    kind: r.get('kind'),
    parentCode: r.get('parent_code'),
  }));
  return { rows, problems: [] };
}
