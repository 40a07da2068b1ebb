/**
 * `ward exposure summary`: open findings by priority and KEV for an organisation and each child.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../../domain/access/actor.js';
import {
  type Counts,
  type ExposureSummary,
  summariseExposure,
} from '../../../services/exposure/read.service.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions, table } from '../../output.js';

/** The summary of the organisation (the caller's scope root when none). */
export function exposureSummary(org: string | undefined): Promise<ExposureSummary> {
  return withDatabase((database) => summariseExposure(database, cliActor(userInfo().username), org));
}

const row = (name: string, c: Counts) => [
  name,
  c.act,
  c.attend,
  c.trackStar,
  c.track,
  c.kev,
  c.kevOverdue,
  c.devicesExposed,
  c.assets,
  c.seenFromOutside.findings,
];

export function renderSummary(s: ExposureSummary): string[] {
  return table(
    [
      'organisation',
      'act',
      'attend',
      'track*',
      'track',
      'kev',
      'kev overdue',
      'devices exposed',
      'device exposures',
      'seen from outside',
    ],
    [
      row(`${s.org.code} ${s.org.name} (total)`, s.totals),
      ...s.children.map((c) => row(`  ${c.code} ${c.name}`, c)),
    ],
  );
}

export function registerSummaryCommand(exposure: Command): void {
  exposure
    .command('summary')
    .description(
      'open findings by priority and KEV for an organisation and each child organisation (the national root by default)',
    )
    .option('--org <code>', 'ODS code')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { org?: string }) => {
      emit(await exposureSummary(options.org), options, renderSummary);
    });
}
