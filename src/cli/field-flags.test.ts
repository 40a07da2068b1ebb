import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { invalidFields } from '../errors.js';
import { flagFor, flagsForFields, wordProblem } from './field-flags.js';

function respond(): Command {
  const command = new Command('respond')
    .option('--next-update <when>', 'when the next update is due')
    .option('--org <codes...>', 'organisations');
  return flagsForFields(command, { orgs: '--org' });
}

describe('field problems worded as flags', () => {
  it('finds the flag by its attribute name or by a declared rename', () => {
    const command = respond();
    expect(flagFor(command, 'nextUpdate')).toBe('--next-update');
    expect(flagFor(command, 'orgs')).toBe('--org');
    expect(flagFor(command, 'reason')).toBeNull();
    expect(flagFor(null, 'nextUpdate')).toBeNull();
  });

  it('words a field problem with the flag, a field without one by its name, a file problem by place', () => {
    const error = invalidFields({ nextUpdate: '2026-13-01 is not a date', reason: 'is required' });
    expect(error.message).toBe('nextUpdate: 2026-13-01 is not a date; reason: is required');
    const command = respond();
    expect(error.problems.map((p) => wordProblem(command, p))).toEqual([
      '--next-update: 2026-13-01 is not a date',
      'reason: is required',
    ]);
    expect(wordProblem(command, { file: 'assets.csv', line: 4, reason: 'bad ODS code' })).toBe(
      'assets.csv:4: bad ODS code',
    );
  });
});
