import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from './locate-json-error.js';

describe('locateJsonError', () => {
  it.each([
    ['{"a":1 "b":2}', 7, "expected ',' or '}'"],
    ['[1,2,]', 5, 'unexpected character "]"'],
    ['{"a":tru}', 8, 'unexpected character "}"'],
    ['{"a":x}', 5, 'unexpected character "x"'],
    ['{"a":"x\\q"}', 8, 'bad escape in string'],
    ['{"a":"x\\u12G4"}', 11, 'bad \\u escape in string'],
    ['{"a":01}', 6, "expected ',' or '}'"],
    ['{"a":1.}', 7, 'bad number: digit expected after "."'],
    ['{"a":[1,2}', 9, "expected ',' or ']'"],
    ['{"a" 1}', 5, "expected ':' after key"],
    ['{a:1}', 1, 'expected a string key'],
    ['{"a":"line\nbreak"}', 10, 'control character in string'],
    ['{"a":1} x', 8, 'unexpected data after the JSON value'],
    ['{"a":[1,2', 9, 'unexpected end of input'],
    ['"open', 5, 'unterminated string'],
  ])('finds the error in %j at %i', (text, index, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)).toEqual({ index, reason });
  });

  it('accepts exactly what JSON.parse accepts (valid documents)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expect(locateJsonError(JSON.stringify(value, null, pretty ? 2 : undefined))).toBeNull();
      }),
    );
  });

  it('rejects what JSON.parse rejects, at the position V8 gives when it gives one', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom('}', ']', ',', ':', '"', 'x', '\\'),
        (value, at, junk) => {
          const valid = JSON.stringify(value);
          const text = valid.slice(0, at % (valid.length + 1)) + junk + valid.slice(at % (valid.length + 1));
          let parses = true;
          let v8Position: number | null = null;
          try {
            JSON.parse(text);
          } catch (error) {
            parses = false;
            const match = /at position (\d+)/.exec((error as Error).message);
            if (match) v8Position = Number(match[1]);
          }
          const location = locateJsonError(text);
          expect(location === null).toBe(parses);
          if (location) expect(location.index).toBeLessThanOrEqual(text.length);
          // Where V8 does say where, it agrees with us.
          if (location && v8Position !== null) expect(location.index).toBe(v8Position);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
