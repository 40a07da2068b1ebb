/** `ward alert respond`: a response for organisations, one by one or every target in a subtree. */
import type { Command } from 'commander';
import { STATE_LABELS } from '../../../domain/alerts/target-state.js';
import { type RespondResult, respondToAlert } from '../../../services/alerts/index.js';
import { withDatabase } from '../../context.js';
import { flagsForFields } from '../../field-flags.js';
import { emit, type OutputOptions } from '../../output.js';
import { type ClockOptions, cliAlertContext, collect, instantArg, NOW_HELP, when } from './common.js';

export interface RespondOptions extends ClockOptions {
  org?: string[];
  under?: string;
  status: string;
  note?: string;
  reason?: string;
  nextUpdate?: string;
  by?: string;
}

export function respond(reference: string, options: RespondOptions): Promise<RespondResult> {
  return withDatabase((database) =>
    respondToAlert(database, cliAlertContext(options), {
      reference,
      orgs: options.org,
      under: options.under ?? null,
      status: options.status,
      note: options.note ?? null,
      reason: options.reason ?? null,
      nextUpdate: options.nextUpdate ?? null,
    }),
  );
}

function render(r: RespondResult): string[] {
  return [
    `${r.reference}: ${r.applied.length} organisation${r.applied.length === 1 ? '' : 's'} now ${STATE_LABELS[r.status]}` +
      `${r.nextUpdateDueAt ? `; next update due ${when(r.nextUpdateDueAt)}` : ''}`,
    ...r.applied.map(
      (a) =>
        `  ${a.code}: ${STATE_LABELS[a.from]} → ${STATE_LABELS[r.status]}${a.lateAcknowledgement ? ' (acknowledged late)' : ''}`,
    ),
    ...r.skipped.map((s) => `  skipped ${s.code}: ${s.reason}`),
  ];
}

export function registerRespondCommand(alert: Command): void {
  const command = alert
    .command('respond')
    .description(
      'record a response for organisations: awaiting acknowledgement → acknowledged → in_progress → resolved | ' +
        'not_applicable. --under answers for every target in a subtree (an ICB for its practices) in one transaction, ' +
        'one history entry per organisation.',
    )
    .argument('<reference>', 'alert reference, e.g. WA-2026-0001')
    .option('--org <codes...>', 'ODS codes of the organisations', collect)
    .option('--under <code>', 'every target organisation in this subtree')
    .requiredOption('--status <state>', 'acknowledged, in_progress, resolved or not_applicable')
    .option('--note <text>', 'what has been done')
    .option('--reason <text>', 'why it does not apply (required for not_applicable)')
    .option('--next-update <date>', 'when the next progress update will come (default: in 3 days)')
    .option('--by <name>', 'who responds (recorded)')
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(async (reference: string, options: OutputOptions & RespondOptions) =>
      emit(await respond(reference, options), options, render),
    );
  flagsForFields(command, { orgs: '--org' });
}
