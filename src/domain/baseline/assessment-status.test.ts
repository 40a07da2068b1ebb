import { describe, expect, it } from 'vitest';
import { outcomeStanding, overallStatus } from './assessment-status.js';

describe('overall status', () => {
  it('is met when every outcome is at or above profile', () => {
    expect(
      overallStatus([
        { expected: 'Partially achieved', claimed: 'Achieved', hasAction: false },
        { expected: 'Achieved', claimed: 'Achieved', hasAction: false },
      ]),
    ).toBe('met');
  });

  it('is approaching when outcomes are one level short, each with an action', () => {
    const short = { expected: 'Achieved', claimed: 'Partially achieved', hasAction: true } as const;
    expect(overallStatus([short, { expected: 'Achieved', claimed: 'Achieved', hasAction: false }])).toBe(
      'approaching',
    );
    expect(overallStatus([{ ...short, hasAction: false }])).toBe('not_met');
  });

  it('is not met when an outcome is two levels short or not answered', () => {
    expect(overallStatus([{ expected: 'Achieved', claimed: 'Not achieved', hasAction: true }])).toBe(
      'not_met',
    );
    expect(overallStatus([{ expected: 'Not achieved', claimed: null, hasAction: true }])).toBe('not_met');
  });

  it('ranks standings by levels short', () => {
    expect(outcomeStanding('Partially achieved', 'Not achieved')).toBe('one_short');
    expect(outcomeStanding('Achieved', 'Not achieved')).toBe('misses');
    expect(outcomeStanding('Not achieved', 'Not achieved')).toBe('meets');
    expect(outcomeStanding('Not achieved', null)).toBe('misses');
  });
});
