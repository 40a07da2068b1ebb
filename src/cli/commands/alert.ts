import { userInfo } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import { config } from '../../config.js';
import { FULL_SCOPE } from '../../domain/access/scope.js';
import { DEFAULT_ACK_HOURS, TARGET_SPEC_HELP } from '../../domain/alerts/alert.js';
import { type Clock, fixedClock, parseInstant, systemClock } from '../../domain/alerts/clock.js';
import { STATE_LABELS } from '../../domain/alerts/target-state.js';
import {
  type AlertContext,
  type AlertStatus,
  alertHistory,
  alertStatus,
  type Counts,
  editAlert,
  issueAlert,
  listAlerts,
  respondToAlert,
  withdrawAlert,
} from '../../services/alerts/index.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions, table } from '../output.js';
import { wholeNumber } from './org.js';

/** `--now` for commands that read deadlines. */
export interface ClockOptions {
  now?: Date;
}

export const NOW_HELP =
  'act as if it were this ISO time (drills and tests; default WARD_NOW, else the clock)';

export function instantArg(value: string): Date {
  const at = parseInstant(value);
  if (!at) throw new InvalidArgumentError('expected an ISO 8601 time, e.g. 2026-05-14T09:00Z');
  return at;
}

/** The clock a command uses: --now, else WARD_NOW, else the machine's. */
export function cliClock(options: ClockOptions): Clock {
  const at = options.now ?? config().now;
  return at ? fixedClock(at) : systemClock;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(/[\s,]+/).filter(Boolean)];
}

function context(options: ClockOptions & { by?: string }): AlertContext {
  return {
    scope: FULL_SCOPE,
    actor: options.by?.trim() ? `cli:${options.by.trim()}` : `cli:${userInfo().username}`,
    clock: cliClock(options),
    render: { publicUrl: config().notifications.publicUrl },
  };
}

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');
const pct = (share: number) => `${Math.round(share * 100)}%`;

function countRows(c: Counts): (string | number)[][] {
  return [
    [STATE_LABELS.awaiting_ack, `${c.awaitingAck}${c.overdue ? ` (${c.overdue} overdue)` : ''}`],
    [STATE_LABELS.acknowledged, `${c.acknowledged}`],
    [STATE_LABELS.in_progress, `${c.inProgress}${c.updateDue ? ` (${c.updateDue} with an update due)` : ''}`],
    [STATE_LABELS.resolved, c.resolved],
    [STATE_LABELS.not_applicable, c.notApplicable],
    ['total', `${c.targets} organisations, ${c.assets} devices`],
  ];
}

