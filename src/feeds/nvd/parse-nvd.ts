/**
 * Streaming parser of NVD CVE API 2.0 documents: a response page or a yearly feed of the same shape
 * (`{"resultsPerPage":…,"totalResults":…,"vulnerabilities":[{"cve":{…}},…]}`), plain or gzip.
 * Memory stays flat whatever the size: each element of `vulnerabilities` is cut out of the byte
 * stream and parsed on its own (see {@link streamJsonArray}).
 */
import { findUnstorableText, jsonMayHoldUnstorableText } from '../../domain/text/storable-text.js';
import { formatZodIssues } from '../feed-format.error.js';
import { streamJsonArray } from '../json/json-array-stream.js';
import { parseJsonAt } from '../json/json-syntax.error.js';
import { type ByteSource, openBytes, sourceName } from '../source-bytes.js';
import type { NvdPageHeader, NvdParseItem } from './nvd.types.js';
import { toNvdCveRecord } from './nvd-cve.mapper.js';
import { nvdVulnerabilitySchema } from './nvd-cve.schema.js';

/** Options for {@link parseNvd}. */
export interface ParseNvdOptions {
  /** Name of the source in errors (defaults to the file path or `<stream>`). */
  name?: string;
}

function readId(element: unknown): string | null {
  const id = (element as { cve?: { id?: unknown } } | null)?.cve?.id;
  return typeof id === 'string' ? id : null;
}

function applyHeaderField(header: NvdPageHeader, key: string, value: unknown): void {
  switch (key) {
    case 'resultsPerPage':
    case 'startIndex':
    case 'totalResults':
      header[key] = Number.isInteger(value) ? (value as number) : null;
      break;
    case 'timestamp':
    case 'format':
    case 'version':
      header[key] = typeof value === 'string' ? value : null;
      break;
  }
}

/**
 * Parses an NVD CVE API 2.0 document and yields one item per element of `vulnerabilities`: a
 * `record` when it validates, an `invalid` item (CVE id or index, and the zod reason) when it does
 * not; parsing continues and the caller decides. The last item (`end`) carries the top-level fields.
 *
 * Throws {@link JsonSyntaxError} with the byte offset when the JSON itself is broken or truncated,
 * {@link GzipError} for a truncated gzip, and {@link FeedFormatError} when there is no
 * `vulnerabilities` array.
 */
export async function* parseNvd(
  source: ByteSource,
  options: ParseNvdOptions = {},
): AsyncGenerator<NvdParseItem> {
  const name = sourceName(source, options.name);
  const header: NvdPageHeader = {
    resultsPerPage: null,
    startIndex: null,
    totalResults: null,
    timestamp: null,
    format: null,
    version: null,
  };
  let records = 0;
  let invalid = 0;
  const items = streamJsonArray(openBytes(source, { name }), { arrayKey: 'vulnerabilities', source: name });
  for await (const item of items) {
    if (item.kind === 'field') {
      applyHeaderField(header, item.key, item.value);
      continue;
    }
    const element = parseJsonAt(item.text, item.byteOffset, name);
    const unstorable = jsonMayHoldUnstorableText(item.text) ? findUnstorableText(element) : null;
    const parsed = unstorable ? null : nvdVulnerabilitySchema.safeParse(element);
    if (parsed?.success) {
      records++;
      yield { kind: 'record', index: item.index, record: toNvdCveRecord(parsed.data.cve) };
    } else {
      invalid++;
      yield {
        kind: 'invalid',
        index: item.index,
        id: readId(element),
        reason: parsed ? formatZodIssues(parsed.error) : `${unstorable?.path}: ${unstorable?.reason}`,
      };
    }
  }
  yield { kind: 'end', header, records, invalid };
}
