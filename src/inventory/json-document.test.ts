import { describe, expect, it } from 'vitest';
import { containerLines, jsonPath, readJsonDocument } from './json-document.js';

describe('jsonPath', () => {
  it('writes members, elements and odd keys', () => {
    expect(jsonPath('', 'components')).toBe('components');
    expect(jsonPath(jsonPath('components', 12), 'components')).toBe('components[12].components');
    expect(jsonPath('', 0)).toBe('[0]');
    expect(jsonPath('metadata', 'bom-ref')).toBe('metadata.bom-ref');
    expect(jsonPath('', 'installed apps')).toBe('["installed apps"]');
  });
});

describe('containerLines', () => {
  it('gives the line each object and array opens on, through strings with brackets, commas and escapes', () => {
    const text = [
      '[',
      '  { "a": "x,}]{[", "b\\"q": [',
      '      1,',
      '      { "c": "\\\\" }',
      '    ] },',
      '  {',
      '    "d": {}',
      '  }',
      ']',
    ].join('\n');
    expect(JSON.parse(text)).toBeTruthy();
    expect(Object.fromEntries(containerLines(text))).toEqual({
      '': 1,
      '[0]': 2,
      '[0]["b\\"q"]': 2,
      '[0]["b\\"q"][1]': 4,
      '[1]': 6,
      '[1].d': 7,
    });
  });
});

describe('readJsonDocument', () => {
  it('reads chunks split inside a multi-byte character, and reports errors by byte and line', async () => {
    const bytes = Buffer.from('{"name": "Ward – é"}\n', 'utf8');
    const doc = await readJsonDocument('x.json', [bytes.subarray(0, 15), bytes.subarray(15)]);
    expect(doc).toMatchObject({ value: { name: 'Ward – é' } });
    const broken = await readJsonDocument('x.json', '{\n  "é": 1,\n  "b": tru\n}');
    // "é" is two bytes: the bad byte `\n` after `tru` is at UTF-16 index 22, byte 23.
    expect(broken).toEqual({
      file: 'x.json',
      line: 3,
      reason: 'invalid JSON at byte 23: unexpected character "\\n" near "\\n}"',
    });
  });
});
