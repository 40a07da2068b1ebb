/**
 * Streams the elements of one array member of a top-level JSON object (`{"a":1,"items":[{...},...]}`)
 * without ever holding the whole document: the bytes are scanned once, tracking string state,
 * escapes and bracket depth across chunk boundaries, and each element is cut out and handed over as
 * text for `JSON.parse` on its own. Memory stays at one element plus one chunk, whatever the size.
 *
 * The scanner checks the top-level grammar (object, keys, commas, the array) itself; the inside of an
 * element is left to `JSON.parse`, whose failures are located to the byte by the caller.
 */
import { FeedFormatError } from '../feed-format.error.js';
import { JsonSyntaxError, parseJsonAt } from './json-syntax.error.js';

/** One item of the scan: a top-level member other than the array, or one element of the array. */
export type JsonStreamItem =
  | { kind: 'field'; key: string; value: unknown }
  | { kind: 'element'; index: number; byteOffset: number; text: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Where the scanner is in the top-level grammar. */
const S = {
  BeforeRoot: 0,
  KeyOrEnd: 1,
  Key: 2,
  Colon: 3,
  Value: 4,
  CommaOrEnd: 5,
  ElementOrEnd: 6,
  Element: 7,
  ElementCommaOrEnd: 8,
  AfterRoot: 9,
  Capture: 10,
} as const;
type S = (typeof S)[keyof typeof S];

/** What a capture in progress is: a member key, a member value, or an array element. */
const C = { Key: 0, Field: 1, Element: 2 } as const;
type C = (typeof C)[keyof typeof C];

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Bytes that end a bare scalar (number, true, false, null) at depth 0. */
function endsBareValue(c: number): boolean {
  return isWhitespace(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET;
}

/** Scan state of one value being captured, carried across chunk boundaries. */
interface ValueScan {
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
function scanValue(buf: Buffer, from: number, scan: ValueScan): number {
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

/** Options for {@link streamJsonArray}. */
export interface JsonArrayStreamOptions {
  /** The member of the top-level object whose array elements are streamed (`vulnerabilities`). */
  arrayKey: string;
  /** Name of the source, for errors. */
  source: string;
}

/**
 * Scans `chunks` (a JSON document whose root is an object) and yields each top-level member as a
 * `field` item, except the member `arrayKey`, whose elements are yielded one by one as `element`
 * items with their byte offset. Throws {@link JsonSyntaxError} (with the byte offset) on top-level
 * syntax errors and on a truncated document, and {@link FeedFormatError} when the root object has
 * no `arrayKey` array.
 */
export async function* streamJsonArray(
  chunks: AsyncIterable<Uint8Array>,
  options: JsonArrayStreamOptions,
): AsyncGenerator<JsonStreamItem> {
  const { arrayKey, source } = options;
  let state = S.BeforeRoot as S;
  let base = 0; // absolute byte offset of the current chunk
  let key = '';
  let sawArray = false;
  let bomMatched = 0;
  let index = 0;
  // Capture in progress: its kind, start offset, the pieces of earlier chunks, and scan state.
  let capture = C.Key as C;
  let captureOffset = 0;
  let parts: Uint8Array[] = [];
  const scan: ValueScan = { depth: 0, inString: false, escaped: false, bare: false };
  let stateAfterCapture = S.Colon as S;

  const fail = (reason: string, buf: Uint8Array, i: number): never => {
    const near = Buffer.from(buf.buffer, buf.byteOffset, buf.length).toString(
      'utf8',
      i,
      Math.min(buf.length, i + 40),
    );
    throw new JsonSyntaxError(reason, base + i, source, near);
  };

  const finish = (view: Buffer, start: number, end: number): string => {
    if (parts.length === 0) return view.toString('utf8', start, end);
    parts.push(view.subarray(start, end));
    const text = Buffer.concat(parts).toString('utf8');
    parts = [];
    return text;
  };

  // Start of the capture within the current chunk (0 when it began in an earlier chunk).
  let captureStart = 0;
  /** Starts capturing a key, member value or element whose first byte is `c` at `at`. */
  const begin = (kind: C, after: S, c: number, at: number): void => {
    capture = kind;
    captureOffset = base + at;
    captureStart = at;
    parts = [];
    scan.inString = c === QUOTE;
    scan.escaped = false;
    scan.bare = !(c === QUOTE || c === OPEN_BRACE || c === OPEN_BRACKET);
    scan.depth = c === OPEN_BRACE || c === OPEN_BRACKET ? 1 : 0;
    stateAfterCapture = after;
    state = S.Capture;
  };

  for await (const buf of chunks) {
    const view = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
    const n = buf.length;
    let i = 0;
    captureStart = 0;
    // A capture that began on the chunk's last byte must still save its first piece.
    while (i < n || state === S.Capture) {
      if (state === S.Capture) {
        const end = scanValue(view, i, scan);
        if (end < 0) {
          parts.push(Buffer.from(view.subarray(captureStart, n)));
          break;
        }
        const text = finish(view, captureStart, end);
        // A bare value ends before a delimiter; `tru,` is then blamed on the `,`, as JSON.parse would.
        const following = scan.bare ? String.fromCharCode(view[end]!) : '';
        i = end;
        state = stateAfterCapture;
        if (capture === C.Key) {
          key = parseJsonAt(text, captureOffset, source) as string;
        } else if (capture === C.Field) {
          yield { kind: 'field', key, value: parseJsonAt(text, captureOffset, source, following) };
        } else {
          yield { kind: 'element', index: index++, byteOffset: captureOffset, text };
        }
        continue;
      }
      const c = buf[i]!;
      if (isWhitespace(c)) {
        i++;
        continue;
      }
      switch (state) {
        case S.BeforeRoot:
          if (base + i === bomMatched && c === UTF8_BOM[bomMatched]) {
            bomMatched++; // a UTF-8 byte order mark, possibly split across chunks
            i++;
          } else if (c === OPEN_BRACE) {
            state = S.KeyOrEnd;
            i++;
          } else {
            fail("expected '{' at the start of the document", buf, i);
          }
          break;
        case S.KeyOrEnd:
        case S.Key:
          if (state === S.KeyOrEnd && c === CLOSE_BRACE) {
            state = S.AfterRoot;
            i++;
          } else if (c === QUOTE) {
            begin(C.Key, S.Colon, c, i++);
          } else {
            fail('expected a member name', buf, i);
          }
          break;
        case S.Colon:
          if (c !== COLON) fail("expected ':' after a member name", buf, i);
          state = S.Value;
          i++;
          break;
        case S.Value:
          if (key === arrayKey && c === OPEN_BRACKET) {
            sawArray = true;
            state = S.ElementOrEnd;
            i++;
          } else if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COLON) {
            fail(`expected the value of "${key}"`, buf, i);
          } else {
            begin(C.Field, S.CommaOrEnd, c, i++);
          }
          break;
        case S.CommaOrEnd:
          if (c === COMMA) state = S.Key;
          else if (c === CLOSE_BRACE) state = S.AfterRoot;
          else fail("expected ',' or '}' after a member", buf, i);
          i++;
          break;
        case S.ElementOrEnd:
        case S.Element:
          if (state === S.ElementOrEnd && c === CLOSE_BRACKET) {
            state = S.CommaOrEnd;
            i++;
          } else if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || c === COLON) {
            fail(`expected an element of "${arrayKey}"`, buf, i);
          } else {
            begin(C.Element, S.ElementCommaOrEnd, c, i++);
          }
          break;
        case S.ElementCommaOrEnd:
          if (c === COMMA) state = S.Element;
          else if (c === CLOSE_BRACKET) state = S.CommaOrEnd;
          else fail(`expected ',' or ']' after an element of "${arrayKey}"`, buf, i);
          i++;
          break;
        default:
          fail('unexpected data after the end of the document', buf, i);
      }
    }
    base += n;
  }
  if (state !== S.AfterRoot) {
    throw new JsonSyntaxError('unexpected end of input (truncated document?)', base, source, '');
  }
  if (!sawArray) throw new FeedFormatError(`no "${arrayKey}" array in the top-level object`, source);
}