function renderStatus(s: AlertStatus): string[] {
  const a = s.alert;
  const lines = [
    `${a.reference} (${a.severity}) ${a.title}`,
    `version ${a.version}, issued ${when(a.issuedAt)} by ${a.issuedBy}${a.withdrawn ? `; WITHDRAWN ${when(a.withdrawn.at)}: ${a.withdrawn.reason}` : ''}`,
    `CVEs: ${a.cves.join(', ') || '-'}${a.advisory ? `  advisory: ${a.advisory}` : ''}   targets: ${a.targetSpecs.join(' | ')}   acknowledge within ${a.ackHours} h`,
    `what to do: ${a.action}`,
    `as of ${when(s.asOf)}`,
    '',
    ...table(['state', 'organisations'], countRows(s.counts)),
    `acknowledged within the deadline: ${s.counts.acknowledgedInTime} of ${s.counts.targets} (${pct(s.counts.shareAcknowledgedInTime)})`,
  ];
  if (s.overdue.total > 0) {
    lines.push('', `overdue (${s.overdue.total}):`);
    lines.push(
      ...table(
        ['organisation', 'kind', 'parent', 'was due', 'hours over'],
        s.overdue.organisations.map((o) => [
          `${o.code} ${o.name}`,
          o.kind,
          o.parent ?? '',
          when(o.ackDueAt),
          o.hoursOverdue,
        ]),
      ).map((l) => `  ${l}`),
    );
    if (s.overdue.total > s.overdue.organisations.length)
      lines.push(`  … and ${s.overdue.total - s.overdue.organisations.length} more (--limit N)`);
  }
  if (s.evidence.verifiedByInventory.length > 0 || s.evidence.resolvedButStillExposed.length > 0) {
    lines.push('', 'inventory evidence:');
    if (s.evidence.verifiedByInventory.length > 0)
      lines.push(
        `  remediation verified by inventory: ${s.evidence.verifiedByInventory.map((v) => `${v.code} (${v.fixedAt.slice(0, 10)})`).join(', ')}`,
      );
    if (s.evidence.resolvedButStillExposed.length > 0)
      lines.push(`  RESOLVED BUT STILL EXPOSED: ${s.evidence.resolvedButStillExposed.join(', ')}`);
  }
  const roll = [
    ...s.rollup.regions.map((r) => ['region', r] as const),
    ...s.rollup.icbs.map((r) => ['icb', r] as const),
  ];
  if (roll.length > 0) {
    lines.push('', 'by region and ICB:');
    lines.push(
      ...table(
        [
          '',
          'organisation',
          'targets',
          'awaiting',
          'overdue',
          'acknowledged',
          'in progress',
          'resolved',
          'n/a',
          'in time',
        ],
        roll.map(([kind, r]) => [
          kind,
          `${r.code} ${r.name}`,
          r.targets,
          r.awaitingAck,
          r.overdue,
          r.acknowledged,
          r.inProgress,
          r.resolved,
          r.notApplicable,
          pct(r.shareAcknowledgedInTime),
        ]),
      ).map((l) => `  ${l}`),
    );
  }
  if (s.targets) {
    lines.push('', 'targets:');
    for (const t of s.targets) {
      const flags = [
        t.overdue ? 'OVERDUE' : '',
        t.updateDue ? 'UPDATE DUE' : '',
        t.evidence.flag ? t.evidence.flag.toUpperCase() : '',
      ]
        .filter(Boolean)
        .join(', ');
      lines.push(
        `  ${t.code} ${t.name}: ${STATE_LABELS[t.state]}${flags ? ` [${flags}]` : ''}; ${t.devices} devices; ack due ${when(t.ackDueAt)}` +
          `${t.nextUpdateDueAt ? `; next update ${when(t.nextUpdateDueAt)}` : ''}${t.evidence.fixedAt && !t.evidence.exposedNow ? `; fixed ${when(t.evidence.fixedAt)}` : ''}`,
      );
      for (const d of t.deviceList.slice(0, 5)) lines.push(`      ${d}`);
      for (const h of t.history ?? [])
        lines.push(
          `      ${when(h.at)} ${h.actor}: ${h.from ? `${h.from} → ` : ''}${h.to}${h.note ? ` (${h.note})` : ''}`,
        );
    }
  }
  return lines;
}

