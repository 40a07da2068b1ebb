/**
 * `ward alert`: one file per subcommand, each with a function that returns the data its action
 * prints (as a table, or JSON with --json).
 */
import type { Command } from 'commander';
import { registerDraftCommands } from './drafts.js';
import { registerEditCommand } from './edit.js';
import { registerHistoryCommand } from './history.js';
import { registerIssueCommand } from './issue.js';
import { registerListCommand } from './list.js';
import { registerRespondCommand } from './respond.js';
import { registerStatusCommand } from './status.js';
import { registerWithdrawCommand } from './withdraw.js';

export function registerAlertCommands(program: Command): void {
  const alert = program
    .command('alert')
    .description(
      'national cyber alerts: issue, respond, follow up (48-hour acknowledgement, remediation, roll-ups)',
    );
  registerIssueCommand(alert);
  registerRespondCommand(alert);
  registerStatusCommand(alert);
  registerListCommand(alert);
  registerEditCommand(alert);
  registerWithdrawCommand(alert);
  registerHistoryCommand(alert);
  registerDraftCommands(alert);
}
