/**
 * The byte-level scan of one JSON value inside a chunked stream: where the value ends, given string
 * state, escapes and bracket depth carried over from earlier chunks. Validation is not its job (the
 * value is handed to `JSON.parse` once cut out); finding the end fast and exactly is.
 */

/** The bytes of JSON's structure that the scanners look for. */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** JSON insignificant whitespace (RFC 8259 §2). */
export function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Bytes that end a bare scalar (number, true, false, null) at depth 0. */
function endsBareValue(c: number): boolean {
  return isWhitespace(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET;
}

/** Scan state of one value being captured, carried across chunk boundaries. */
export interface ValueScan {
  /** Open `{`/`[` not yet closed. */
  depth: number;
  inString: boolean;
  /** The previous byte was a backslash inside a string. */
  escaped: boolean;
  /** A number, `true`, `false` or `null`: ends before the next delimiter. */
  bare: boolean;
}

function backslashesBefore(buf: Buffer, at: number, floor: number): number {
  let k = at - 1;
  while (k >= floor && buf[k] === BACKSLASH) k--;
  return at - 1 - k;
}

/**
 * Scans one value from `from`; returns the index just after it, or -1 when it runs past the chunk
 * (`scan` then holds the state to resume with). Inside strings it jumps from quote to quote with
 * `indexOf` and decides whether a quote is escaped by the parity of the backslashes before it.
 */
export function scanValue(buf: Buffer, from: number, scan: ValueScan): number {
  const n = buf.length;
  let i = from;
  if (scan.bare) {
    for (; i < n; i++) if (endsBareValue(buf[i]!)) return i;
    return -1;
  }
  let { depth, inString, escaped } = scan;
  let end = -1;
  while (i < n && end < 0) {
    if (inString) {
      if (escaped) {
        escaped = false;
        i++;
        continue;
      }
      const q = buf.indexOf(QUOTE, i);
      if (q < 0) {
        escaped = (backslashesBefore(buf, n, i) & 1) === 1;
        i = n;
      } else if ((backslashesBefore(buf, q, i) & 1) === 1) {
        i = q + 1;
      } else {
        inString = false;
        i = q + 1;
        if (depth === 0) end = i;
      }
      continue;
    }
    for (; i < n; i++) {
      const c = buf[i]!;
      if (c === QUOTE) {
        inString = true;
        i++;
        break;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) {
        end = i + 1;
        break;
      }
    }
  }
  scan.depth = depth;
  scan.inString = inString;
  scan.escaped = escaped;
  return end;
}
