/**
 * `ward exception add`: accept a CVE on an organisation (or one asset) until a date.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../../domain/access/actor.js';
import {
  addException,
  type ExceptionInput,
  type ExceptionView,
} from '../../../services/exposure/exception.service.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions } from '../../output.js';

export function recordException(input: ExceptionInput): Promise<ExceptionView> {
  return withDatabase((database) => addException(database, cliActor(userInfo().username), input));
}

export const renderException = (e: ExceptionView): string =>
  `exception ${e.id}: ${e.cve} on ${e.org}${e.asset ? ` asset ${e.asset}` : ''} until ${e.expiresAt.slice(0, 10)}`;

export function registerExceptionAddCommand(exception: Command): void {
  exception
    .command('add')
    .description('accept a CVE on an organisation (or one asset) until a date, with compensating controls')
    .requiredOption('--org <code>', 'ODS code')
    .requiredOption('--cve <id>', 'CVE id')
    .option('--asset <id>', "the organisation's asset id; all assets when absent")
    .requiredOption('--reason <text>', 'why it cannot be fixed now')
    .requiredOption('--controls <text>', 'compensating controls in place')
    .requiredOption('--expires <date>', 'YYYY-MM-DD; the findings reopen then')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & ExceptionInput) => {
      const { json: _, ...input } = options;
      emit(await recordException(input), options, renderException);
    });
}
