/**
 * The exposure engine's commands: `ward exposure list|summary|who|recompute` and `ward exception add`,
 * one file per subcommand, each returning data and rendering it apart.
 */
import type { Command } from 'commander';
import { registerExceptionAddCommand } from './exception-add.js';
import { registerListCommand } from './list.js';
import { registerRecomputeCommand } from './recompute.js';
import { registerSummaryCommand } from './summary.js';
import { registerWhoCommand } from './who.js';

export function registerExposureCommands(program: Command): void {
  const exposure = program
    .command('exposure')
    .description('who is exposed to what, prioritised for patient safety');
  registerListCommand(exposure);
  registerSummaryCommand(exposure);
  registerWhoCommand(exposure);
  registerRecomputeCommand(exposure);
  const exception = program
    .command('exception')
    .description('time-limited exceptions for findings that cannot be fixed yet');
  registerExceptionAddCommand(exception);
}
