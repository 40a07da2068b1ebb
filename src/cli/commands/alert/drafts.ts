/**
 * `ward alert drafts` and `ward alert draft issue|dismiss`: alerts Ward drafted (a KEV entry for a
 * remote-working product some organisations run) for the national centre to review, issue in one
 * step, or dismiss with a reason.
 */
import type { Command } from 'commander';
import {
  type AlertDraftView,
  dismissAlertDraft,
  type IssueDraftResult,
  issueAlertDraft,
  listAlertDrafts,
} from '../../../services/alerts/index.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions } from '../../output.js';
import { type ClockOptions, cliAlertContext, instantArg, NOW_HELP, when } from './common.js';

export interface DraftsOptions extends ClockOptions {
  all?: boolean;
}

export function drafts(options: DraftsOptions): Promise<AlertDraftView[]> {
  return withDatabase((database) =>
    listAlertDrafts(database, cliAlertContext(options), options.all ? 'all' : 'pending'),
  );
}

export function issueDraft(id: string, options: ClockOptions & { by?: string }): Promise<IssueDraftResult> {
  return withDatabase((database) => issueAlertDraft(database, cliAlertContext(options), id));
}

export function dismissDraft(
  id: string,
  options: ClockOptions & { by?: string; reason: string },
): Promise<AlertDraftView> {
  return withDatabase((database) =>
    dismissAlertDraft(database, cliAlertContext(options), id, options.reason),
  );
}

function stateOf(d: AlertDraftView): string {
  if (d.issued) return `issued as ${d.issued.reference ?? '?'} by ${d.issued.by}, ${when(d.issued.at)}`;
  if (d.dismissed) return `dismissed by ${d.dismissed.by}, ${when(d.dismissed.at)}: ${d.dismissed.reason}`;
  return 'to review';
}

export function renderDrafts(list: AlertDraftView[]): string[] {
  if (list.length === 0) return ['no alert drafts to review'];
  return list.flatMap((d) => [
    `#${d.id}  [${d.severity}] ${d.title}  (${stateOf(d)})`,
    `  why: ${d.why}`,
    `  action: ${d.action}`,
    `  targets (${d.targets.length}): ${d.targets.join(' ')}`,
    `  drafted ${when(d.createdAt)}${d.state === 'pending' ? `; issue: ward alert draft issue ${d.id}` : ''}`,
    '',
  ]);
}

export function registerDraftCommands(alert: Command): void {
  alert
    .command('drafts')
    .description(
      'alerts Ward drafted for review (a KEV entry for a remote-working product in use), newest first',
    )
    .option('--all', 'issued and dismissed drafts too')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & DraftsOptions) =>
      emit(await drafts(options), options, renderDrafts),
    );

  const draft = alert
    .command('draft')
    .description('decide an alert draft: issue it as it stands, or dismiss it');
  draft
    .command('issue')
    .description(
      'issue the draft as a national alert (its title, severity, action, CVEs and targets), in one step',
    )
    .argument('<id>', 'draft number (ward alert drafts)')
    .option('--by <name>', 'who issues it (recorded)')
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(async (id: string, options: OutputOptions & ClockOptions & { by?: string }) =>
      emit(
        await issueDraft(id, options),
        options,
        (r) =>
          `draft #${r.draft.id} issued as ${r.alert.reference}: ${r.alert.totals.organisations} organisations targeted, ${r.alert.messages} messages queued` +
          (r.alert.warnings.length ? `\n${r.alert.warnings.map((w) => `warning: ${w}`).join('\n')}` : ''),
      ),
    );
  draft
    .command('dismiss')
    .description('dismiss the draft (kept, with the reason)')
    .argument('<id>', 'draft number (ward alert drafts)')
    .requiredOption('--reason <text>', 'why no alert is needed')
    .option('--by <name>', 'who dismisses it (recorded)')
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(async (id: string, options: OutputOptions & ClockOptions & { by?: string; reason: string }) =>
      emit(
        await dismissDraft(id, options),
        options,
        (d) => `draft #${d.id} dismissed: ${d.dismissed?.reason ?? ''}`,
      ),
    );
}
