import { describe, expect, it } from 'vitest';
import { scanValue, type ValueScan } from './json-value-scan.js';

function start(first: string): ValueScan {
  const c = first.charCodeAt(0);
  return {
    depth: c === 0x7b || c === 0x5b ? 1 : 0,
    inString: c === 0x22,
    escaped: false,
    bare: !'{["'.includes(first),
  };
}

describe('scanValue', () => {
  it('finds the end of an object, ignoring brackets and escaped quotes inside strings', () => {
    const text = Buffer.from('{"a":"}]\\"x","b":[1,{"c":2}]} trailing');
    expect(scanValue(text, 1, start('{'))).toBe(text.indexOf(' trailing'));
  });

  it('carries an escape that ends one chunk into the next', () => {
    const scan = start('"');
    expect(scanValue(Buffer.from('"ab\\'), 1, scan)).toBe(-1);
    expect(scan).toMatchObject({ inString: true, escaped: true });
    // The quote that opens the next chunk is escaped; the second one closes the string.
    expect(scanValue(Buffer.from('"cd", 1'), 0, scan)).toBe(4);
  });

  it('tells an escaped backslash before a quote from an escaped quote', () => {
    expect(scanValue(Buffer.from('"x\\\\" rest'), 1, start('"'))).toBe(5);
    expect(scanValue(Buffer.from('"x\\\\\\"y" rest'), 1, start('"'))).toBe(8);
  });

  it('ends a bare scalar before its delimiter, or asks for more', () => {
    expect(scanValue(Buffer.from('123.5e-2,'), 0, start('1'))).toBe(8);
    expect(scanValue(Buffer.from('tru'), 0, start('t'))).toBe(-1);
  });
});
