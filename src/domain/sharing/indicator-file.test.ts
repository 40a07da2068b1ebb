import { describe, expect, it } from 'vitest';
import { guessIndicatorFormat, parseIndicatorFile } from './indicator-file.js';

describe('indicator files', () => {
  it('reads CSV rows with their lines and lists in any separator', () => {
    const r = parseIndicatorFile(
      'f.csv',
      'value,tlp,share_with,group,confidence\n\nevil.example,amber,"RJ7; under:QWE",g1 g2,80\n1.2.3.4,green,,,\n',
      'csv',
    );
    expect(r.problems).toEqual([]);
    expect(r.lines).toEqual([3, 4]);
    expect(r.records[0]).toMatchObject({
      value: 'evil.example',
      tlp: 'amber',
      confidence: 80,
      shareWith: { orgs: ['RJ7', 'under:QWE'], groups: ['g1', 'g2'], people: [] },
    });
    expect(r.records[1]?.confidence).toBeNull();
  });

  it('reports unknown columns, bad confidences, missing columns and empty files', () => {
    expect(parseIndicatorFile('f.csv', 'value,tlp,colour\nx.example,green,red\n', 'csv').problems).toEqual([
      { file: 'f.csv', line: 1, reason: expect.stringContaining('unknown column colour') },
    ]);
    expect(
      parseIndicatorFile('f.csv', 'value,tlp,confidence\nx.example,green,high\n', 'csv').problems,
    ).toEqual([{ file: 'f.csv', line: 2, field: 'confidence', reason: 'give a whole number from 0 to 100' }]);
    expect(parseIndicatorFile('f.csv', 'value\nx.example\n', 'csv').problems[0]?.reason).toContain(
      'missing column tlp',
    );
    expect(parseIndicatorFile('f.csv', 'value,tlp\n', 'csv').problems).toEqual([
      { file: 'f.csv', line: 0, reason: 'the file holds no indicators' },
    ]);
  });

  it('reads JSON arrays or {indicators}, every bad record by its number', () => {
    const ok = parseIndicatorFile(
      'f.json',
      '{"indicators":[{"value":"a.example","tlp":"RED","people":["ann"]}]}',
      'json',
    );
    expect(ok.records).toEqual([
      expect.objectContaining({
        value: 'a.example',
        tlp: 'RED',
        shareWith: { orgs: [], groups: [], people: ['ann'] },
      }),
    ]);
    const bad = parseIndicatorFile(
      'f.json',
      JSON.stringify([
        { value: 'a.example', tlp: 'green' },
        7,
        { tlp: 'green' },
        { value: 'b', tlp: 'x', groups: 'g' },
        { value: 'c', tlp: 'red', people: ['a\u0000'] },
      ]),
      'json',
    );
    expect(bad.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'value'],
      [3, 'value'],
      [4, 'groups'],
      [5, 'people'],
    ]);
    expect(parseIndicatorFile('f.json', '{"x":1}', 'json').problems[0]?.reason).toContain(
      'expected an array',
    );
    expect(parseIndicatorFile('f.json', '[', 'json').problems[0]?.reason).toMatch(/^not valid JSON/);
  });

  it('guesses JSON from the name or the first character', () => {
    expect(guessIndicatorFormat('x.JSON', 'value')).toBe('json');
    expect(guessIndicatorFormat('upload', '  [{}]')).toBe('json');
    expect(guessIndicatorFormat('iocs.csv', 'value,tlp')).toBe('csv');
  });
});
