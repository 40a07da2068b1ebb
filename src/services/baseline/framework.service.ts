/**
 * Frameworks and profiles: importing them (national administrators; all or nothing, every problem reported)
 * and reading them (anyone signed in: they say what is asked of organisations).
 */

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sequentialOnCitus } from '../../db/citus/distribute.js';
import type { Database } from '../../db/connect.js';
import {
  allOutcomeLevels,
  listFrameworkRows,
  outcomeIdsInUse,
  outcomeRows,
  profileRows,
  replaceProfiles,
  saveFramework,
} from '../../db/repositories/baseline-framework.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { checkFramework, placedOutcomes } from '../../domain/baseline/framework.js';
import type { Level } from '../../domain/baseline/level.js';
import { checkProfileCsv } from '../../domain/baseline/profile-csv.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import { requireNational } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type Incoming, receive, type TextFile } from '../incoming.js';

/** Where the frameworks and the default profiles shipped with Ward live. */
export const SHIPPED_BASELINE_DIR = fileURLToPath(new URL('../../../fixtures/baseline/', import.meta.url));
export const SHIPPED_FRAMEWORKS = ['caf-3.2-e.json', 'caf-4.0-e.json'] as const;
export const SHIPPED_PROFILES = 'default-profiles.csv';
/** The source name of the shipped profiles: shown wherever a profile is, so nobody takes it for the national one. */
export const DEFAULT_PROFILE_SOURCE = 'default';

export interface FrameworkImportResult {
  file: string;
  framework: string;
  outcomes: number;
}

/** Imports an uploaded framework file: the caller's right is checked before the upload is read. */
export async function importFrameworkFile(
  database: Database,
  actor: Actor,
  incoming: Incoming<TextFile>,
): Promise<FrameworkImportResult> {
  requireNational(actor, 'admin', 'import baseline frameworks');
  const file = await receive(incoming);
  return importFramework(database, actor, file.name, file.text);
}

export async function importFramework(
  database: Database,
  actor: Actor,
  file: string,
  text: string,
): Promise<FrameworkImportResult> {
  requireNational(actor, 'admin', 'import baseline frameworks');
  const check = checkFramework(file, text);
  if (!check.ok)
    throw new InvalidInputError(
      `${file}: ${check.problems.length} problem(s), nothing imported`,
      check.problems,
    );
  const outcomes = placedOutcomes(check.framework);
  const ids = new Set(outcomes.map((o) => o.id));
  return database.db.transaction().execute(async (trx) => {
    await sequentialOnCitus(trx);
    const dropped = [...(await outcomeIdsInUse(trx, check.framework.id))].filter((id) => !ids.has(id));
    if (dropped.length > 0)
      throw new ConflictError(
        `framework ${check.framework.id} is in use and the file drops outcomes profiles or assessments refer to: ${dropped.sort().join(', ')}`,
      );
    await saveFramework(trx, check.framework, outcomes, actor.label);
    await audit(
      trx,
      actor,
      null,
      'baseline.framework.import',
      null,
      { framework: check.framework.id, outcomes: outcomes.length },
      check.framework.id,
    );
    return { file, framework: check.framework.id, outcomes: outcomes.length };
  });
}

export interface FrameworkSummary {
  id: string;
  title: string;
  version: string;
  notes: string | null;
  outcomes: number;
  importedAt: string;
}

export async function listFrameworks(database: Database, _actor: Actor): Promise<FrameworkSummary[]> {
  const rows = await listFrameworkRows(database.db);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    version: r.version,
    notes: r.notes,
    outcomes: r.outcomes,
    importedAt: new Date(r.imported_at).toISOString(),
  }));
}

export interface FrameworkOutcomeView {
  id: string;
  objective: { id: string; title: string };
  principle: { id: string; title: string };
  title: string;
  levels: Level[];
  question: string;
  plainQuestion: string | null;
  guidance: string;
}

export async function frameworkOutcomes(
  database: Database,
  _actor: Actor,
  id: string,
): Promise<FrameworkOutcomeView[]> {
  const rows = await outcomeRows(database.db, id);
  if (rows.length === 0) throw new NotFoundError(`no baseline framework ${id}`);
  return rows.map(toOutcomeView);
}

export function toOutcomeView(r: Awaited<ReturnType<typeof outcomeRows>>[number]): FrameworkOutcomeView {
  return {
    id: r.outcome_id,
    objective: { id: r.objective_id, title: r.objective_title },
    principle: { id: r.principle_id, title: r.principle_title },
    title: r.title,
    levels: r.levels as Level[],
    question: r.question,
    plainQuestion: r.plain_question,
    guidance: r.guidance,
  };
}

export interface ProfileImportResult {
  file: string;
  rows: number;
  profiles: number;
  source: string;
}

/** Imports an uploaded profile CSV: the caller's right is checked before the upload is read. */
export async function importProfileFile(
  database: Database,
  actor: Actor,
  incoming: Incoming<TextFile>,
): Promise<ProfileImportResult> {
  requireNational(actor, 'admin', 'import baseline profiles');
  const file = await receive(incoming);
  return importProfiles(database, actor, file.name, file.text);
}

export async function importProfiles(
  database: Database,
  actor: Actor,
  file: string,
  text: string,
  source: string = file,
): Promise<ProfileImportResult> {
  requireNational(actor, 'admin', 'import baseline profiles');
  return database.db.transaction().execute(async (trx) => {
    const check = checkProfileCsv(
      file,
      text,
      (await allOutcomeLevels(trx)) as Map<string, Map<string, Level[]>>,
    );
    if (!check.ok)
      throw new InvalidInputError(
        `${file}: ${check.problems.length} problem(s), nothing imported`,
        check.problems,
      );
    const profiles = await replaceProfiles(trx, check.entries, source);
    await audit(trx, actor, null, 'baseline.profile.import', null, {
      source,
      rows: check.entries.length,
      profiles,
    });
    return { file, rows: check.entries.length, profiles, source };
  });
}

export interface ProfileLine {
  framework: string;
  year: number;
  kind: string;
  outcome: string;
  title: string;
  expectedLevel: Level;
  source: string;
}

export async function showProfiles(
  database: Database,
  _actor: Actor,
  filter: { year?: number; kind?: string; framework?: string },
): Promise<ProfileLine[]> {
  const rows = await profileRows(database.db, filter);
  return rows.map((r) => ({
    framework: r.framework_id,
    year: r.year,
    kind: r.kind,
    outcome: r.outcome_id,
    title: r.title,
    expectedLevel: r.expected_level as Level,
    source: r.source,
  }));
}

/** Imports the frameworks and the default profiles shipped with Ward (idempotent). */
export async function importShippedBaseline(
  database: Database,
  actor: Actor,
): Promise<{ frameworks: FrameworkImportResult[]; profiles: ProfileImportResult }> {
  const frameworks: FrameworkImportResult[] = [];
  for (const name of SHIPPED_FRAMEWORKS)
    frameworks.push(
      await importFramework(database, actor, name, await readFile(SHIPPED_BASELINE_DIR + name, 'utf8')),
    );
  const text = await readFile(SHIPPED_BASELINE_DIR + SHIPPED_PROFILES, 'utf8');
  const profiles = await importProfiles(database, actor, SHIPPED_PROFILES, text, DEFAULT_PROFILE_SOURCE);
  return { frameworks, profiles };
}
