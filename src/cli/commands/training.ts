import type { Command } from 'commander';
import { TRAINING_CSV_COLUMNS } from '../../domain/baseline/training-csv.js';
import { importTraining } from '../../services/baseline/training.service.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions } from '../output.js';
import { readInputFile } from '../read-input.js';
import { cliUser } from './user.js';

/** `ward training import`: staff training records, the evidence for baseline outcome B6.b. */
export function registerTrainingCommands(program: Command): void {
  const training = program
    .command('training')
    .description('staff security training records (baseline evidence for B6.b)');
  training
    .command('import')
    .description(
      `import training records from CSV (header ${TRAINING_CSV_COLUMNS.join(',')}); a record replaces the one of the same organisation and date. ` +
        'All or nothing: every problem is listed as FILE:LINE: reason.',
    )
    .argument('<file>', 'CSV file (- for standard input)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: OutputOptions) => {
      const result = await withDatabase(async (database) =>
        importTraining(database, cliUser(), file, await readInputFile(file)),
      );
      emit(
        result,
        options,
        (r) =>
          `${r.file}: ${r.rows} training records for ${r.organisations} organisations; B6.b evidence recomputed`,
      );
    });
}
