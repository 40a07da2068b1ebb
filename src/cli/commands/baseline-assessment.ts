/**
 * `ward baseline show|set|submit|review|publish`: one organisation's assessment for a year.
 */
import { type Command, Option } from 'commander';
import { currentBaselineYear, type ReviewVerdict } from '../../domain/baseline/assessment.js';
import { parseLevel } from '../../domain/baseline/level.js';
import { ORG_KINDS } from '../../domain/org/organisation.js';
import { InvalidInputError } from '../../errors.js';
import {
  type AssessmentView,
  type OutcomeInput,
  SubmitBlockedError,
  setOutcome,
  showAssessment,
  submitAssessment,
} from '../../services/baseline/assessment.service.js';
import { publishAssessment, reviewAssessment } from '../../services/baseline/assessment-review.service.js';
import { baselineSummary } from '../../services/baseline/summary.service.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions } from '../output.js';
import { renderAssessment, renderSummary } from './baseline-render.js';
import { cliUser } from './user.js';

export interface OrgYear extends OutputOptions {
  org: string;
  year?: string;
}

export function yearOf(options: OrgYear): number {
  if (options.year === undefined) return currentBaselineYear(new Date());
  if (!/^\d{4}$/.test(options.year))
    throw new InvalidInputError(`--year ${options.year}: give a four-digit year`);
  return Number(options.year);
}

export function orgYear(cmd: Command): Command {
  return cmd
    .requiredOption('--org <code>', 'ODS code of the organisation')
    .option('--year <year>', 'assessment year (April to March, named by its start; default: the current one)')
    .option('--json', 'print JSON');
}

function print(view: AssessmentView, options: OutputOptions) {
  emit(view, options, renderAssessment);
}

export function registerBaselineAssessmentCommands(baseline: Command): void {
  orgYear(
    baseline
      .command('show')
      .description("an organisation's assessment: outcomes, expected and claimed levels, status"),
  ).action(async (options: OrgYear) => {
    print(await withDatabase((d) => showAssessment(d, cliUser(), options.org, yearOf(options))), options);
  });

  orgYear(
    baseline
      .command('set')
      .description(
        'answer one outcome in the draft (the draft starts on first save, from the last published assessment)',
      )
      .requiredOption('--outcome <id>', 'outcome id, e.g. B4.d')
      .option('--level <level>', 'Not achieved | Partially achieved | Achieved (or na, pa, a)')
      .option('--justification <text>', 'why this level')
      .option('--evidence <text>', 'evidence notes and links')
      .option('--owner <name>', 'who owns this outcome')
      .option(
        '--action <text>',
        'improvement action (needed when below profile), with --action-owner and --due',
      )
      .option('--action-owner <name>', "the improvement action's owner (default: --owner)")
      .option('--due <date>', 'improvement action due date, YYYY-MM-DD')
      .option('--framework <id>', 'the framework, when the year has profiles under several'),
  ).action(
    async (
      options: OrgYear & {
        outcome: string;
        level?: string;
        justification?: string;
        evidence?: string;
        owner?: string;
        action?: string;
        actionOwner?: string;
        due?: string;
        framework?: string;
      },
    ) => {
      const input: OutcomeInput = {};
      if (options.level !== undefined) {
        const level = parseLevel(options.level);
        if (!level)
          throw new InvalidInputError(
            `--level ${options.level}: give Not achieved, Partially achieved or Achieved`,
          );
        input.level = level;
      }
      if (options.justification !== undefined) input.justification = options.justification;
      if (options.evidence !== undefined) input.evidenceNotes = options.evidence;
      if (options.owner !== undefined) input.owner = options.owner;
      if (options.action !== undefined) {
        const owner = options.actionOwner ?? options.owner;
        if (!owner) throw new InvalidInputError('--action needs --action-owner (or --owner)');
        if (!options.due) throw new InvalidInputError('--action needs --due YYYY-MM-DD');
        input.action = { what: options.action, owner, due: options.due };
      }
      const view = await withDatabase((d) =>
        setOutcome(d, cliUser(), options.org, yearOf(options), options.outcome, input, {
          framework: options.framework,
        }),
      );
      print(view, options);
    },
  );

  orgYear(
    baseline
      .command('submit')
      .description('submit the draft: it becomes an immutable snapshot whose hash goes in the audit log'),
  ).action(async (options: OrgYear) => {
    try {
      print(await withDatabase((d) => submitAssessment(d, cliUser(), options.org, yearOf(options))), options);
    } catch (error) {
      if (error instanceof SubmitBlockedError && error.withoutAction.length > 0)
        throw new InvalidInputError(
          `${error.message}; give each an improvement action with ward baseline set --action … --due …`,
        );
      throw error;
    }
  });

  orgYear(
    baseline
      .command('review')
      .description(
        'agree with or challenge outcomes of a submitted assessment (reviewers: the parent organisation, national roles)',
      )
      .option('--outcome <ids>', 'outcome ids, comma-separated (default with --agree: every outcome)')
      .option('--agree', 'agree')
      .option('--challenge', 'challenge (needs --comment)')
      .option('--comment <text>', 'comment'),
  ).action(
    async (
      options: OrgYear & { outcome?: string; agree?: boolean; challenge?: boolean; comment?: string },
    ) => {
      if (Boolean(options.agree) === Boolean(options.challenge))
        throw new InvalidInputError('give --agree or --challenge');
      if (options.challenge && !options.comment) throw new InvalidInputError('--challenge needs --comment');
      if (options.challenge && !options.outcome) throw new InvalidInputError('--challenge needs --outcome');
      const verdict: ReviewVerdict = options.agree ? 'agree' : 'challenge';
      const view = await withDatabase(async (d) => {
        const year = yearOf(options);
        const ids =
          options.outcome
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean) ??
          (await showAssessment(d, cliUser(), options.org, year)).outcomes.map((o) => o.id);
        return reviewAssessment(
          d,
          cliUser(),
          options.org,
          year,
          ids.map((outcome) => ({ outcome, verdict, comment: options.comment ?? null })),
        );
      });
      print(view, options);
    },
  );

  baseline
    .command('summary')
    .description(
      'the picture for a subtree: outcomes met / one level short / missed, weakest outcomes, furthest organisations, submission status',
    )
    .option('--org <code>', 'ODS code (default: the national root)')
    .option('--year <year>', 'assessment year (default: the current one)')
    .option('--deadline <date>', 'national submission deadline, YYYY-MM-DD (default: 30 June after the year)')
    .addOption(
      new Option(
        '--by <kind>',
        "the heat-map's rows: every organisation of this kind in the subtree (default: the root's children)",
      ).choices(ORG_KINDS),
    )
    .option('--json', 'print JSON')
    .action(
      async (options: OutputOptions & { org?: string; year?: string; deadline?: string; by?: string }) => {
        if (options.deadline !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.deadline))
          throw new InvalidInputError(`--deadline ${options.deadline}: give a date, YYYY-MM-DD`);
        const year = yearOf({ org: options.org ?? '', year: options.year });
        const summary = await withDatabase((d) =>
          baselineSummary(d, cliUser(), options.org ?? null, year, {
            deadline: options.deadline,
            heatMapRows: options.by ? { kind: options.by } : undefined,
          }),
        );
        emit(summary, options, renderSummary);
      },
    );

  orgYear(baseline.command('publish').description('publish a reviewed assessment')).action(
    async (options: OrgYear) => {
      print(
        await withDatabase((d) => publishAssessment(d, cliUser(), options.org, yearOf(options))),
        options,
      );
    },
  );
}
