/**
 * `ward exposure list`: the prioritised worklist, in the caller's scope.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../../domain/access/actor.js';
import { PRIORITIES } from '../../../domain/priority/ssvc.js';
import { type Finding, type ListOptions, listExposure } from '../../../services/exposure/read.service.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions, table } from '../../output.js';
import { wholeNumber } from '../org.js';
import { basisArg, certaintyArg, priorityArg } from './choices.js';

/** The findings the options select. */
export function listFindings(options: ListOptions): Promise<Finding[]> {
  return withDatabase((database) => listExposure(database, cliActor(userInfo().username), options));
}

export function renderFindings(findings: Finding[]): string | string[] {
  if (findings.length === 0) return 'no open findings';
  return table(
    ['priority', 'org', 'cve', 'component', 'assets', 'status', 'reasons'],
    findings.map((f) => [
      f.certainty === 'possible' ? `(${f.priority}) possible` : f.priority,
      f.org,
      f.cve,
      `${f.component.key} ${f.component.version ?? ''}${f.component.update ? ` ${f.component.update}` : ''}${f.seenFromOutside ? ' (seen from outside)' : ''}`,
      f.assets,
      f.status,
      f.reasons.join('; '),
    ]),
  );
}

export function registerListCommand(exposure: Command): void {
  exposure
    .command('list')
    .description('the prioritised worklist: Act first, then known-exploited, then by CVSS')
    .option('--org <code>', 'an organisation and everything under it')
    .option('--kev', 'only known-exploited (CISA KEV) vulnerabilities')
    .option('--priority <p>', `only one priority (${PRIORITIES.join(', ')})`, priorityArg)
    .option('--cve <id>', 'only this CVE')
    .option(
      '--certainty <c>',
      'only confirmed findings, or only possible ones (something unknown would settle them); both by default',
      certaintyArg,
    )
    .option(
      '--basis <basis>',
      'only findings on components the inventory reports (reported) or assumes from platform defaults (assumed)',
      basisArg,
    )
    .option('--outside', 'only findings seen from outside (on products external scans see)')
    .option('--all', 'include fixed and excepted findings')
    .option('--limit <n>', 'at most this many (default 100)', wholeNumber, 100)
    .option('--json', 'print JSON')
    .action(async ({ outside, ...options }: OutputOptions & ListOptions & { outside?: boolean }) => {
      emit(
        await listFindings({ ...options, seenFromOutside: outside || undefined }),
        options,
        renderFindings,
      );
    });
}
