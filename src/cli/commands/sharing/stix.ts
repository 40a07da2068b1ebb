/**
 * `ward stix export|import`: STIX 2.1 bundles out of and into Ward. An export holds what the
 * caller may see under TLP (the operator's CLI: everything); an import is all or nothing per
 * file, every problem reported by object id.
 */
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import { TLP_MARKINGS, type Tlp } from '../../../domain/sharing/tlp.js';
import { InvalidInputError } from '../../../errors.js';
import { readAllBytes } from '../../../feeds/source-bytes.js';
import { exportStixBundle } from '../../../services/sharing/stix-export.service.js';
import { importStixBundle, type StixImportResult } from '../../../services/sharing/stix-import.service.js';
import { withDatabase } from '../../context.js';
import { emit, note, type OutputOptions } from '../../output.js';
import { readInputBytes } from '../../read-input.js';
import { cliUser } from '../user.js';

function since(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime()))
    throw new InvalidInputError(`--since "${text}" is not a date and time`, [
      { file: '-', line: 0, field: 'since', reason: `"${text}" is not a date and time (ISO 8601)` },
    ]);
  return d;
}

/** What was not imported, one line per reason with its count and first ids (all of them with --json). */
function notImported(skipped: StixImportResult['skipped']): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.id]);
  return [...byReason].map(([reason, ids]) => {
    const shown = ids.slice(0, 3).join(', ');
    return `  not imported (${ids.length}): ${reason}: ${shown}${ids.length > 3 ? ', …' : ''}`;
  });
}

function render(results: StixImportResult[]): string[] {
  return results.flatMap((r) => [
    `${r.file}: ${r.indicators.created} indicators added, ${r.indicators.updated} updated for ${r.producer} (source ${r.source}); ${r.objects} objects read`,
    ...notImported(r.skipped),
  ]);
}

export function registerStixCommands(program: Command): void {
  const stix = program
    .command('stix')
    .description('STIX 2.1 bundles of shared indicators: export and import');

  stix
    .command('export')
    .description(
      'write a STIX 2.1 bundle of the indicators you may see, with their producers, sightings, reports and TLP 2.0 markings',
    )
    .option('--since <time>', 'only indicators changed after this time (ISO 8601)')
    .addOption(
      new Option('--tlp <marking>', 'only indicators with this marking').choices(
        TLP_MARKINGS.map((t) => t.toLowerCase()),
      ),
    )
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(async (o: { since?: string; tlp?: string; out?: string }) => {
      await withDatabase(async (database) => {
        const pieces = await exportStixBundle(database, cliUser(), { since: since(o.since), tlp: o.tlp });
        if (o.out) {
          await pipeline(Readable.from(pieces), createWriteStream(o.out));
          note(`wrote ${o.out}`);
        } else for await (const piece of pieces) process.stdout.write(piece);
      });
    });

  stix
    .command('import')
    .description(
      'import STIX 2.1 bundles (JSON, or gzip): indicators with patterns of single values are added for an organisation under their TLP marking; each file all or nothing',
    )
    .argument('<files...>', 'bundle files (- for standard input)')
    .option('--org <code>', 'the organisation the intelligence is imported for (ODS code; default: your own)')
    .option('--source <text>', 'where it came from, kept on each indicator (default: stix:<file name>)')
    .addOption(
      new Option('--unmarked <marking>', 'the marking for objects that carry no TLP marking')
        .choices(TLP_MARKINGS.map((t) => t.toLowerCase()))
        .default('amber+strict'),
    )
    .option('--json', 'print JSON')
    .action(
      async (files: string[], o: OutputOptions & { org?: string; source?: string; unmarked: string }) => {
        const results = await withDatabase(async (database) => {
          const out: StixImportResult[] = [];
          for (const file of files) {
            const bytes = await readAllBytes(await readInputBytes(file), { name: file });
            const name = file === '-' ? 'stdin' : basename(file);
            out.push(
              await importStixBundle(database, cliUser(), bytes, {
                source: o.source ?? `stix:${name}`,
                producerCode: o.org,
                file,
                unmarked: o.unmarked.toUpperCase() as Tlp,
              }),
            );
          }
          return out;
        });
        emit(results, o, render);
      },
    );
}
