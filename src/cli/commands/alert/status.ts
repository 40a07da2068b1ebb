/** `ward alert status`: where an alert stands — counts, overdue, roll-ups, evidence, targets. */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../../domain/access/actor.js';
import { STATE_LABELS } from '../../../domain/alerts/target-state.js';
import { type AlertStatus, alertStatus, type Counts } from '../../../services/alerts/index.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions, table } from '../../output.js';
import { wholeNumber } from '../org.js';
import { type ClockOptions, cliClock, instantArg, NOW_HELP, pct, when } from './common.js';

export interface StatusOptions extends ClockOptions {
  targets?: boolean;
  org?: string;
  limit: number;
}

export function status(reference: string, options: StatusOptions): Promise<AlertStatus> {
  return withDatabase((database) =>
    alertStatus(database, cliActor(userInfo().username), cliClock(options), reference, {
      targets: options.targets === true,
      org: options.org ?? null,
      limit: options.limit,
    }),
  );
}

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

export function registerStatusCommand(alert: Command): void {
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
    .action(async (reference: string, options: OutputOptions & StatusOptions) =>
      emit(await status(reference, options), options, renderStatus),
    );
}
