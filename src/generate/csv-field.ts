/**
 * RFC 4180 field quoting: a field is quoted when it holds a comma, a double quote, CR or LF, or
 * starts or ends with a space; quotes inside are doubled.
 */
const NEEDS_QUOTES = /[",\r\n]|^ | $/;

/** Renders one CSV field. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Renders one CSV record (no line terminator). */
export function csvRecord(values: readonly string[]): string {
  return values.map(csvField).join(',');
}
