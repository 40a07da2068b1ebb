import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportCell } from './csv-cell.js';

describe('exportCell', () => {
  it('neutralises a cell a spreadsheet would read as a formula', () => {
    expect(exportCell('=HYPERLINK("http://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
    );
    expect(exportCell('+44 20 7946 0000')).toBe("'+44 20 7946 0000");
    expect(exportCell('-2+3')).toBe("'-2+3");
    expect(exportCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(exportCell('\tcmd')).toBe("'\tcmd");
    expect(exportCell('\r=1')).toBe('"\'\r=1"');
  });

  it('leaves ordinary cells as they are, quoted only when RFC 4180 needs it', () => {
    expect(exportCell('RJ7')).toBe('RJ7');
    expect(exportCell('St Thomas, London')).toBe('"St Thomas, London"');
    expect(exportCell('a=b')).toBe('a=b');
    expect(exportCell(12)).toBe('12');
    expect(exportCell(false)).toBe('false');
    expect(exportCell(null)).toBe('');
  });

  it('reads back as text through a CSV parser', () => {
    const row = ['=1+1', 'x,"y"', '@me', 'plain'].map(exportCell).join(',');
    expect(parse(`${row}\n`)).toEqual([["'=1+1", 'x,"y"', "'@me", 'plain']]);
  });
});
