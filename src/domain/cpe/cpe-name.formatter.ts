/** Binds CPE names back to CPE 2.3 formatted strings (NISTIR 7695 §6.2.2): the inverse of `parseCpe`. */

import { CPE_ANY, CPE_ATTRIBUTES, CPE_NA, type CpeName } from './cpe-name.js';

const NEEDS_ESCAPE = /[^A-Za-z0-9._-]/;

/**
 * Escapes one attribute value for a formatted string: ANY and NA stay `*` and `-`; every character
 * other than letters, digits, `.`, `-` and `_` is quoted with `\`, as NVD writes them (`12.6\(1\)`).
 */
export function escapeCpeValue(value: string): string {
  if (value === CPE_ANY || value === CPE_NA || !NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[^A-Za-z0-9._-]/g, (c) => `\\${c}`);
}

/** Formats a CPE name as a CPE 2.3 formatted string. */
export function formatCpe(name: CpeName): string {
  return `cpe:2.3:${CPE_ATTRIBUTES.map((attribute) => escapeCpeValue(name[attribute])).join(':')}`;
}
