/**
 * Parses CPE 2.3 formatted strings (NISTIR 7695 §6.2) with their escaping: `\` quotes the next
 * character (`12.6\(1\)`, `dna_spaces\:_connector`), an unquoted `:` separates attributes, a lone
 * `*` is ANY and a lone `-` is NA.
 */

import { CpeParseError } from './cpe-name.error.js';
import { CPE_ANY, CPE_ATTRIBUTES, CPE_NA, type CpeName } from './cpe-name.js';

const PREFIX = 'cpe:2.3:';
/** A character that `unescapeCpeValue` must act on: an escape, a wildcard or whitespace. */
const NEEDS_UNESCAPE_OR_CHECK = /[\\*?\s]/;

/** Splits a formatted string's attribute list at unquoted colons, keeping the escapes. */
function splitAttributes(input: string, body: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < body.length; i += 1) {
    const c = body.charAt(i);
    if (c === '\\') {
      if (i + 1 >= body.length) throw new CpeParseError(input, 'ends with a lone backslash');
      current += c + body.charAt(i + 1);
      i += 1;
    } else if (c === ':') {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

/**
 * Unescapes one attribute value of a formatted string: `*` and `-` alone stay logical values;
 * `\x` becomes `x`. Unquoted `*` or `?` inside a value are CPE wildcards, which Ward does not match
 * on, so they are rejected, as are whitespace and an empty value.
 */
export function unescapeCpeValue(value: string, input: string = value): string {
  if (value === CPE_ANY || value === CPE_NA) return value;
  if (value === '') throw new CpeParseError(input, 'has an empty attribute');
  // Most values hold no escape, wildcard or whitespace: they are their own unescaped form.
  if (!NEEDS_UNESCAPE_OR_CHECK.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charAt(i);
    if (c === '\\') {
      if (i + 1 >= value.length) throw new CpeParseError(input, 'ends with a lone backslash');
      out += value.charAt(i + 1);
      i += 1;
    } else if (c === '*' || c === '?') {
      throw new CpeParseError(
        input,
        `has an embedded wildcard ${JSON.stringify(c)} in ${JSON.stringify(value)}`,
      );
    } else if (/\s/.test(c)) {
      throw new CpeParseError(input, `has whitespace in ${JSON.stringify(value)}`);
    } else {
      out += c;
    }
  }
  return out;
}

/** Parses a CPE 2.3 formatted string; throws {@link CpeParseError} quoting the input when it is not one. */
export function parseCpe(input: string): CpeName {
  if (input.slice(0, PREFIX.length).toLowerCase() !== PREFIX) {
    throw new CpeParseError(input, `does not start with "${PREFIX}"`);
  }
  const body = input.slice(PREFIX.length);
  // Without an escape, the attributes are separated by every colon.
  const raw = body.includes('\\') ? splitAttributes(input, body) : body.split(':');
  if (raw.length !== CPE_ATTRIBUTES.length) {
    throw new CpeParseError(
      input,
      `has ${raw.length} attributes after "${PREFIX}", expected ${CPE_ATTRIBUTES.length}`,
    );
  }
  const values = raw.map((value) => unescapeCpeValue(value, input));
  const part = values[0]!.toLowerCase();
  if (part !== 'a' && part !== 'o' && part !== 'h') {
    throw new CpeParseError(input, `part must be "a", "o" or "h", got ${JSON.stringify(values[0])}`);
  }
  return {
    part,
    vendor: values[1]!,
    product: values[2]!,
    version: values[3]!,
    update: values[4]!,
    edition: values[5]!,
    language: values[6]!,
    swEdition: values[7]!,
    targetSw: values[8]!,
    targetHw: values[9]!,
    other: values[10]!,
  };
}
