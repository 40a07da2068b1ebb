/**
 * Indicator files: CSV with a header, or JSON (an array of indicators, or `{ "indicators": [...] }`),
 * with the columns of `ward indicator add`'s options. Pure: text in, the inputs with their line (CSV)
 * or record number (JSON), or every problem with its place. The values themselves are checked when
 * added, with the same line numbers.
 *
 * CSV columns: value (required), tlp (required), type, share_with, group, person, confidence,
 * description, first_seen, last_seen, valid_until; lists (share_with, group, person) are separated
 * by commas, semicolons or spaces. JSON fields: value, tlp, type, shareWith, groups, people,
 * confidence, description, firstSeen, lastSeen, validUntil.
 */
import type { InputProblem } from '../../errors.js';
import { readCsvTable } from '../csv/csv-table.js';
import { unstorableText } from '../text/storable-text.js';

export const INDICATOR_FILE_FORMATS = ['csv', 'json'] as const;
export type IndicatorFileFormat = (typeof INDICATOR_FILE_FORMATS)[number];

export const INDICATOR_CSV_COLUMNS = [
  'value',
  'tlp',
  'type',
  'share_with',
  'group',
  'person',
  'confidence',
  'description',
  'first_seen',
  'last_seen',
  'valid_until',
] as const;

/** One indicator as a file or a request gives it (the indicator service's `IndicatorInput`). */
export interface IndicatorFileRecord {
  value: string;
  /** The kind; guessed from the value when absent. */
  type?: string;
  tlp: string;
  confidence?: number | null;
  description?: string;
  firstSeen?: string | null;
  lastSeen?: string | null;
  validUntil?: string | null;
  /** AMBER: organisations (`CODE`, `under:CODE`) and sharing groups; RED: people. */
  shareWith?: { orgs?: readonly string[]; groups?: readonly string[]; people?: readonly string[] };
}

export interface IndicatorFile {
  records: IndicatorFileRecord[];
  /** The line (CSV) or record number (JSON, 1-based) of each record. */
  lines: number[];
  problems: InputProblem[];
}

/** At most this many indicators in one file. */
export const MAX_INDICATORS_PER_FILE = 50_000;

const list = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

function confidenceOf(text: string): number | null | 'bad' {
  if (text === '') return null;
  const n = Number(text);
  return Number.isInteger(n) ? n : 'bad';
}

/** The format a file's name or content suggests when none is given: `.json` or a leading `[`/`{` is JSON. */
export function guessIndicatorFormat(name: string, text: string): IndicatorFileFormat {
  return /\.json$/i.test(name) || /^\s*[[{]/.test(text) ? 'json' : 'csv';
}

export function parseIndicatorFile(file: string, text: string, format: IndicatorFileFormat): IndicatorFile {
  const out = format === 'csv' ? parseCsv(file, text) : parseJson(file, text);
  if (out.records.length === 0 && out.problems.length === 0)
    out.problems.push({ file, line: 0, reason: 'the file holds no indicators' });
  if (out.records.length > MAX_INDICATORS_PER_FILE)
    out.problems.push({
      file,
      line: 0,
      reason: `${out.records.length} indicators: at most ${MAX_INDICATORS_PER_FILE} in one file`,
    });
  return out;
}

function parseCsv(file: string, text: string): IndicatorFile {
  const table = readCsvTable(file, text, ['value', 'tlp']);
  if (!table.ok) return { records: [], lines: [], problems: table.problems };
  const problems: InputProblem[] = [];
  const unknown = table.columns.filter((c) => !(INDICATOR_CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0)
    problems.push({
      file,
      line: 1,
      reason: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${INDICATOR_CSV_COLUMNS.join(',')})`,
    });
  const records: IndicatorFileRecord[] = [];
  const lines: number[] = [];
  for (const row of table.rows) {
    const confidence = confidenceOf(row.get('confidence'));
    if (confidence === 'bad') {
      problems.push({
        file,
        line: row.line,
        field: 'confidence',
        reason: 'give a whole number from 0 to 100',
      });
      continue;
    }
    const opt = (c: string) => row.get(c) || undefined;
    records.push({
      value: row.get('value'),
      tlp: row.get('tlp'),
      type: opt('type'),
      confidence,
      description: opt('description'),
      firstSeen: opt('first_seen'),
      lastSeen: opt('last_seen'),
      validUntil: opt('valid_until'),
      shareWith: {
        orgs: list(row.get('share_with')),
        groups: list(row.get('group')),
        people: list(row.get('person')),
      },
    });
    lines.push(row.line);
  }
  return { records, lines, problems };
}

const STRING_FIELDS = ['value', 'tlp', 'type', 'description', 'firstSeen', 'lastSeen', 'validUntil'] as const;
const LIST_FIELDS = ['shareWith', 'groups', 'people'] as const;

function parseJson(file: string, text: string): IndicatorFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      records: [],
      lines: [],
      problems: [{ file, line: 0, reason: `not valid JSON: ${(error as Error).message}` }],
    };
  }
  const items = Array.isArray(doc)
    ? doc
    : doc && typeof doc === 'object' && Array.isArray((doc as { indicators?: unknown }).indicators)
      ? (doc as { indicators: unknown[] }).indicators
      : null;
  if (!items)
    return {
      records: [],
      lines: [],
      problems: [
        { file, line: 0, reason: 'expected an array of indicators, or an object with "indicators": [...]' },
      ],
    };
  const records: IndicatorFileRecord[] = [];
  const lines: number[] = [];
  const problems: InputProblem[] = [];
  items.forEach((item, i) => {
    const line = i + 1;
    const fail = (field: string, reason: string) => {
      problems.push({ file, line, field, reason });
    };
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      fail('value', 'expected an object');
      return;
    }
    const o = item as Record<string, unknown>;
    const before = problems.length;
    for (const f of STRING_FIELDS) {
      const v = o[f];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string') fail(f, 'expected text');
      else if (unstorableText(v)) fail(f, unstorableText(v) as string);
    }
    for (const f of ['value', 'tlp'] as const)
      if (o[f] === undefined || o[f] === null || o[f] === '') fail(f, 'required');
    for (const f of LIST_FIELDS) {
      const v = o[f];
      if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'string')))
        fail(f, 'expected a list of text');
      else if (Array.isArray(v))
        for (const x of v as string[]) {
          const bad = unstorableText(x);
          if (bad) fail(f, bad);
        }
    }
    const c = o.confidence;
    if (c !== undefined && c !== null && !(typeof c === 'number' && Number.isInteger(c)))
      fail('confidence', 'give a whole number from 0 to 100');
    if (problems.length > before) return;
    const str = (f: (typeof STRING_FIELDS)[number]) => (o[f] as string | undefined) ?? undefined;
    const arr = (f: (typeof LIST_FIELDS)[number]) => (o[f] as string[] | undefined) ?? [];
    records.push({
      value: o.value as string,
      tlp: o.tlp as string,
      type: str('type'),
      confidence: (c as number | null | undefined) ?? null,
      description: str('description'),
      firstSeen: str('firstSeen'),
      lastSeen: str('lastSeen'),
      validUntil: str('validUntil'),
      shareWith: { orgs: arr('shareWith'), groups: arr('groups'), people: arr('people') },
    });
    lines.push(line);
  });
  return { records, lines, problems };
}
