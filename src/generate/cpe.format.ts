/**
 * CPE 2.3 formatted-string construction (NISTIR 7695 §6.2). Values are lower-cased and every
 * character other than letters, digits, `.`, `_` and `-` is escaped with a backslash, as NVD
 * writes them (`notepad\+\+`, `visual_c\+\+`); `*` (ANY) and `-` (NA) pass through as logical values.
 */

/** The eleven attributes of a CPE 2.3 name; all but part, vendor, product default to `*`. */
export interface CpeFields {
  part: 'a' | 'o' | 'h';
  vendor: string;
  product: string;
  version?: string;
  update?: string;
  edition?: string;
  language?: string;
  swEdition?: string;
  targetSw?: string;
  targetHw?: string;
  other?: string;
}

/** Escapes one attribute value for a CPE 2.3 formatted string. */
export function escapeCpeValue(value: string): string {
  if (value === '*' || value === '-' || value === '') return value === '' ? '*' : value;
  return value.toLowerCase().replace(/[^a-z0-9._-]/g, (c) => `\\${c}`);
}

/** Formats a CPE 2.3 name, e.g. `cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:x64:*`. */
export function formatCpe(f: CpeFields): string {
  const values = [
    f.vendor,
    f.product,
    f.version ?? '*',
    f.update ?? '*',
    f.edition ?? '*',
    f.language ?? '*',
    f.swEdition ?? '*',
    f.targetSw ?? '*',
    f.targetHw ?? '*',
    f.other ?? '*',
  ];
  return `cpe:2.3:${f.part}:${values.map(escapeCpeValue).join(':')}`;
}
