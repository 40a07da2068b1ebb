/** `ward alert list`: alerts newest first, their targets counted by state. */

import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../../domain/access/actor.js';
import { type AlertSummary, listAlerts } from '../../../services/alerts/index.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions, table } from '../../output.js';
import { type ClockOptions, cliClock, instantArg, NOW_HELP, when } from './common.js';

export interface ListOptions extends ClockOptions {
  open?: boolean;
}

export function list(options: ListOptions): Promise<AlertSummary[]> {
  return withDatabase((database) =>
    listAlerts(database, cliActor(userInfo().username), cliClock(options), { open: options.open === true }),
  );
}

function render(alerts: AlertSummary[]): string | string[] {
  if (alerts.length === 0) return 'no alerts';
  return table(
    [
      'reference',
      'severity',
      'title',
      'issued',
      'targets',
      'awaiting',
      'overdue',
      'acknowledged',
      'in progress',
      'resolved',
      'n/a',
    ],
    alerts.map((a) => [
      a.reference,
      a.severity,
      `${a.title}${a.withdrawn ? ' (withdrawn)' : ''}`,
      when(a.issuedAt),
      a.targets,
      a.awaiting,
      a.overdue,
      a.acknowledged,
      a.inProgress,
      a.resolved,
      a.notApplicable,
    ]),
  );
}

export function registerListCommand(alert: Command): void {
  alert
    .command('list')
    .description('alerts, newest first, with their targets by state')
    .option('--open', 'only alerts not withdrawn that some target is still answering')
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & ListOptions) => emit(await list(options), options, render));
}
