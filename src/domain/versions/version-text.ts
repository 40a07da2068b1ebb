/**
 * Shared building blocks of the version schemes: input normalisation and the byte-sortable encodings
 * every `versionSortKey` is made of.
 *
 * Keys are printable ASCII, so JavaScript string order (UTF-16 code units), byte order and
 * PostgreSQL `COLLATE "C"` order all agree. Text payloads use only 0x21–0x7E and end with a space
 * (0x20), which sorts below any payload character: a shorter text sorts first, as in the schemes.
 */

const PRINTABLE = /^[\x21-\x7e]$/;
const UTF8 = new TextEncoder();

/**
 * Trims a version and percent-encodes (UTF-8, `%XX`) every character outside printable ASCII, so
 * that scheme parsers and keys only ever see 0x21–0x7E. Both compare and sort key apply it, so the
 * two stay consistent; a literal `%C3%A9` and `é` therefore compare equal (documented, harmless).
 */
export function normaliseVersionText(version: string): string {
  let out = '';
  for (const char of version.trim()) {
    if (PRINTABLE.test(char)) {
      out += char;
    } else {
      for (const byte of UTF8.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** Removes leading zeros from a run of ASCII digits: `007` → `7`, `0` → `` (the canonical zero). */
export function canonicalDigits(digits: string): string {
  let i = 0;
  while (i < digits.length && digits.charCodeAt(i) === 48) i += 1;
  return digits.slice(i);
}

/** Compares two canonical digit strings (no leading zeros) by numeric value. */
export function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Encodes a canonical digit string so that string order is numeric order, for any length: a length
 * character then the digits. Lengths up to 77 use one character (`0` + length); longer numbers use
 * `~` followed by the encoded length, which sorts after every short length. Self-delimiting.
 */
export function encodeDigits(digits: string): string {
  const length = digits.length;
  if (length <= 77) return String.fromCharCode(0x30 + length) + digits;
  return `~${encodeDigits(String(length))}${digits}`;
}

/** Encodes a text payload (characters 0x21–0x7E only) so that a prefix sorts before its extensions. */
export function encodeText(text: string): string {
  return `${text} `;
}

/** Sign of a comparison, as -1, 0 or 1. */
export function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Lexicographic order of two strings by UTF-16 code units (equal to byte order on ASCII). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
