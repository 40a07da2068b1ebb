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
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  isWhitespace,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  scanValue,
  UTF8_BOM,
  type ValueScan,
} from './json-value-scan.js';

/** One item of the scan: a top-level member other than the array, or one element of the array. */
export type JsonStreamItem =
  | { kind: 'field'; key: string; value: unknown }
  | { kind: 'element'; index: number; byteOffset: number; text: string };

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
