/**
 * Parser of the CISA KEV catalog JSON (about 1.3 MB for ~1,400 entries: read whole, validated entry
 * by entry). A bad entry is reported with its index and cveID and left out; the rest still load.
 */
import { findUnstorableText } from '../../domain/text/storable-text.js';
import { FeedFormatError, formatZodIssues } from '../feed-format.error.js';
import { parseJsonDocument } from '../json/json-syntax.error.js';
import { type ByteSource, readAllBytes, sourceName } from '../source-bytes.js';
import { type KevEntry, kevCatalogSchema, kevEntrySchema } from './kev-entry.schema.js';

/** A catalog entry that was left out, or a catalog-level mismatch (`index` null). */
export interface KevIssue {
  index: number | null;
  cveID: string | null;
  reason: string;
}

/** The parsed catalog: its header, the valid entries, and what was left out and why. */
export interface KevCatalog {
  title: string | null;
  /** `2025.08.25` */
  catalogVersion: string;
  /** ISO 8601 date-time of the release, as given. */
  dateReleased: string;
  /** The count the catalog states (compare with `vulnerabilities.length` + left-out entries). */
  count: number;
  vulnerabilities: KevEntry[];
  issues: KevIssue[];
}

/** Options for {@link parseKev}. */
export interface ParseKevOptions {
  /** Name of the source in errors (defaults to the file path or `<stream>`). */
  name?: string;
}

function readCveId(entry: unknown): string | null {
  const id = (entry as { cveID?: unknown } | null)?.cveID;
  return typeof id === 'string' ? id : null;
}

/**
 * Parses a KEV catalog (plain or gzip). Throws {@link JsonSyntaxError} (with the byte offset) for
 * broken JSON and {@link FeedFormatError} when the catalog header is not a KEV catalog; entries that
 * fail validation, and repeated cveIDs, become {@link KevIssue}s.
 */
export async function parseKev(source: ByteSource, options: ParseKevOptions = {}): Promise<KevCatalog> {
  const name = sourceName(source, options.name);
  const text = (await readAllBytes(source, { name })).toString('utf8');
  const catalog = kevCatalogSchema.safeParse(parseJsonDocument(text, name));
  if (!catalog.success)
    throw new FeedFormatError(`not a KEV catalog: ${formatZodIssues(catalog.error)}`, name);
  const { title, catalogVersion, dateReleased, count, vulnerabilities: raw } = catalog.data;
  const vulnerabilities: KevEntry[] = [];
  const issues: KevIssue[] = [];
  const seen = new Map<string, number>();
  raw.forEach((entry, index) => {
    const unstorable = findUnstorableText(entry);
    if (unstorable) {
      issues.push({ index, cveID: readCveId(entry), reason: `${unstorable.path}: ${unstorable.reason}` });
      return;
    }
    const parsed = kevEntrySchema.safeParse(entry);
    if (!parsed.success) {
      issues.push({ index, cveID: readCveId(entry), reason: formatZodIssues(parsed.error) });
      return;
    }
    const first = seen.get(parsed.data.cveID);
    if (first !== undefined) {
      issues.push({ index, cveID: parsed.data.cveID, reason: `duplicate of entry ${first}` });
      return;
    }
    seen.set(parsed.data.cveID, index);
    vulnerabilities.push(parsed.data);
  });
  if (count !== raw.length) {
    issues.push({
      index: null,
      cveID: null,
      reason: `count is ${count} but the catalog lists ${raw.length} entries`,
    });
  }
  return { title: title ?? null, catalogVersion, dateReleased, count, vulnerabilities, issues };
}
