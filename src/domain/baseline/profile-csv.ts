/**
 * Profiles: the level expected of each outcome for a kind of organisation in a year, read from
 * `framework,year,kind,outcome,expected_level` CSV and checked against the frameworks they name.
 */
import type { InputProblem } from '../../errors.js';
import { readCsvTable } from '../csv/csv-table.js';
import { isOrgKind, type OrgKind } from '../org/organisation.js';
import { type Level, parseLevel } from './level.js';

export const PROFILE_CSV_COLUMNS = ['framework', 'year', 'kind', 'outcome', 'expected_level'] as const;

export interface ProfileEntry {
  framework: string;
  year: number;
  kind: OrgKind;
  outcome: string;
  expectedLevel: Level;
}

/** What the check needs to know of each framework: the levels each of its outcomes allows. */
export type KnownFrameworks = ReadonlyMap<string, ReadonlyMap<string, readonly Level[]>>;

export type ProfileCheck = { ok: true; entries: ProfileEntry[] } | { ok: false; problems: InputProblem[] };

export function checkProfileCsv(file: string, text: string, frameworks: KnownFrameworks): ProfileCheck {
  const table = readCsvTable(file, text, PROFILE_CSV_COLUMNS);
  if (!table.ok) return { ok: false, problems: table.problems };
  const problems: InputProblem[] = [];
  const entries: ProfileEntry[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const bad = (reason: string) => problems.push({ file, line: row.line, reason });
    const framework = row.get('framework');
    const yearText = row.get('year');
    const kind = row.get('kind');
    const outcome = row.get('outcome');
    const levelText = row.get('expected_level');
    const outcomes = frameworks.get(framework);
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
    const level = parseLevel(levelText);
    let ok = true;
    if (!outcomes) {
      bad(
        `unknown framework "${framework}" (known: ${[...frameworks.keys()].join(', ') || 'none imported'})`,
      );
      ok = false;
    }
    if (year === null) {
      bad(`year "${yearText}" is not a four-digit year`);
      ok = false;
    }
    if (!isOrgKind(kind)) {
      bad(`unknown organisation kind "${kind}"`);
      ok = false;
    }
    if (level === null) {
      bad(`unknown level "${levelText}" (Not achieved, Partially achieved or Achieved)`);
      ok = false;
    }
    const allowed = outcomes?.get(outcome);
    if (outcomes && !allowed) {
      bad(`outcome "${outcome}" is not in framework ${framework}`);
      ok = false;
    }
    if (allowed && level && !allowed.includes(level)) {
      bad(`outcome ${outcome} does not allow "${level}" (allowed: ${allowed.join(', ')})`);
      ok = false;
    }
    if (!ok || year === null || level === null || !isOrgKind(kind)) continue;
    const key = `${framework}|${year}|${kind}|${outcome}`;
    const first = seen.get(key);
    if (first !== undefined) {
      bad(`${framework} ${year} ${kind} ${outcome} is given twice (first on line ${first})`);
      continue;
    }
    seen.set(key, row.line);
    entries.push({ framework, year, kind, outcome, expectedLevel: level });
  }
  if (table.rows.length === 0) problems.push({ file, line: 0, reason: 'no profile rows' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}
