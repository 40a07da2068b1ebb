/** `ward alert withdraw`: the alert withdrawn (a version); targets still answering told. */
import type { Command } from 'commander';
import { type WithdrawResult, withdrawAlert } from '../../../services/alerts/index.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions } from '../../output.js';
import { type ClockOptions, cliAlertContext, instantArg, NOW_HELP } from './common.js';

export interface WithdrawOptions extends ClockOptions {
  reason: string;
  by?: string;
}

export function withdraw(reference: string, options: WithdrawOptions): Promise<WithdrawResult> {
  return withDatabase((database) =>
    withdrawAlert(database, cliAlertContext(options), reference, options.reason),
  );
}

export function registerWithdrawCommand(alert: Command): void {
  alert
    .command('withdraw')
    .description('withdraw an alert (recorded as a version); targets still answering are told')
    .argument('<reference>', 'alert reference')
    .requiredOption('--reason <text>', 'why it is withdrawn')
    .option('--by <name>', 'who withdraws it (recorded)')
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(async (reference: string, options: OutputOptions & WithdrawOptions) =>
      emit(
        await withdraw(reference, options),
        options,
        (r) => `${r.reference} withdrawn (version ${r.version}); ${r.messages} messages queued`,
      ),
    );
}
