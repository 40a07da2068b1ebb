/** `ward alert history`: an alert's versions. */
import type { Command } from 'commander';
import { alertHistory } from '../../../services/alerts/index.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions } from '../../output.js';
import { when } from './common.js';

export type AlertVersions = Awaited<ReturnType<typeof alertHistory>>;

export function history(reference: string): Promise<AlertVersions> {
  return withDatabase((database) => alertHistory(database, reference));
}

function render(versions: AlertVersions): string[] {
  return versions.map(
    (v) =>
      `v${v.version} ${v.kind} ${when(v.at)} by ${v.actor}${v.changes.length ? `: ${v.changes.join('; ')}` : ''}${v.note ? ` (${v.note})` : ''}`,
  );
}

export function registerHistoryCommand(alert: Command): void {
  alert
    .command('history')
    .description("an alert's versions: issue, edits and withdrawal, with who and when")
    .argument('<reference>', 'alert reference')
    .option('--json', 'print JSON')
    .action(async (reference: string, options: OutputOptions) =>
      emit(await history(reference), options, render),
    );
}
