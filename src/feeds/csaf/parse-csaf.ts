/**
 * CSAF 2.0 advisory parser: validates a document against the CSAF 2.0 schema, then flattens it into
 * a {@link CsafAdvisory} (document facts, products by id, vulnerabilities with product statuses,
 * remediations and CVSS scores).
 */

import { csafDocumentNotes } from '../../domain/rules/csaf-medical.js';
import { findUnstorableText } from '../../domain/text/storable-text.js';
import { parseJsonDocument } from '../json/json-syntax.error.js';
import { type ByteSource, readAllBytes, sourceName } from '../source-bytes.js';
import type {
  CsafAdvisory,
  CsafProductStatus,
  CsafProductStatusName,
  CsafScore,
  CsafVulnerability,
} from './csaf.types.js';
import type { CsafCvssInput, CsafDocumentInput, CsafVulnerabilityInput } from './csaf-input.types.js';
import { flattenProductTree } from './csaf-product-tree.js';
import { type CsafValidationError, type ValidateCsafOptions, validateCsaf } from './validate-csaf.js';

/** The outcome of {@link parseCsaf}: the advisory, or the schema's reasons for rejecting it. */
export type CsafParseResult =
  | { ok: true; advisory: CsafAdvisory }
  | { ok: false; errors: CsafValidationError[] };

const STATUS_NAMES: readonly CsafProductStatusName[] = [
  'first_affected',
  'first_fixed',
  'fixed',
  'known_affected',
  'known_not_affected',
  'last_affected',
  'recommended',
  'under_investigation',
];

function score(cvss: CsafCvssInput, products: string[]): CsafScore {
  return {
    version: cvss.version,
    baseScore: cvss.baseScore,
    vector: cvss.vectorString,
    severity: cvss.baseSeverity ?? null,
    products,
  };
}

function toVulnerability(v: CsafVulnerabilityInput, groups: Map<string, string[]>): CsafVulnerability {
  const productStatus = Object.fromEntries(
    STATUS_NAMES.map((name) => [name, v.product_status?.[name] ?? []]),
  ) as CsafProductStatus;
  return {
    cve: v.cve ?? null,
    title: v.title ?? null,
    cwe: v.cwe ? { id: v.cwe.id, name: v.cwe.name } : null,
    productStatus,
    remediations: (v.remediations ?? []).map((r) => ({
      category: r.category,
      details: r.details,
      productIds: [
        ...new Set([...(r.product_ids ?? []), ...(r.group_ids ?? []).flatMap((g) => groups.get(g) ?? [])]),
      ],
      url: r.url ?? null,
    })),
    scores: (v.scores ?? []).flatMap((s) => [
      ...(s.cvss_v3 ? [score(s.cvss_v3, s.products)] : []),
      ...(s.cvss_v2 ? [score(s.cvss_v2, s.products)] : []),
    ]),
  };
}

/** Product ids a vulnerability refers to, with the JSON pointer of each reference. */
function* productReferences(v: CsafVulnerabilityInput, at: string): Generator<[string, string]> {
  for (const name of STATUS_NAMES) {
    for (const [k, id] of (v.product_status?.[name] ?? []).entries())
      yield [id, `${at}/product_status/${name}/${k}`];
  }
  for (const [i, r] of (v.remediations ?? []).entries()) {
    for (const [k, id] of (r.product_ids ?? []).entries())
      yield [id, `${at}/remediations/${i}/product_ids/${k}`];
  }
  for (const [i, s] of (v.scores ?? []).entries()) {
    for (const [k, id] of s.products.entries()) yield [id, `${at}/scores/${i}/products/${k}`];
  }
}

/**
 * Validates a parsed CSAF document against the CSAF 2.0 schema (strict by default) and, when it
 * passes, flattens it. A rejected document comes back with every reason and its JSON pointer (or,
 * for text a database cannot store, the path of the first such string).
 */
export function parseCsaf(doc: unknown, options: ValidateCsafOptions = {}): CsafParseResult {
  const unstorable = findUnstorableText(doc);
  if (unstorable) return { ok: false, errors: [{ path: unstorable.path, message: unstorable.reason }] };
  const validation = validateCsaf(doc, options);
  if (!validation.valid) return { ok: false, errors: validation.errors };
  const input = doc as CsafDocumentInput;
  const d = input.document;
  const tree = flattenProductTree(input.product_tree);
  const warnings: CsafAdvisory['warnings'] = tree.duplicates.map((dup) => ({
    path: dup.path,
    message: `product id ${dup.productId} is defined more than once; the first definition is kept`,
  }));
  const known = new Set(tree.products.map((p) => p.productId));
  (input.vulnerabilities ?? []).forEach((v, i) => {
    for (const [id, path] of productReferences(v, `/vulnerabilities/${i}`)) {
      if (!known.has(id))
        warnings.push({ path, message: `product id ${id} is not defined in the product tree` });
    }
  });
  return {
    ok: true,
    advisory: {
      document: {
        title: d.title,
        category: d.category,
        csafVersion: d.csaf_version,
        lang: d.lang ?? null,
        tracking: {
          id: d.tracking.id,
          version: d.tracking.version,
          status: d.tracking.status,
          initialReleaseDate: d.tracking.initial_release_date,
          currentReleaseDate: d.tracking.current_release_date,
        },
        publisher: {
          name: d.publisher.name,
          namespace: d.publisher.namespace,
          category: d.publisher.category,
        },
        tlp: d.distribution?.tlp?.label ?? null,
        references: (d.references ?? []).map((r) => ({
          category: r.category ?? null,
          summary: r.summary,
          url: r.url,
        })),
        notes: csafDocumentNotes(doc),
      },
      products: tree.products,
      vulnerabilities: (input.vulnerabilities ?? []).map((v) => toVulnerability(v, tree.groups)),
      warnings,
    },
  };
}

/** Options for {@link readCsaf}. */
export interface ReadCsafOptions extends ValidateCsafOptions {
  /** Name of the source in errors (defaults to the file path or `<stream>`). */
  name?: string;
}

/**
 * Reads a CSAF document from a file, stream or bytes (plain or gzip) and parses it with
 * {@link parseCsaf}. Broken JSON throws {@link JsonSyntaxError} with the byte offset.
 */
export async function readCsaf(source: ByteSource, options: ReadCsafOptions = {}): Promise<CsafParseResult> {
  const name = sourceName(source, options.name);
  const text = (await readAllBytes(source, { name })).toString('utf8');
  return parseCsaf(parseJsonDocument(text, name), options);
}