export function registerAlertCommands(program: Command): void {
  const alert = program
    .command('alert')
    .description(
      'national cyber alerts: issue, respond, follow up (48-hour acknowledgement, remediation, roll-ups)',
    );

  alert
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
    .action(
      async (
        options: OutputOptions &
          ClockOptions & {
            title: string;
            severity: string;
            action: string;
            cve?: string[];
            advisory?: string;
            target?: string[];
            includePossible?: boolean;
            ackHours: number;
            by?: string;
          },
      ) => {
        const targets = options.includePossible
          ? (options.target ?? ['auto']).map((t) =>
              t.replace(/(^|\+)\s*auto\s*(?=\+|$)/gi, '$1auto:possible'),
            )
          : (options.target ?? []);
        const result = await withDatabase((database) =>
          issueAlert(database, context(options), {
            title: options.title,
            severity: options.severity,
            action: options.action,
            cves: options.cve ?? [],
            advisory: options.advisory ?? null,
            targets,
            ackHours: options.ackHours,
          }),
        );
        emit(result, options, (r) => [
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
        ]);
      },
    );

  alert
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
    .action(
      async (
        reference: string,
        options: OutputOptions &
          ClockOptions & {
            org?: string[];
            under?: string;
            status: string;
            note?: string;
            reason?: string;
            nextUpdate?: string;
            by?: string;
          },
      ) => {
        const result = await withDatabase((database) =>
          respondToAlert(database, context(options), {
            reference,
            orgs: options.org,
            under: options.under ?? null,
            status: options.status,
            note: options.note ?? null,
            reason: options.reason ?? null,
            nextUpdate: options.nextUpdate ?? null,
          }),
        );
        emit(result, options, (r) => [
          `${r.reference}: ${r.applied.length} organisation${r.applied.length === 1 ? '' : 's'} now ${STATE_LABELS[r.status]}` +
            `${r.nextUpdateDueAt ? `; next update due ${when(r.nextUpdateDueAt)}` : ''}`,
          ...r.applied.map(
            (a) =>
              `  ${a.code}: ${STATE_LABELS[a.from]} → ${STATE_LABELS[r.status]}${a.lateAcknowledgement ? ' (acknowledged late)' : ''}`,
          ),
          ...r.skipped.map((s) => `  skipped ${s.code}: ${s.reason}`),
        ]);
      },
    );

  alert
    .command('status')
    .description(
      'counts per state, the share acknowledged within the deadline, overdue organisations, a roll-up per region and ' +
        'ICB, and inventory evidence (remediation verified; resolved but still exposed)',
    )
    .argument('<reference>', 'alert reference')
    .option('--targets', 'list every target with its state, deadlines, devices and evidence')
    .option('--org <code>', "only this organisation's subtree in the target list, with its history")
    .option('--limit <n>', 'overdue organisations and targets listed at most (default 100)', wholeNumber, 100)
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(
      async (
        reference: string,
        options: OutputOptions & ClockOptions & { targets?: boolean; org?: string; limit: number },
      ) => {
        const status = await withDatabase((database) =>
          alertStatus(database, FULL_SCOPE, cliClock(options), reference, {
            targets: options.targets === true,
            org: options.org ?? null,
            limit: options.limit,
          }),
        );
        emit(status, options, renderStatus);
      },
    );

  alert
    .command('list')
    .description('alerts, newest first, with their targets by state')
    .option('--open', 'only alerts not withdrawn that some target is still answering')
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & ClockOptions & { open?: boolean }) => {
      const alerts = await withDatabase((database) =>
        listAlerts(database, FULL_SCOPE, cliClock(options), { open: options.open === true }),
      );
      emit(alerts, options, (as) =>
        as.length === 0
          ? 'no alerts'
          : table(
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
              as.map((a) => [
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
            ),
      );
    });

  alert
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
    .action(
      async (
        reference: string,
        options: OutputOptions &
          ClockOptions & {
            title?: string;
            severity?: string;
            action?: string;
            addCve?: string[];
            addTarget?: string[];
            note?: string;
            by?: string;
          },
      ) => {
        const result = await withDatabase((database) =>
          editAlert(database, context(options), reference, {
            title: options.title ?? null,
            severity: options.severity ?? null,
            action: options.action ?? null,
            addCves: options.addCve ?? [],
            addTargets: options.addTarget ?? [],
            note: options.note ?? null,
          }),
        );
        emit(result, options, (r) => [
          `${r.reference} is now version ${r.version}:`,
          ...r.changes.map((c) => `  ${c}`),
          `${r.newTargets} new targets; ${r.messages} messages queued`,
        ]);
      },
    );

  alert
    .command('withdraw')
    .description('withdraw an alert (recorded as a version); targets still answering are told')
    .argument('<reference>', 'alert reference')
    .requiredOption('--reason <text>', 'why it is withdrawn')
    .option('--by <name>', 'who withdraws it (recorded)')
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(
      async (reference: string, options: OutputOptions & ClockOptions & { reason: string; by?: string }) => {
        const result = await withDatabase((database) =>
          withdrawAlert(database, context(options), reference, options.reason),
        );
        emit(
          result,
          options,
          (r) => `${r.reference} withdrawn (version ${r.version}); ${r.messages} messages queued`,
        );
      },
    );

  alert
    .command('history')
    .description("an alert's versions: issue, edits and withdrawal, with who and when")
    .argument('<reference>', 'alert reference')
    .option('--json', 'print JSON')
    .action(async (reference: string, options: OutputOptions) => {
      const versions = await withDatabase((database) => alertHistory(database, reference));
      emit(versions, options, (vs) =>
        vs.map(
          (v) =>
            `v${v.version} ${v.kind} ${when(v.at)} by ${v.actor}${v.changes.length ? `: ${v.changes.join('; ')}` : ''}${v.note ? ` (${v.note})` : ''}`,
        ),
      );
    });
}
