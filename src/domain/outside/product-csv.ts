/**
 * The products register as CSV, one row per product, status and use:
 * `key,name,vendor,category,status,use,standard,certificate_ref,certified_on,expires_on,end_of_life,source,notes`
 * (the first five required). A product's rows must agree on its name, vendor, category and notes.
 */
import type { InputProblem } from '../../errors.js';
import { readCsvTable } from '../csv/csv-table.js';
import {
  isIsoDay,
  isProductStatus,
  PRODUCT_STATUSES,
  type ProductEntry,
  type ProductStatus,
  productKey,
  TERM,
} from './product.js';

export const PRODUCT_CSV_REQUIRED = ['key', 'name', 'vendor', 'category', 'status'] as const;
export const PRODUCT_CSV_COLUMNS = [
  ...PRODUCT_CSV_REQUIRED,
  'use',
  'standard',
  'certificate_ref',
  'certified_on',
  'expires_on',
  'end_of_life',
  'source',
  'notes',
] as const;

export interface ProductsCheck {
  entries: ProductEntry[];
  problems: InputProblem[];
}

/** The entries of a register file and the problems of its rows (the caller refuses the file when there are any). */
export function checkProductsCsv(file: string, text: string): ProductsCheck {
  const table = readCsvTable(file, text, PRODUCT_CSV_REQUIRED);
  if (!table.ok) return { entries: [], problems: table.problems };
  const problems: InputProblem[] = [];
  const entries = new Map<string, ProductEntry & { line: number }>();
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const bad = (reason: string) => problems.push({ file, line: row.line, reason });
    const before = problems.length;
    const parsed = productKey(row.get('key'));
    if ('reason' in parsed) bad(parsed.reason);
    const name = row.get('name');
    const vendor = row.get('vendor');
    const category = row.get('category').toLowerCase();
    const statusText = row.get('status').toLowerCase();
    const use = row.get('use').toLowerCase() || 'any';
    if (!name) bad('name is empty');
    if (!vendor) bad('vendor is empty');
    if (!TERM.test(category)) bad(`category "${category}" is not a term such as messaging or remote-access`);
    if (!isProductStatus(statusText))
      bad(`status "${statusText}" is not one of ${PRODUCT_STATUSES.join(', ')}`);
    if (!TERM.test(use)) bad(`use "${use}" is not a term such as any, clinical or patient-data`);
    const day = (column: string): string | null => {
      const value = row.get(column);
      if (value === '') return null;
      if (!isIsoDay(value)) bad(`${column} "${value}" is not a date (YYYY-MM-DD)`);
      return value;
    };
    const status: ProductStatus = {
      status: statusText as ProductStatus['status'],
      use,
      standard: row.get('standard') || null,
      certificateRef: row.get('certificate_ref') || null,
      certifiedOn: day('certified_on'),
      expiresOn: day('expires_on'),
      endOfLife: day('end_of_life'),
      source: row.get('source') || null,
    };
    if (status.status === 'certified') {
      if (!status.standard) bad('a certified product names its standard (standard)');
      if (!row.get('certified_on')) bad('a certified product has its certification date (certified_on)');
      if (status.certifiedOn && status.expiresOn && status.expiresOn < status.certifiedOn)
        bad(`expires_on ${status.expiresOn} is before certified_on ${status.certifiedOn}`);
    } else {
      for (const column of ['standard', 'certificate_ref', 'certified_on', 'expires_on'])
        if (row.get(column)) bad(`${column} is only for status certified`);
    }
    if (status.status === 'end-of-life') {
      if (!row.get('end_of_life')) bad('an end-of-life product has its date (end_of_life)');
    } else if (row.get('end_of_life')) bad('end_of_life is only for status end-of-life');
    if (problems.length > before || 'reason' in parsed) continue;
    const id = `${parsed.key}|${status.status}|${use}`;
    const first = seen.get(id);
    if (first !== undefined) {
      bad(`${parsed.key} ${status.status} for ${use} is given twice (first on line ${first})`);
      continue;
    }
    seen.set(id, row.line);
    const notes = row.get('notes');
    const entry = entries.get(parsed.key);
    if (!entry) {
      entries.set(parsed.key, {
        key: parsed.key,
        name,
        vendor,
        category,
        notes,
        statuses: [status],
        line: row.line,
      });
      continue;
    }
    const differs = (['name', 'vendor', 'category', 'notes'] as const).filter(
      (f) => entry[f] !== { name, vendor, category, notes }[f],
    );
    if (differs.length > 0)
      bad(
        `${parsed.key}: ${differs.join(', ')} differ${differs.length === 1 ? 's' : ''} from line ${entry.line}`,
      );
    else entry.statuses.push(status);
  }
  if (table.rows.length === 0) problems.push({ file, line: 0, reason: 'no product rows' });
  problems.sort((a, b) => a.line - b.line);
  return { entries: [...entries.values()].map(({ line: _line, ...e }) => e), problems };
}
