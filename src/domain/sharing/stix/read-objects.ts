/**
 * Reading STIX 2.1 objects for import, one at a time and keeping no more than will be written:
 * each object's shape (`type`, a `type--uuid` id, `spec_version` 2.1 — which observables may leave
 * out), timestamps and markings, and each indicator's pattern against the STIX pattern grammar and
 * as values Ward holds. Markings are TLP 2.0 and 1.0 ids, or marking definitions anywhere in the
 * objects carrying a TLP (resolved once all are read); any other marking is a problem: a marking is
 * never guessed. What is not imported (other types, richer patterns, other pattern languages) is
 * listed as skipped, by id.
 */

import { unstorableText } from '../../text/storable-text.js';
import { valuesOfPattern } from '../stix-pattern.js';
import { parseTlp, stricterTlp, TLP_2_EXTENSION, type Tlp, tlpOfMarkingId } from '../tlp.js';
import { stixPatternSyntaxError } from './pattern-parser.js';

/** One object's problem: which object (its id, its place in the list) and why. */
export interface StixObjectProblem {
  id: string;
  /** 1-based position in the bundle's `objects`; 0 for the bundle itself. */
  index: number;
  reason: string;
}

export const UUID =
  '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';
const ID = new RegExp(`^([a-z0-9][a-z0-9-]+[a-z0-9])--${UUID}$`);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const STATEMENT = 'statement';
/** STIX cyber-observable types: for these alone `spec_version` may be left out (it is then 2.1). */
const OBSERVABLES = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function time(v: unknown): Date | null | 'bad' {
  if (v === undefined) return null;
  if (typeof v !== 'string' || !TIMESTAMP.test(v)) return 'bad';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? 'bad' : d;
}

/** The marking a bundle's own marking-definition carries: a TLP, a statement (no TLP), or unknown. */
function markingOf(o: Json): Tlp | typeof STATEMENT | undefined {
  const known = tlpOfMarkingId(String(o.id));
  if (known) return known;
  const ext = isObject(o.extensions) ? o.extensions[TLP_2_EXTENSION] : undefined;
  if (isObject(ext) && typeof ext.tlp_2_0 === 'string') return parseTlp(ext.tlp_2_0) ?? undefined;
  if (o.definition_type === 'tlp' && isObject(o.definition) && typeof o.definition.tlp === 'string')
    return parseTlp(o.definition.tlp) ?? undefined;
  if (o.definition_type === 'statement' && isObject(o.definition)) return STATEMENT;
  return undefined;
}

/** What is kept of an indicator object between reading it and writing it: no more than needed. */
export interface ReadIndicator {
  index: number;
  id: string;
  modified: string;
  /** Its TLP (resolved once all objects are read; the unmarked default when it carries none). */
  tlp: Tlp | undefined;
  pending: string[] | undefined;
  createdBy: string | undefined;
  description: string;
  confidence: number | null;
  validFrom: Date;
  validUntil: Date | null;
  revoked: boolean;
  values: { type: string; value: string }[];
}

export interface ReadObjects {
  /** Objects read. */
  count: number;
  /** Every problem, in the objects' order: any one refuses the import. */
  problems: StixObjectProblem[];
  skipped: { id: string; type: string; reason: string }[];
  /** The indicators to import, each with its marking resolved. */
  indicators: ReadIndicator[];
  /** Identity names by id (for `created_by_ref`). */
  names: Map<string, string>;
}

/**
 * Reads the objects. `unmarked` is the marking of an indicator that carries none; `signedIn`
 * whether the importer is a person (TLP:RED is shared with people by name, so needs one).
 */
