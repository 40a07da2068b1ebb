/**
 * `ward baseline framework|profile …`: the frameworks and the expected levels (profiles). The
 * assessment commands are in `baseline-assessment.ts`.
 */
import type { Command } from 'commander';
import { PROFILE_CSV_COLUMNS } from '../../domain/baseline/profile-csv.js';
import { InvalidInputError } from '../../errors.js';
import { refreshAllEvidence } from '../../services/baseline/evidence.service.js';
import {
  importFramework,
  importProfiles,
  importShippedBaseline,
  listFrameworks,
  SHIPPED_BASELINE_DIR,
  SHIPPED_PROFILES,
  showProfiles,
} from '../../services/baseline/framework.service.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions } from '../output.js';
import { readInputFile } from '../read-input.js';
import { registerBaselineAssessmentCommands } from './baseline-assessment.js';
import { registerBaselineEvidenceFileCommands } from './baseline-evidence.js';
import { renderFrameworks, renderProfiles } from './baseline-render.js';
import { cliUser } from './user.js';

export function registerBaselineCommands(program: Command): void {
  const baseline = program
    .command('baseline')
    .description('the CAF-aligned baseline self-assessment: frameworks, profiles, assessments');
  const framework = baseline
    .command('framework')
    .description('assessment frameworks (objectives, principles, outcomes)');
  framework
    .command('import')
    .description(
      'import framework files (JSON; see the shipped ones for the format). All or nothing: every problem is listed as FILE:LINE: reason. ' +
        'With no file: the frameworks and default profiles shipped with Ward.',
    )
    .argument('[files...]', 'framework JSON files')
    .option('--json', 'print JSON')
    .action(async (files: string[], options: OutputOptions) => {
      const result = await withDatabase(async (database) => {
        if (files.length === 0) return importShippedBaseline(database, cliUser());
        const out = [];
        for (const file of files)
          out.push(await importFramework(database, cliUser(), file, await readInputFile(file)));
        return { frameworks: out, profiles: null };
      });
      emit(result, options, (r) => [
        ...r.frameworks.map((f) => `${f.file}: framework ${f.framework}, ${f.outcomes} outcomes`),
        ...(r.profiles
          ? [
              `${r.profiles.file}: ${r.profiles.rows} expected levels in ${r.profiles.profiles} profiles (Ward's default)`,
            ]
          : []),
      ]);
    });
  framework
    .command('list')
    .description('frameworks imported')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      emit(await withDatabase((database) => listFrameworks(database, cliUser())), options, renderFrameworks);
    });

  const profile = baseline
    .command('profile')
    .description('expected level per outcome, by kind of organisation and year');
  profile
    .command('import')
    .description(
      `import profiles from CSV (header ${PROFILE_CSV_COLUMNS.join(',')}); each (framework, year, kind) in the file replaces the stored one. ` +
        'All or nothing: every problem is listed as FILE:LINE: reason.',
    )
    .argument('[file]', 'profile CSV')
    .option('--default', `import Ward's default profiles (${SHIPPED_PROFILES})`)
    .option('--json', 'print JSON')
    .action(async (file: string | undefined, options: OutputOptions & { default?: boolean }) => {
      if (!file && !options.default) throw new InvalidInputError('give a profile CSV file, or --default');
      const path = file ?? SHIPPED_BASELINE_DIR + SHIPPED_PROFILES;
      const result = await withDatabase(async (database) =>
        importProfiles(
          database,
          cliUser(),
          file ?? SHIPPED_PROFILES,
          await readInputFile(path),
          file ? file : 'default',
        ),
      );
      emit(
        result,
        options,
        (r) => `${r.file}: ${r.rows} expected levels in ${r.profiles} profiles (source ${r.source})`,
      );
    });
  profile
    .command('show')
    .description('expected levels, filtered by year, kind and framework')
    .option('--year <year>', 'assessment year', (v) => Number(v))
    .option('--kind <kind>', 'kind of organisation (trust, gp_practice, …)')
    .option('--framework <id>', 'framework id')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { year?: number; kind?: string; framework?: string }) => {
      const lines = await withDatabase((database) =>
        showProfiles(database, cliUser(), {
          year: options.year,
          kind: options.kind,
          framework: options.framework,
        }),
      );
      emit(lines, options, renderProfiles);
    });
  const evidence = baseline.command('evidence').description('auto-evidence figures and evidence files');
  registerBaselineEvidenceFileCommands(evidence);
  evidence
    .command('refresh')
    .description(
      'recompute every auto-evidence figure for every organisation with a profile (ward serve does this every hour)',
    )
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      const result = await withDatabase((database) => refreshAllEvidence(database, cliUser()));
      emit(
        result,
        options,
        (r) => `${r.rows} figures for ${r.organisations} organisations in ${r.milliseconds} ms`,
      );
    });
  registerBaselineAssessmentCommands(baseline);
}
