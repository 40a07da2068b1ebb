import { describe, expect, it } from 'vitest';
import type { Level } from './level.js';
import { checkProfileCsv } from './profile-csv.js';

const FRAMEWORKS = new Map([
  [
    'caf-3.2-e',
    new Map<string, Level[]>([
      ['A1.a', ['Not achieved', 'Achieved']],
      ['B4.d', ['Not achieved', 'Partially achieved', 'Achieved']],
    ]),
  ],
]);

describe('checkProfileCsv', () => {
  it('reads rows, accepting short level names', () => {
    const check = checkProfileCsv(
      'p.csv',
      'framework,year,kind,outcome,expected_level\ncaf-3.2-e,2025,trust,B4.d,pa\n',
      FRAMEWORKS,
    );
    expect(check).toEqual({
      ok: true,
      entries: [
        {
          framework: 'caf-3.2-e',
          year: 2025,
          kind: 'trust',
          outcome: 'B4.d',
          expectedLevel: 'Partially achieved',
        },
      ],
    });
  });

  it('reports every bad row with its line', () => {
    const text = [
      'framework,year,kind,outcome,expected_level',
      'caf-3.2-e,2025,trust,A1.a,Partially achieved',
      'caf-9,2025,trust,A1.a,Achieved',
      'caf-3.2-e,25,hospital,Z9.z,Mostly',
      'caf-3.2-e,2025,trust,B4.d,Achieved',
      'caf-3.2-e,2025,trust,B4.d,Achieved',
    ].join('\n');
    const check = checkProfileCsv('p.csv', text, FRAMEWORKS);
    if (check.ok) throw new Error('accepted');
    expect(check.problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '2: outcome A1.a does not allow "Partially achieved" (allowed: Not achieved, Achieved)',
      '3: unknown framework "caf-9" (known: caf-3.2-e)',
      '4: year "25" is not a four-digit year',
      '4: unknown organisation kind "hospital"',
      '4: unknown level "Mostly" (Not achieved, Partially achieved or Achieved)',
      '4: outcome "Z9.z" is not in framework caf-3.2-e',
      '6: caf-3.2-e 2025 trust B4.d is given twice (first on line 5)',
    ]);
  });
});
