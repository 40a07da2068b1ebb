/**
 * A small RFC 8259 grammar check that finds the first syntax error in a JSON text and says why, at
 * the index where `JSON.parse` (V8) reports it whenever V8 gives a position at all.
 */

/** The first syntax error in `text`: its UTF-16 index and a reason; null when the text is valid JSON. */
export interface JsonErrorLocation {
  index: number;
  reason: string;
}

/** Grammar states of {@link locateJsonError}. */
const State = { Value: 0, ValueOrEnd: 1, KeyOrEnd: 2, Key: 3, Colon: 4, After: 5 } as const;
type State = (typeof State)[keyof typeof State];

const OBJECT = 0;
const ARRAY = 1;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Returns the index after the string starting at `start` (a `"`), or an error location. */
function scanString(text: string, start: number): number | JsonErrorLocation {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { index: i, reason: 'control character in string' };
    if (c === 0x5c) {
      const e = text.charCodeAt(i + 1);
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) {
          if (!isHex(text.charCodeAt(i + k))) return { index: i + k, reason: 'bad \\u escape in string' };
        }
        i += 5;
      } else if (i + 1 < text.length && '"\\/bfnrt'.includes(text.charAt(i + 1))) {
        i += 1;
      } else {
        return { index: i + 1, reason: 'bad escape in string' };
      }
    }
  }
  return { index: text.length, reason: 'unterminated string' };
}

/** Returns the index after the number starting at `start`, or an error location. */
function scanNumber(text: string, start: number): number | JsonErrorLocation {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i++;
  if (text.charCodeAt(i) === 0x30) i++;
  else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
  else return { index: i, reason: 'bad number' };
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return { index: i, reason: 'bad number: digit expected after "."' };
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) return { index: i, reason: 'bad number: digit expected in exponent' };
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

function scanLiteral(text: string, start: number): number | JsonErrorLocation {
  const c = text.charAt(start);
  const literal = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : null;
  if (literal === null) return { index: start, reason: `unexpected character ${JSON.stringify(c)}` };
  for (let k = 1; k < literal.length; k++) {
    const at = start + k;
    if (at >= text.length) return { index: at, reason: 'unexpected end of input' };
    if (text.charAt(at) !== literal.charAt(k)) {
      return { index: at, reason: `unexpected character ${JSON.stringify(text.charAt(at))}` };
    }
  }
  return start + literal.length;
}

function scanScalar(text: string, i: number): number | JsonErrorLocation {
  const c = text.charCodeAt(i);
  if (c === 0x22) return scanString(text, i);
  if (c === 0x2d || isDigit(c)) return scanNumber(text, i);
  return scanLiteral(text, i);
}

/**
 * Finds the first syntax error in `text` (iteratively, so deep nesting cannot overflow the stack).
 * Returns null when `text` is one valid JSON value.
 */
export function locateJsonError(text: string): JsonErrorLocation | null {
  const stack: number[] = [];
  let state: State = State.Value;
  let i = 0;
  for (;;) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= text.length) {
      return state === State.After && stack.length === 0
        ? null
        : { index: i, reason: 'unexpected end of input' };
    }
    const c = text.charCodeAt(i);
    if (state === State.Value || state === State.ValueOrEnd) {
      if (state === State.ValueOrEnd && c === 0x5d) {
        stack.pop();
        state = State.After;
        i++;
      } else if (c === 0x7b) {
        stack.push(OBJECT);
        state = State.KeyOrEnd;
        i++;
      } else if (c === 0x5b) {
        stack.push(ARRAY);
        state = State.ValueOrEnd;
        i++;
      } else {
        const end = scanScalar(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        state = State.After;
      }
    } else if (state === State.KeyOrEnd || state === State.Key) {
      if (state === State.KeyOrEnd && c === 0x7d) {
        stack.pop();
        state = State.After;
        i++;
      } else if (c === 0x22) {
        const end = scanString(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        state = State.Colon;
      } else {
        return { index: i, reason: 'expected a string key' };
      }
    } else if (state === State.Colon) {
      if (c !== 0x3a) return { index: i, reason: "expected ':' after key" };
      state = State.Value;
      i++;
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return { index: i, reason: 'unexpected data after the JSON value' };
      if (c === 0x2c) state = top === OBJECT ? State.Key : State.Value;
      else if ((top === OBJECT && c === 0x7d) || (top === ARRAY && c === 0x5d)) stack.pop();
      else return { index: i, reason: top === OBJECT ? "expected ',' or '}'" : "expected ',' or ']'" };
      i++;
    }
  }
}
