/**
 * Training records: `org_code,staff,trained_last_12_months,as_of` CSV, one row per organisation
 * and date — how many staff it had and how many completed security awareness training in the 12
 * months before that date.
 */
import type { InputProblem } from '../../errors.js';
import { readCsvTable } from '../csv/csv-table.js';
import { normaliseCode } from '../org/organisation.js';

export const TRAINING_CSV_COLUMNS = ['org_code', 'staff', 'trained_last_12_months', 'as_of'] as const;

export interface TrainingRecord {
  line: number;
  orgCode: string;
  staff: number;
  trained: number;
  /** YYYY-MM-DD */
  asOf: string;
}

/** The good records and the problems of the others (the caller rejects the file when there are any). */
export interface TrainingCheck {
  records: TrainingRecord[];
  problems: InputProblem[];
}

const WHOLE = /^\d{1,9}$/;

export function checkTrainingCsv(file: string, text: string, today: string): TrainingCheck {
  const table = readCsvTable(file, text, TRAINING_CSV_COLUMNS);
  if (!table.ok) return { records: [], problems: table.problems };
  const problems: InputProblem[] = [];
  const records: TrainingRecord[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const bad = (reason: string) => problems.push({ file, line: row.line, reason });
    const before = problems.length;
    const orgCode = normaliseCode(row.get('org_code'));
    const staffText = row.get('staff');
    const trainedText = row.get('trained_last_12_months');
    const asOf = row.get('as_of');
    if (!orgCode) bad('org_code is empty');
    if (!WHOLE.test(staffText) || Number(staffText) === 0)
      bad(`staff "${staffText}" is not a whole number above 0`);
    if (!WHOLE.test(trainedText)) bad(`trained_last_12_months "${trainedText}" is not a whole number`);
    else if (WHOLE.test(staffText) && Number(trainedText) > Number(staffText))
      bad(`trained_last_12_months ${trainedText} is more than staff ${staffText}`);
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(asOf) ||
      Number.isNaN(Date.parse(asOf)) ||
      new Date(asOf).toISOString().slice(0, 10) !== asOf
    )
      bad(`as_of "${asOf}" is not a date (YYYY-MM-DD)`);
    else if (asOf > today) bad(`as_of ${asOf} is in the future`);
    if (problems.length > before) continue;
    const key = `${orgCode}|${asOf}`;
    const first = seen.get(key);
    if (first !== undefined) {
      bad(`${orgCode} on ${asOf} is given twice (first on line ${first})`);
      continue;
    }
    seen.set(key, row.line);
    records.push({ line: row.line, orgCode, staff: Number(staffText), trained: Number(trainedText), asOf });
  }
  if (table.rows.length === 0) problems.push({ file, line: 0, reason: 'no training rows' });
  return { records, problems };
}
