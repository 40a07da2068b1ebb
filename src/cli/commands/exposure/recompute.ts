/**
 * `ward exposure recompute`: the full re-match (repair), with progress on a terminal.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../../domain/access/actor.js';
import { type RecomputeResult, recomputeExposure } from '../../../services/exposure/recompute.service.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions } from '../../output.js';

/** Recomputes everything; `progress` hears of each chunk of components matched. */
export function recompute(progress?: (done: number, total: number) => void): Promise<RecomputeResult> {
  return withDatabase((database) => recomputeExposure(database, cliActor(userInfo().username), progress));
}

export const renderRecompute = (r: RecomputeResult): string =>
  `${r.components} components, ${r.matches} matches; findings: ${r.opened} opened, ${r.reopened} reopened, ${r.fixed} fixed`;

export function registerRecomputeCommand(exposure: Command): void {
  exposure
    .command('recompute')
    .description(
      'match every component against every rule again and rebuild all findings (repair; gives the same result as the incremental path)',
    )
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      const onTerminal = !options.json && process.stderr.isTTY;
      const result = await recompute((done, total) => {
        if (onTerminal) process.stderr.write(`\r\x1b[2Kmatching components ${done}/${total}`);
      });
      if (onTerminal) process.stderr.write('\r\x1b[2K');
      emit(result, options, renderRecompute);
    });
}
