/**
 * `ward baseline evidence attach|list`: files uploaded as evidence on an outcome of an assessment.
 * (`ward baseline evidence refresh`, the auto-evidence figures, is in `baseline.ts`.)
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  EVIDENCE_FILE_KINDS,
  EVIDENCE_FILE_MAX_BYTES,
  type EvidenceFile,
} from '../../domain/baseline/evidence-file.js';
import { InvalidInputError } from '../../errors.js';
import { attachEvidenceFiles, listEvidenceFiles } from '../../services/baseline/evidence-file.service.js';
import { withDatabase } from '../context.js';
import { emit, table } from '../output.js';
import { type OrgYear, orgYear, yearOf } from './baseline-assessment.js';
import { cliUser } from './user.js';

/** The bytes of each file; a file that cannot be read is bad input, named with its reason. */
async function readFiles(paths: readonly string[]) {
  const problems: { file: string; line: number; reason: string }[] = [];
  const files: { name: string; content: Buffer }[] = [];
  for (const path of paths) {
    try {
      files.push({ name: basename(path), content: await readFile(path) });
    } catch (error) {
      problems.push({
        file: path,
        line: 0,
        reason: `cannot read (${(error as NodeJS.ErrnoException).code})`,
      });
    }
  }
  if (problems.length > 0) throw new InvalidInputError(`${problems.length} file(s) cannot be read`, problems);
  return files;
}

function renderFiles(files: EvidenceFile[]): string[] {
  if (files.length === 0) return ['no evidence files'];
  return table(
    ['outcome', 'file', 'type', 'bytes', 'sha256', 'uploaded', 'by', 'carried', 'id'],
    files.map((f) => [
      f.outcome,
      f.name,
      f.type,
      f.size,
      f.sha256.slice(0, 12),
      f.uploadedAt.slice(0, 16),
      f.uploadedBy,
      f.carriedFrom === null ? '' : `from ${f.carriedFrom}: recheck`,
      f.id,
    ]),
  );
}

export function registerBaselineEvidenceFileCommands(evidence: Command): void {
  orgYear(
    evidence
      .command('attach')
      .description(
        `attach files to an outcome of the draft (${EVIDENCE_FILE_KINDS}; up to ${EVIDENCE_FILE_MAX_BYTES / 1048576} MB each, recognised from their content). ` +
          'All or nothing: every refused file is listed with its reason.',
      )
      .requiredOption('--outcome <id>', 'outcome id, e.g. B4.d')
      .argument('<files...>', 'evidence files'),
  ).action(async (paths: string[], options: OrgYear & { outcome: string }) => {
    const files = await readFiles(paths);
    const attached = await withDatabase((d) =>
      attachEvidenceFiles(d, cliUser(), options.org, yearOf(options), options.outcome, files),
    );
    emit(attached, options, (list) =>
      list.map(
        (f) =>
          `${f.name}: attached to ${f.outcome} of ${options.org} (${f.type}, ${f.size} bytes, sha256 ${f.sha256})`,
      ),
    );
  });
  orgYear(
    evidence
      .command('list')
      .description("the evidence files of an organisation's assessment")
      .option('--outcome <id>', 'only this outcome'),
  ).action(async (options: OrgYear & { outcome?: string }) => {
    const files = await withDatabase((d) =>
      listEvidenceFiles(d, cliUser(), options.org, yearOf(options), options.outcome),
    );
    emit(files, options, renderFiles);
  });
}
