/**
 * COPY text format as Ward writes it for bulk loads (PostgreSQL docs, "COPY", Text Format): the
 * exact text each kind of value becomes, and rows joined by tabs into newline-ended lines.
 */
import { describe, expect, it } from 'vitest';
import { copyChunks, copyText } from '../../src/db/copy.js';

async function text(rows: Parameters<typeof copyChunks>[0], chunkBytes?: number): Promise<string[]> {
  const chunks: string[] = [];
  for await (const c of copyChunks(rows, chunkBytes)) chunks.push(c);
  return chunks;
}

describe('COPY text', () => {
  it('writes null as \\N, booleans as t/f, numbers and bigints in full, dates as ISO instants', () => {
    expect([null, undefined, true, false, 42, -1.5, 12345678901234567890n].map(copyText)).toEqual([
      '\\N',
      '\\N',
      't',
      'f',
      '42',
      '-1.5',
      '12345678901234567890',
    ]);
    const first = new Date('2026-03-01T02:00:00.000Z');
    const second = new Date('2026-03-02T02:00:00.000Z');
    expect([first, first, second, new Date(first.getTime()), second].map(copyText)).toEqual([
      '2026-03-01T02:00:00.000Z',
      '2026-03-01T02:00:00.000Z',
      '2026-03-02T02:00:00.000Z',
      '2026-03-01T02:00:00.000Z',
      '2026-03-02T02:00:00.000Z',
    ]);
    expect(() => copyText(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('escapes backslashes, tabs, newlines and carriage returns, and leaves other text as it is', () => {
    expect(copyText('plain text, "quoted" ; and ünïcode')).toBe('plain text, "quoted" ; and ünïcode');
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText('')).toBe('');
    expect(copyText('\\N')).toBe('\\\\N');
  });

  it('joins each row with tabs into a line, in chunks of about the size asked', async () => {
    expect(await text([['a', 1, null], ['b\tc', true, new Date('2026-01-01T00:00:00Z')], []])).toEqual([
      'a\t1\t\\N\nb\\tc\tt\t2026-01-01T00:00:00.000Z\n\n',
    ]);
    async function* rows() {
      for (let i = 0; i < 5; i++) yield [`row${i}`];
    }
    expect(await text(rows(), 10)).toEqual(['row0\nrow1\n', 'row2\nrow3\n', 'row4\n']);
    // Rows from a plain iterable (read without awaiting each) make the same chunks.
    function* plainRows() {
      for (let i = 0; i < 5; i++) yield [`row${i}`];
    }
    expect(await text(plainRows(), 10)).toEqual(['row0\nrow1\n', 'row2\nrow3\n', 'row4\n']);
  });
});
