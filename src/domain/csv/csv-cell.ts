/**
 * Writing CSV cells. {@link csvField} is RFC 4180 quoting: a field is quoted when it holds a comma,
 * a double quote, CR or LF, or starts or ends with a space; quotes inside are doubled.
 * {@link exportCell} is for CSV that people open in a spreadsheet (every export): a cell starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula (CSV injection,
 * OWASP), so it is prefixed with a single quote, then quoted as usual. Data files Ward's own
 * importers read (the generator's) use {@link csvField} alone: there `-` is a real value (NVD's
 * "not applicable" version).
 *
 * Pure and free of imports: the dashboard uses it too.
 */
const NEEDS_QUOTES = /[",\r\n]|^ | $/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** Renders one CSV field. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Renders one cell of an export: neutralised against formulas, then quoted. Null is empty. */
export function exportCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return csvField(FORMULA_START.test(text) ? `'${text}` : text);
}
