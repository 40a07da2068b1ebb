/** CSV records of the generator's data files (RFC 4180 quoting, values kept as they are). */
import { csvField } from '../domain/csv/csv-cell.js';

export { csvField };

/** Renders one CSV record (no line terminator). */
export function csvRecord(values: readonly string[]): string {
  return values.map(csvField).join(',');
}