export async function readStixObjects(
  objects: Iterable<unknown> | AsyncIterable<unknown>,
  options: { unmarked: Tlp; signedIn: boolean },
): Promise<ReadObjects> {
  const problems: StixObjectProblem[] = [];
  const skipped: { id: string; type: string; reason: string }[] = [];
  const markings = new Map<string, Tlp | typeof STATEMENT>();
  const names = new Map<string, string>();
  const candidates: ReadIndicator[] = [];
  /** Objects whose markings are defined in the bundle (resolved once all of it is read). */
  const awaiting: { index: number; id: string; refs: string[] }[] = [];
  let count = 0;

  for await (const raw of objects) {
    const index = ++count;
    const id = isObject(raw) && typeof raw.id === 'string' ? raw.id : `object ${index}`;
    const before = problems.length;
    const fail = (reason: string) => problems.push({ id, index, reason });
    if (!isObject(raw)) {
      fail('not a JSON object');
      continue;
    }
    const m = typeof raw.id === 'string' ? ID.exec(raw.id) : null;
    if (typeof raw.type !== 'string') fail('no "type"');
    else if (!m) fail(`"id" ${JSON.stringify(raw.id)} is not ${raw.type}--<uuid>`);
    else if (m[1] !== raw.type) fail(`"id" names type ${m[1]}, the object is a ${raw.type}`);
    if (
      raw.spec_version !== '2.1' &&
      !(raw.spec_version === undefined && OBSERVABLES.has(raw.type as string))
    )
      fail(`"spec_version" is ${JSON.stringify(raw.spec_version ?? null)}: Ward reads STIX 2.1 only`);
    if (problems.length > before) continue;
    const o = raw;
    if (o.type === 'marking-definition') {
      const tlp = markingOf(o);
      if (tlp) markings.set(id, tlp);
    }
    if (o.type === 'identity' && typeof o.name === 'string') {
      const bad = unstorableText(o.name);
      if (bad) fail(`"name" ${bad}`);
      else names.set(id, o.name);
    }

    // Markings: TLP ids now; ids defined in the bundle once all of it is read; anything else refused.
    if (o.object_marking_refs !== undefined && !Array.isArray(o.object_marking_refs))
      fail('"object_marking_refs" is not a list');
    const refs = [
      ...(Array.isArray(o.object_marking_refs) ? o.object_marking_refs : []),
      ...(Array.isArray(o.granular_markings)
        ? o.granular_markings
            .map((g) => (isObject(g) ? g.marking_ref : undefined))
            .filter((r) => r !== undefined)
        : []),
    ];
    let tlp: Tlp | undefined;
    const pending: string[] = [];
    for (const ref of refs) {
      const known = typeof ref === 'string' ? tlpOfMarkingId(ref) : undefined;
      if (known) tlp = tlp ? stricterTlp(tlp, known) : known;
      else if (typeof ref === 'string') pending.push(ref);
      else fail(`marking ${JSON.stringify(ref)} is not a marking-definition id`);
    }
    for (const field of ['created', 'modified'] as const)
      if (time(o[field]) === 'bad') fail(`"${field}" is not a STIX timestamp (YYYY-MM-DDThh:mm:ss[.s]Z)`);

    if (o.type !== 'indicator') {
      if (pending.length > 0) awaiting.push({ index, id, refs: pending });
      if (o.type !== 'identity' && o.type !== 'marking-definition')
        skipped.push({ id, type: o.type as string, reason: `Ward does not import ${o.type} objects` });
      continue;
    }
    for (const field of ['created', 'modified', 'valid_from'] as const)
      if (o[field] === undefined) fail(`an indicator needs "${field}"`);
    if (time(o.valid_from) === 'bad') fail('"valid_from" is not a STIX timestamp');
    if (time(o.valid_until) === 'bad') fail('"valid_until" is not a STIX timestamp');
    if (
      o.confidence !== undefined &&
      (!Number.isInteger(o.confidence) || (o.confidence as number) < 0 || (o.confidence as number) > 100)
    )
      fail('"confidence" is not a whole number from 0 to 100');
    if (o.description !== undefined && typeof o.description !== 'string') fail('"description" is not text');
    else if (typeof o.description === 'string' && unstorableText(o.description))
      fail(`"description" ${unstorableText(o.description)}`);
    if (typeof o.pattern !== 'string') fail('an indicator needs a "pattern"');
    if (typeof o.pattern_type !== 'string') fail('an indicator needs a "pattern_type"');
    if (problems.length > before) continue;
    if (o.pattern_type !== 'stix') {
      skipped.push({
        id,
        type: 'indicator',
        reason: `a ${o.pattern_type} pattern: Ward holds STIX patterns only`,
      });
      continue;
    }
    const syntax = stixPatternSyntaxError(o.pattern as string);
    if (syntax) {
      fail(`the pattern does not parse: ${syntax}`);
      continue;
    }
    const values = valuesOfPattern(o.pattern as string);
    if (!values || values.length === 0) {
      if (pending.length > 0) awaiting.push({ index, id, refs: pending });
      skipped.push({
        id,
        type: 'indicator',
        reason:
          'the pattern is richer than values Ward holds (AND, FOLLOWEDBY, qualifiers, or object paths other than addresses, domains, URLs, e-mail addresses and file hashes)',
      });
      continue;
    }
    candidates.push({
      index,
      id,
      modified: String(o.modified),
      tlp,
      pending: pending.length > 0 ? pending : undefined,
      createdBy: typeof o.created_by_ref === 'string' ? o.created_by_ref : undefined,
      description: typeof o.description === 'string' ? o.description.trim() : '',
      confidence: (o.confidence as number | undefined) ?? null,
      validFrom: time(o.valid_from) as Date,
      validUntil: time(o.valid_until) as Date | null,
      revoked: o.revoked === true,
      values,
    });
  }

  // Markings defined in the bundle, now that all of it is read.
  const resolve = (index: number, id: string, refs: readonly string[], tlp: Tlp | undefined) => {
    let out = tlp;
    for (const ref of refs) {
      const marking = markings.get(ref);
      if (marking === undefined)
        problems.push({
          id,
          index,
          reason: `marking ${JSON.stringify(ref)} is unknown (not a TLP marking, nor defined in the bundle)`,
        });
      else if (marking !== STATEMENT) out = out ? stricterTlp(out, marking) : marking;
    }
    return out;
  };
  for (const a of awaiting) resolve(a.index, a.id, a.refs, undefined);
  const unmarked = options.unmarked;
  for (const c of candidates) {
    c.tlp = resolve(c.index, c.id, c.pending ?? [], c.tlp) ?? unmarked;
    if (c.tlp === 'RED' && !options.signedIn)
      problems.push({
        id: c.id,
        index: c.index,
        reason: 'TLP:RED is shared with people by name: import it as a signed-in user',
      });
  }

  problems.sort((a, b) => a.index - b.index);
  return { count, problems, skipped, indicators: candidates, names };
}
