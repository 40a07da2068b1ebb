/**
 * `ward observe import FILE…`: external scan reports (Shadowserver CSV, plain CSV, JSON lines; gzip
 * or not) attributed to organisations by their registered ranges.
 */
import { userInfo } from 'node:os';
import { type Command, Option } from 'commander';
import { cliActor } from '../../../domain/access/actor.js';
import { REPORT_FORMATS, type ReportFormat } from '../../../domain/outside/observation.js';
import { GENERIC_HEADER, SHADOWSERVER_COLUMNS } from '../../../domain/outside/parse-report.js';
import {
  DEFAULT_GRACE_DAYS,
  importObservations,
  type ObserveResult,
} from '../../../services/outside/observe.service.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions } from '../../output.js';
import { progress } from '../../progress.js';
import { readInputBytes } from '../../read-input.js';

interface ImportOptions extends OutputOptions {
  source?: string;
  format?: ReportFormat;
  graceDays: string;
}

function render(r: ObserveResult): string[] {
  return r.reports.flatMap((x) => {
    if (x.alreadyImported)
      return [`${x.file}: already imported from ${x.source} (same content): nothing changed`];
    const lines = [
      `${x.file}: ${x.source} (${x.format}): ${x.rows} rows, ${x.attributed} attributed, ${x.unknown} for unregistered addresses (${x.unknownDistinct} distinct), ${x.ignored} neither risky nor naming a product`,
      `  exposures: ${x.opened} opened, ${x.refreshed} refreshed, ${x.reopened} reopened, ${x.closed} closed (not seen for ${r.graceDays} days); ${x.notified} messages queued`,
    ];
    if (x.unknownAddresses.length > 0)
      lines.push(
        `  unregistered: ${x.unknownAddresses.map((u) => `${u.address} (${u.rows})`).join(', ')}${x.unknownDistinct > x.unknownAddresses.length ? ', …' : ''}`,
      );
    return lines;
  });
}

export function registerObserveCommands(program: Command): void {
  const observe = program
    .command('observe')
    .description('external scan observations of organisations’ internet-facing addresses');
  observe
    .command('import')
    .description(
      'import external scan reports (national roles), all or nothing: every bad row is reported as FILE:LINE: reason ' +
        `and nothing is written. Layouts: Shadowserver's report CSV (${SHADOWSERVER_COLUMNS.join(',')},… with ` +
        `device_vendor, device_model, device_version), a plain CSV (${GENERIC_HEADER}; ip and port required) or JSON lines ` +
        'with the same fields; detected from the first line unless --format is given; gzip detected. A report this source ' +
        'already sent is recognised and changes nothing.',
    )
    .argument('<files...>', 'report files (- for standard input)')
    .option('--source <name>', 'the scanner or feed (lifecycles are per source; default: the layout name)')
    .addOption(new Option('--format <format>', 'the layout (detected when absent)').choices(REPORT_FORMATS))
    .option(
      '--grace-days <days>',
      'close an exposure the source has not seen for this many days before its latest report',
      String(DEFAULT_GRACE_DAYS),
    )
    .option('--json', 'print JSON')
    .action(async (files: string[], options: ImportOptions) => {
      const actor = cliActor(userInfo().username);
      const shown = progress('observe import', false);
      const result = await withDatabase(async (database) => {
        const inputs = [];
        for (const f of files) inputs.push({ name: f, bytes: await readInputBytes(f) });
        return importObservations(database, actor, inputs, {
          source: options.source,
          format: options.format,
          graceDays: Number(options.graceDays),
          onProgress: (p) => shown.update({ file: p.file, phase: p.phase, rows: p.rows }),
        });
      }).finally(() => shown.done());
      emit(result, options, render);
    });
}
