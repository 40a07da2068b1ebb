/**
 * The CLI's wording of problems with a request's fields: a domain error names a field by its API
 * name (`nextUpdate`), the CLI says which flag sets it (`--next-update`). A command's option answers
 * for the field of its own name (commander's camel-cased attribute name); a command whose flags are
 * named otherwise (`--org` for `orgs`) says so with `flagsForFields`.
 */
import type { Command } from 'commander';
import { formatProblem, type InputProblem } from '../errors.js';

const renamed = new WeakMap<Command, Readonly<Record<string, string>>>();

/** Declares the flags that set fields of another name: `flagsForFields(cmd, { orgs: '--org' })`. */
export function flagsForFields(command: Command, flags: Readonly<Record<string, string>>): Command {
  renamed.set(command, { ...renamed.get(command), ...flags });
  return command;
}

/** The flag that sets `field` on this command, or null when none does. */
export function flagFor(command: Command | null, field: string): string | null {
  if (!command) return null;
  const declared = renamed.get(command)?.[field];
  if (declared) return declared;
  const option = command.options.find((o) => o.attributeName() === field);
  return option?.long ?? null;
}

/**
 * One problem as the CLI prints it: `--next-update: reason`, or `FILE:LINE: reason` for input files
 * (`FILE:LINE: column: reason` when a file's record names its field).
 */
export function wordProblem(command: Command | null, problem: InputProblem): string {
  if (problem.field === undefined) return formatProblem(problem);
  if (problem.file !== 'request' && problem.line > 0)
    return `${problem.file}:${problem.line}: ${problem.field}: ${problem.reason}`;
  return `${flagFor(command, problem.field) ?? problem.field}: ${problem.reason}`;
}
