/**
 * `ward external list|summary`: services seen from the internet, within the caller's scope.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../../domain/access/actor.js';
import {
  type ExternalSummary,
  externalSummary,
  listExternal,
} from '../../../services/outside/external.service.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions, table } from '../../output.js';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

function renderSummary(s: ExternalSummary): string[] {
  const lines = [
    `${s.org} ${s.name}: ${s.open} open, ${s.closed} closed exposures seen from outside`,
    ...table(
      ['organisation', 'open', 'closed', 'open by kind (severity)'],
      s.rows.map((r) => [
        `${r.own ? '' : '  '}${r.org} ${r.name}${r.own ? ' (own)' : ''}`,
        r.open,
        r.closed,
        r.counts
          .filter((c) => c.open > 0)
          .map((c) => `${c.kind} ${c.open} (${c.severity})`)
          .join(', '),
      ]),
    ),
  ];
  if (s.recentReports && s.recentReports.length > 0) {
    lines.push('', 'recent reports: addresses no organisation registered');
    for (const r of s.recentReports)
      lines.push(
        `  ${day(r.importedAt)} ${r.source} ${r.file}: ${r.rows} rows, ${r.unknown} unregistered (${r.unknownDistinct} addresses)` +
          (r.unknownAddresses.length > 0
            ? `: ${r.unknownAddresses
                .slice(0, 10)
                .map((u) => `${u.address} (${u.rows})`)
                .join(', ')}${r.unknownDistinct > 10 ? ', …' : ''}`
            : ''),
      );
  }
  return lines;
}

export function registerExternalCommands(program: Command): void {
  const external = program
    .command('external')
    .description('services of organisations seen from the internet');
  external
    .command('list')
    .description('exposures seen from outside, most severe first (open ones unless --all)')
    .option('--org <code>', "only this organisation's subtree")
    .option('--all', 'closed ones too')
    .option('--limit <n>', 'at most this many', '1000')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { org?: string; all?: boolean; limit: string }) => {
      const actor = cliActor(userInfo().username);
      const result = await withDatabase((database) =>
        listExternal(database, actor, {
          org: options.org,
          all: options.all,
          limit: Number(options.limit) || 1000,
        }),
      );
      emit(result, options, (r) =>
        r.items.length === 0
          ? [`no ${r.all ? '' : 'open '}exposures seen from outside${r.org ? ` under ${r.org}` : ''}`]
          : [
              ...table(
                [
                  'severity',
                  'organisation',
                  'address',
                  'port',
                  'service',
                  'product',
                  'source',
                  'first seen',
                  'last seen',
                  'state',
                ],
                r.items.map((e) => [
                  e.severity,
                  e.org,
                  e.address,
                  `${e.port}/${e.protocol}`,
                  e.name,
                  [e.product, e.version].filter(Boolean).join(' '),
                  e.source,
                  day(e.firstSeen),
                  day(e.lastSeen),
                  e.closedAt
                    ? `closed ${day(e.closedAt)}`
                    : e.reopenedAt
                      ? `reopened ${day(e.reopenedAt)}`
                      : 'open',
                ]),
              ),
              ...(r.truncated ? [`… more: narrow with --org or raise --limit`] : []),
            ],
      );
    });
  external
    .command('summary')
    .description(
      'exposures seen from outside by child organisation, kind and severity, open and closed (your root by default); ' +
        'for national callers, the addresses of recent reports no organisation registered',
    )
    .option('--org <code>', 'ODS code')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { org?: string }) => {
      const actor = cliActor(userInfo().username);
      const result = await withDatabase((database) => externalSummary(database, actor, { org: options.org }));
      emit(result, options, renderSummary);
    });
}
