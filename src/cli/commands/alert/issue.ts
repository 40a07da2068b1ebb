/** `ward alert issue`: an alert, its targets and their messages in one transaction. */
import type { Command } from 'commander';
import { DEFAULT_ACK_HOURS, TARGET_SPEC_HELP } from '../../../domain/alerts/alert.js';
import { type IssueResult, issueAlert } from '../../../services/alerts/index.js';
import { withDatabase } from '../../context.js';
import { flagsForFields } from '../../field-flags.js';
import { emit, type OutputOptions, table } from '../../output.js';
import { wholeNumber } from '../org.js';
import { type ClockOptions, cliAlertContext, collect, instantArg, NOW_HELP, when } from './common.js';

export interface IssueOptions extends ClockOptions {
  title: string;
  severity: string;
  action: string;
  cve?: string[];
  advisory?: string;
  target?: string[];
  includePossible?: boolean;
  ackHours: number;
  by?: string;
}

/** `--include-possible` turns each `auto` of the specs into `auto:possible`. */
function targetSpecs(options: IssueOptions): string[] {
  if (!options.includePossible) return options.target ?? [];
  return (options.target ?? ['auto']).map((t) => t.replace(/(^|\+)\s*auto\s*(?=\+|$)/gi, '$1auto:possible'));
}

export function issue(options: IssueOptions): Promise<IssueResult> {
  return withDatabase((database) =>
    issueAlert(database, cliAlertContext(options), {
      title: options.title,
      severity: options.severity,
      action: options.action,
      cves: options.cve ?? [],
      advisory: options.advisory ?? null,
      targets: targetSpecs(options),
      ackHours: options.ackHours,
    }),
  );
}

function render(r: IssueResult): string[] {
  return [
    `${r.reference} issued (${r.severity}): ${r.title}`,
    `CVEs: ${r.cves.join(', ') || '-'}`,
    ...table(
      ['organisation', 'kind', 'devices', 'why', 'acknowledge by'],
      r.targets
        .slice(0, 50)
        .map((t) => [`${t.code} ${t.name}`, t.kind, t.assets, t.reasons.join(' | '), when(t.ackDueAt)]),
    ),
    ...(r.targets.length > 50
      ? [`… and ${r.targets.length - 50} more (ward alert status ${r.reference} --targets)`]
      : []),
    `${r.totals.organisations} organisations targeted, ${r.totals.assets} devices; ${r.messages} messages queued (ward notify run sends them)`,
    ...r.warnings.map((w) => `note: ${w}`),
  ];
}

export function registerIssueCommand(alert: Command): void {
  const command = alert
    .command('issue')
    .description(
      'issue an alert with a reference (WA-YYYY-NNNN), its CVEs, the action and its targets; targets and their ' +
        'messages are written in one transaction. auto targets organisations with open findings for the CVEs, and ' +
        'keeps targeting organisations that become exposed later.',
    )
    .requiredOption('--title <text>', 'what the alert is about, in a line')
    .requiredOption(
      '--severity <level>',
      'critical, high, medium or low (critical and high are e-mailed at once)',
    )
    .requiredOption('--action <text>', 'what to do, in plain words')
    .option('--cve <ids...>', 'CVE ids', collect)
    .option('--advisory <id>', 'a loaded advisory (its CVEs are the alert’s)')
    .option('--target <specs...>', `who it is for: ${TARGET_SPEC_HELP}; default auto`, collect)
    .option(
      '--include-possible',
      'auto targets organisations with possible findings too (auto becomes auto:possible)',
    )
    .option('--ack-hours <n>', 'hours to acknowledge', wholeNumber, DEFAULT_ACK_HOURS)
    .option('--by <name>', 'who issues it (recorded)')
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & IssueOptions) => emit(await issue(options), options, render));
  flagsForFields(command, { cves: '--cve', targets: '--target' });
}
