import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv-records.js';

describe('fast CSV records', () => {
  it('reads what csv-parse reads: quotes, doubled quotes, commas and line breaks in fields, CRLF, empty lines', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""",\n\n"multi\nline",2,3\nplain,"",z\n"last",,end';
    const ours = readCsvRecords(text);
    expect(ours).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x, y', 'say "hi"', ''] },
        { line: 4, fields: ['multi\nline', '2', '3'] },
        { line: 6, fields: ['plain', '', 'z'] },
        { line: 7, fields: ['last', '', 'end'] },
      ],
    });
    const lf = text.replace(/^\uFEFF/, '').replace('\r\n', '\n');
    const theirs = parse(lf, { skip_empty_lines: true, relax_column_count: true });
    expect(ours.ok && ours.records.map((r) => r.fields)).toEqual(theirs);
  });

  it('reports broken quoting with its line', () => {
    expect(readCsvRecords('a,b\n1,"open\n2,3\n')).toEqual({
      ok: false,
      line: 2,
      reason: 'a quoted field is not closed',
    });
    expect(readCsvRecords('a,b\n"x"y,2\n')).toEqual({
      ok: false,
      line: 2,
      reason: 'a closing quote must end its field',
    });
    expect(readCsvRecords('a,b\nx"y,2\n')).toEqual({
      ok: false,
      line: 2,
      reason: 'a quote inside an unquoted field',
    });
  });
});
