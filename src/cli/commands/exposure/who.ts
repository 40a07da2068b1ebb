/**
 * `ward exposure who CVE`: every organisation exposed to a CVE, with asset counts.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../../domain/access/actor.js';
import { type WhoResult, whoIsExposed } from '../../../services/exposure/read.service.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions, table } from '../../output.js';

export function exposedTo(cve: string): Promise<WhoResult> {
  return withDatabase((database) => whoIsExposed(database, cliActor(userInfo().username), cve));
}

export function renderWho(w: WhoResult): string[] {
  return [
    ...table(
      ['organisation', 'kind', 'parent', 'assets', 'priority'],
      w.organisations.map((o) => [`${o.code} ${o.name}`, o.kind, o.parent ?? '', o.assets, o.priority]),
    ),
    `${w.cve}: ${w.totals.organisations} organisations, ${w.totals.assets} assets exposed`,
  ];
}

export function registerWhoCommand(exposure: Command): void {
  exposure
    .command('who')
    .description(
      'every organisation exposed to a CVE, with asset counts: the fastest path from a new CVE to its targets',
    )
    .argument('<cve>', 'CVE id')
    .option('--json', 'print JSON')
    .action(async (cve: string, options: OutputOptions) => {
      emit(await exposedTo(cve), options, renderWho);
    });
}
