/** `ward alert edit`: a new version of an alert; every target told. */
import type { Command } from 'commander';
import { TARGET_SPEC_HELP } from '../../../domain/alerts/alert.js';
import { InvalidInputError } from '../../../errors.js';
import { type EditResult, editAlert } from '../../../services/alerts/index.js';
import { withDatabase } from '../../context.js';
import { flagsForFields } from '../../field-flags.js';
import { emit, type OutputOptions } from '../../output.js';
import { type ClockOptions, cliAlertContext, collect, instantArg, NOW_HELP } from './common.js';

export interface EditOptions extends ClockOptions {
  title?: string;
  severity?: string;
  action?: string;
  addCve?: string[];
  addTarget?: string[];
  note?: string;
  by?: string;
}

export function edit(reference: string, options: EditOptions): Promise<EditResult> {
  return withDatabase((database) =>
    editAlert(database, cliAlertContext(options), reference, {
      title: options.title ?? null,
      severity: options.severity ?? null,
      action: options.action ?? null,
      addCves: options.addCve ?? [],
      addTargets: options.addTarget ?? [],
      note: options.note ?? null,
    }),
  );
}

function render(r: EditResult): string[] {
  return [
    `${r.reference} is now version ${r.version}:`,
    ...r.changes.map((c) => `  ${c}`),
    `${r.newTargets} new targets; ${r.messages} messages queued`,
  ];
}

export function registerEditCommand(alert: Command): void {
  const command = alert
    .command('edit')
    .description(
      'change an alert after issue: a new version; every target is told; new CVEs or targets bring new targets',
    )
    .argument('<reference>', 'alert reference')
    .option('--title <text>', 'new title')
    .option('--severity <level>', 'new severity')
    .option('--action <text>', 'new required action')
    .option('--add-cve <ids...>', 'CVEs to add', collect)
    .option('--add-target <specs...>', `targets to add: ${TARGET_SPEC_HELP}`, collect)
    .option('--note <text>', 'what changed and why, for the targets')
    .option('--by <name>', 'who edits it (recorded)')
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(async (reference: string, options: OutputOptions & EditOptions) => {
      if (!options.title && !options.severity && !options.action && !options.addCve && !options.addTarget)
        throw new InvalidInputError(
          'nothing to change: give --title, --severity, --action, --add-cve or --add-target',
        );
      emit(await edit(reference, options), options, render);
    });
  flagsForFields(command, { addCves: '--add-cve', addTargets: '--add-target' });
}
