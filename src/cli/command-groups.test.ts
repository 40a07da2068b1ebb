import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS, groupsFor } from './command-groups.js';

/** The top-level command names a program has, in order. */
const names = (program: Command) => program.commands.map((c) => c.name());

describe('the command groups loaded on demand', () => {
  it('name exactly the top-level commands each module registers', async () => {
    for (const group of COMMAND_GROUPS) {
      const program = new Command('ward');
      (await group.load())(program);
      expect(names(program), group.names.join(',')).toEqual(group.names);
    }
  }, 60_000);

  it('load, for a command, every module registering under its name, and all of them otherwise', () => {
    expect(groupsFor(['alert', 'status', 'WA-2026-0001']).map((g) => g.names)).toEqual([['alert']]);
    expect(groupsFor(['vuln', 'show', 'CVE-2017-0144']).map((g) => g.names)).toEqual([['intel', 'vuln']]);
    expect(groupsFor(['external', 'remote-access'])).toHaveLength(2);
    for (const args of [[], ['--help'], ['-V'], ['help', 'alert'], ['no-such-command']])
      expect(groupsFor(args)).toBe(COMMAND_GROUPS);
  });

  it('register, when all are loaded, every top-level command once', async () => {
    const program = new Command('ward');
    for (const group of COMMAND_GROUPS) (await group.load())(program);
    const all = [...new Set(COMMAND_GROUPS.flatMap((g) => g.names))];
    expect(names(program)).toEqual(all);
  }, 60_000);
});
