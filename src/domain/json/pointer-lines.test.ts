import { describe, expect, it } from 'vitest';
import { lineOf, pointerLines } from './pointer-lines.js';

describe('pointerLines', () => {
  const text = '{\n  "a": [\n    {"id": "x"},\n    {\n      "id": "y\\"z"\n    }\n  ],\n  "b/c": 2\n}\n';
  const lines = pointerLines(text);

  it('gives the line each value starts on', () => {
    expect(lines.get('')).toBe(1);
    expect(lines.get('/a')).toBe(2);
    expect(lines.get('/a/0/id')).toBe(3);
    expect(lines.get('/a/1')).toBe(4);
    expect(lines.get('/a/1/id')).toBe(5);
    expect(lines.get('/b~1c')).toBe(8);
  });

  it('falls back to the nearest ancestor for a pointer that does not exist', () => {
    expect(lineOf(lines, '/a/1/title')).toBe(4);
    expect(lineOf(lines, '/nothing')).toBe(1);
  });
});
