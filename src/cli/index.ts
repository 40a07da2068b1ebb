/**
 * The `ward` command: registers the commands and turns errors into messages and exit codes
 * (0 done, 1 failed, 2 bad input or usage).
 */
import { Command, CommanderError } from 'commander';
import { InvalidInputError, WardError } from '../errors.js';
import { registerCommandGroups } from './command-groups.js';
import { wordProblem } from './field-flags.js';

/** The subcommand being run, so that errors can be worded in its flags. */
let running: Command | null = null;

/** The `ward` program with the commands `args` (the command line after `ward`) needs: command-groups.ts. */
export async function buildProgram(args: readonly string[]): Promise<Command> {
  const program = new Command('ward')
    .description('Ward: cyber-security support and threat intelligence for a national health network')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .hook('preAction', (_program, action) => {
      running = action;
    });
  await registerCommandGroups(program, args);
  return program;
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.exitCode === 0
      ? 0
      : 2;
  }
  if (error instanceof InvalidInputError) {
    for (const p of error.problems) process.stderr.write(`${wordProblem(running, p)}\n`);
    const allWorded = error.problems.length > 0 && error.problems.every((p) => p.field !== undefined);
    if (!allWorded) process.stderr.write(`ward: ${error.message}\n`);
    return 2;
  }
  if (error instanceof WardError) {
    process.stderr.write(`ward: ${error.message}\n`);
    return error.code === 'too_large' ? 2 : 1;
  }
  process.stderr.write(`ward: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
  return 1;
}

try {
  await (await buildProgram(process.argv.slice(2))).parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error);
}
