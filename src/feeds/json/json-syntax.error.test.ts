import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonAt } from './json-syntax.error.js';

describe('parseJsonAt', () => {
  it('reports the absolute byte offset, counting multi-byte characters as bytes', () => {
    const text = '{"name":"café — ok","n":1 "x":2}';
    const error = (() => {
      try {
        parseJsonAt(text, 1000, 'feed.json');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(JsonSyntaxError);
    // "é" is 2 bytes and "—" is 3 bytes in UTF-8: the char index 26 is byte 29.
    expect(text.indexOf('"x"')).toBe(26);
    expect((error as JsonSyntaxError).byteOffset).toBe(1029);
    expect((error as Error).message).toBe(
      'invalid JSON in feed.json at byte 1029: expected \',\' or \'}\' near "\\"x\\":2}"',
    );
  });
});
