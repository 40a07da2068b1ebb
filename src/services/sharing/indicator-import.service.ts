/**
 * Importing a file of indicators (CSV or JSON) for one producing organisation: all or nothing,
 * every problem reported with its line (CSV) or record (JSON). The file arrives as an `Incoming`:
 * over HTTP it is read only once the caller may add indicators for the organisation.
 */
import type { Database } from '../../db/connect.js';
import type { Actor } from '../../domain/access/actor.js';
import {
  guessIndicatorFormat,
  type IndicatorFileFormat,
  parseIndicatorFile,
} from '../../domain/sharing/indicator-file.js';
import { InvalidInputError } from '../../errors.js';
import type { RenderOptions } from '../../notifications/message.types.js';
import { requireOrgAccess } from '../access/access.service.js';
import { type Incoming, receive, type TextFile } from '../incoming.js';
import { type AddedIndicator, addIndicators } from './indicator.service.js';

/** The CSV column that fills each request field. */
const CSV_COLUMN: Record<string, string> = {
  shareWith: 'share_with',
  groups: 'group',
  people: 'person',
  firstSeen: 'first_seen',
  lastSeen: 'last_seen',
  validUntil: 'valid_until',
};

export interface IndicatorImportResult {
  file: string;
  format: IndicatorFileFormat;
  org: string;
  added: number;
  updated: number;
  indicators: AddedIndicator[];
}

export async function importIndicators(
  database: Database,
  actor: Actor,
  producerCode: string,
  incoming: Incoming<TextFile>,
  options: { format?: IndicatorFileFormat; source?: string; now?: Date; render?: RenderOptions } = {},
): Promise<IndicatorImportResult> {
  const producer = await requireOrgAccess(database, actor, 'write', producerCode);
  const file = await receive(incoming);
  const format = options.format ?? guessIndicatorFormat(file.name, file.text);
  const parsed = parseIndicatorFile(file.name, file.text, format);
  const indicators = await addIndicators(database, actor, producer.code, parsed.records, {
    file: file.name,
    lines: parsed.lines,
    problems: parsed.problems,
    source: options.source,
    now: options.now,
    render: options.render,
  }).catch((error: unknown) => {
    // A CSV file's problems name its columns, not the request fields they fill.
    if (format === 'csv' && error instanceof InvalidInputError)
      for (const p of error.problems) if (p.field) p.field = CSV_COLUMN[p.field] ?? p.field;
    throw error;
  });
  return {
    file: file.name,
    format,
    org: producer.code,
    added: indicators.filter((i) => i.created).length,
    updated: indicators.filter((i) => !i.created).length,
    indicators,
  };
}
