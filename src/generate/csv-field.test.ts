import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from './csv-field.js';

describe('csv quoting', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('RTG')).toBe('RTG');
    expect(csvField('')).toBe('');
    expect(csvField("St George's")).toBe("St George's");
    expect(csvField('Shropshire, Telford and Wrekin')).toBe('"Shropshire, Telford and Wrekin"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('round-trips awkward values through csv-parse', () => {
    const values = [
      'a,b',
      'x"y',
      'cpe:2.3:a:notepad-plus-plus:notepad\\+\\+:8.6:*:*:*:*:*:*:*',
      '',
      'l1\r\nl2',
      ' s ',
    ];
    expect(parse(`${csvRecord(values)}\n`)).toEqual([values]);
  });
});
