import { describe, expect, it } from 'vitest';
import { findUnstorableText, jsonMayHoldUnstorableText, unstorableText } from './storable-text.js';

describe('unstorableText', () => {
  it('accepts any well-formed text without NUL, surrogate pairs included', () => {
    for (const ok of ['', 'plain', 'Café – naïve', 'emoji \u{1F600} ok', '\t\r\n control is fine'])
      expect(unstorableText(ok)).toBeNull();
  });

  it('names the first NUL or lone surrogate with its 1-based position', () => {
    expect(unstorableText('ab\u0000c')).toBe('contains a NUL character (U+0000) at character 3');
    expect(unstorableText('\ud800')).toBe('contains a lone surrogate (U+D800) at character 1');
    expect(unstorableText('x\udc00')).toBe('contains a lone surrogate (U+DC00) at character 2');
    expect(unstorableText('\u{1F600}\ud83d')).toBe('contains a lone surrogate (U+D83D) at character 3');
  });
});

describe('findUnstorableText', () => {
  it('finds the path of a bad value or member name at any depth', () => {
    expect(findUnstorableText({ a: [{ b: 'ok' }, { b: 'x\u0000' }] }, 'body')).toEqual({
      path: 'body.a[1].b',
      reason: 'contains a NUL character (U+0000) at character 2',
    });
    expect(findUnstorableText({ 'k\ud800': 1 }, 'body')?.reason).toMatch(/^a member name contains a lone/);
    expect(findUnstorableText({ a: [1, true, null, 'fine'] })).toBeNull();
  });

  it('walks nesting far deeper than the stack allows for recursion', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)?.reason).toMatch(/NUL/);
  });
});

describe('jsonMayHoldUnstorableText', () => {
  it('is false for JSON text whose value holds only storable strings', () => {
    for (const text of ['{"a":"plain"}', '["Café – naïve","\\n\\t"]', '{"u":"\\u00e9\\u0041"}'])
      expect(jsonMayHoldUnstorableText(text)).toBe(false);
  });

  it('is true wherever findUnstorableText would find something in the parsed value', () => {
    const bad = [
      '{"a":"x\\u0000"}',
      '{"a":"\\ud800"}',
      '["\\uDC00"]',
      '{"\\uDBFF":1}',
      `["raw ${'\ud800'}"]`,
    ];
    for (const text of bad) {
      expect(findUnstorableText(JSON.parse(text)), text).not.toBeNull();
      expect(jsonMayHoldUnstorableText(text), text).toBe(true);
    }
  });
});
