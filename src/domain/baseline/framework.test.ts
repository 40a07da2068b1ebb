import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkFramework, placedOutcomes } from './framework.js';

const SHIPPED = fileURLToPath(new URL('../../../fixtures/baseline/', import.meta.url));
const shipped = (name: string) => readFileSync(SHIPPED + name, 'utf8');

describe('shipped frameworks', () => {
  it('CAF v3.2 + objective E: 47 outcomes, 11 of them without "Partially achieved"', () => {
    const check = checkFramework('caf-3.2-e.json', shipped('caf-3.2-e.json'));
    if (!check.ok) throw new Error(JSON.stringify(check.problems));
    const outcomes = placedOutcomes(check.framework);
    expect(outcomes).toHaveLength(47);
    expect(outcomes.filter((o) => o.id.startsWith('E'))).toHaveLength(8);
    expect(outcomes.filter((o) => !o.levels.includes('Partially achieved')).map((o) => o.id)).toEqual([
      'A1.a',
      'A1.b',
      'A1.c',
      'A2.b',
      'A3.a',
      'C2.a',
      'C2.b',
      'D1.b',
      'D1.c',
      'D2.a',
      'D2.b',
    ]);
    for (const o of outcomes) expect(o.question.length).toBeGreaterThan(20);
  });

  it('CAF v4.0 + objective E: 49 outcomes, C2.b gone, A2.c, A4.b and C1.f new', () => {
    const check = checkFramework('caf-4.0-e.json', shipped('caf-4.0-e.json'));
    if (!check.ok) throw new Error(JSON.stringify(check.problems));
    const ids = placedOutcomes(check.framework).map((o) => o.id);
    expect(ids).toHaveLength(49);
    expect(ids).not.toContain('C2.b');
    expect(ids).toEqual(expect.arrayContaining(['A2.c', 'A4.b', 'C1.f']));
  });
});

describe('checkFramework', () => {
  const doc = (outcomes: string) => `{
  "id": "test-1",
  "title": "Test",
  "version": "1",
  "levels": ["Not achieved", "Partially achieved", "Achieved"],
  "objectives": [
    {
      "id": "A",
      "title": "Obj",
      "principles": [
        {
          "id": "A1",
          "title": "P",
          "outcomes": [
${outcomes}
          ]
        },
        { "id": "A2", "title": "Empty", "outcomes": [] }
      ]
    }
  ]
}`;
  const outcome = (id: string, levels = '"Not achieved", "Achieved"') =>
    `            { "id": "${id}", "title": "T", "levels": [${levels}], "question": "Q?", "guidance": "G" }`;

  it('reports every whole-document problem with its line, and accepts nothing', () => {
    const text = doc([outcome('A1.a'), outcome('A1.a'), outcome('A2.b'), outcome('B1.a')].join(',\n'));
    const check = checkFramework('bad.json', text);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '16: duplicate outcome id A1.a (first at /objectives/0/principles/0/outcomes/0/id)',
      '17: outcome A2.b is listed under principle A1, not A2',
      '18: outcome B1.a has no principle B1',
      '21: principle A2 has no outcomes',
    ]);
  });

  it('names an unknown level and an unknown field, with their lines', () => {
    const text = doc(
      [
        outcome('A1.a', '"Not achieved", "Mostly achieved"'),
        outcome('A1.b').replace('"guidance"', '"hint"'),
      ].join(',\n'),
    );
    const check = checkFramework('bad.json', text);
    if (check.ok) throw new Error('accepted');
    const reasons = check.problems.map((p) => `${p.line}: ${p.reason}`);
    expect(reasons).toContain(
      '15: /objectives/0/principles/0/outcomes/0/levels/1: unknown level "Mostly achieved" (allowed: Not achieved, Partially achieved, Achieved)',
    );
    expect(reasons).toContain('16: /objectives/0/principles/0/outcomes/1: unknown field "hint"');
    expect(reasons).toContain('16: /objectives/0/principles/0/outcomes/1: missing field "guidance"');
  });

  it('reports a file that is not JSON', () => {
    const check = checkFramework('x.json', '{ "id": ');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems[0]?.reason).toMatch(/^not valid JSON/);
  });
});
