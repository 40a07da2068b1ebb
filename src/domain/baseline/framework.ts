/**
 * A baseline framework (CAF v3.2 + objective E, CAF v4.0 + objective E, or one a user imports):
 * its objectives, principles and outcomes, and the check that turns a file into one — every
 * problem reported with its line, nothing accepted unless the whole file is sound.
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { InputProblem } from '../../errors.js';
import { lineOf, pointerLines } from '../json/pointer-lines.js';
import { FRAMEWORK_SCHEMA } from './framework.schema.js';
import { isLevel, LEVELS, type Level } from './level.js';

export interface FrameworkOutcome {
  id: string;
  title: string;
  levels: Level[];
  /** Ward's own plain-English question. */
  question: string;
  guidance: string;
  /** The question worded for an organisation with no security staff (GP practice, pharmacy, care home). */
  plainQuestion?: string;
}

export interface FrameworkPrinciple {
  id: string;
  title: string;
  outcomes: FrameworkOutcome[];
}

export interface FrameworkObjective {
  id: string;
  title: string;
  principles: FrameworkPrinciple[];
}

export interface Framework {
  id: string;
  title: string;
  version: string;
  notes?: string;
  levels: Level[];
  objectives: FrameworkObjective[];
}

/** An outcome with where it sits, in framework order. */
export interface PlacedOutcome extends FrameworkOutcome {
  objectiveId: string;
  objectiveTitle: string;
  principleId: string;
  principleTitle: string;
  position: number;
}

export type FrameworkCheck = { ok: true; framework: Framework } | { ok: false; problems: InputProblem[] };

const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
const validateShape = ajv.compile<Framework>(FRAMEWORK_SCHEMA);

function schemaReason(e: ErrorObject): string {
  const at = e.instancePath || 'the document';
  if (e.keyword === 'enum')
    return `${at}: unknown level ${JSON.stringify(e.data)} (allowed: ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')})`;
  if (e.keyword === 'additionalProperties')
    return `${at}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'required')
    return `${at}: missing field "${(e.params as { missingProperty: string }).missingProperty}"`;
  return `${at}: ${e.message ?? e.keyword}`;
}

/** Every outcome of the framework with its objective and principle, in file order. */
export function placedOutcomes(framework: Framework): PlacedOutcome[] {
  const out: PlacedOutcome[] = [];
  for (const o of framework.objectives)
    for (const p of o.principles)
      for (const outcome of p.outcomes)
        out.push({
          ...outcome,
          objectiveId: o.id,
          objectiveTitle: o.title,
          principleId: p.id,
          principleTitle: p.title,
          position: out.length,
        });
  return out;
}

/** Checks a framework file: JSON, the schema, then the whole-document rules. */
export function checkFramework(file: string, text: string): FrameworkCheck {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      ok: false,
      problems: [{ file, line: 0, reason: `not valid JSON: ${(error as Error).message}` }],
    };
  }
  const lines = pointerLines(text);
  const problem = (pointer: string, reason: string): InputProblem => ({
    file,
    line: lineOf(lines, pointer),
    reason,
  });
  // Both passes run, so one import shows every problem: the schema's, and the whole-document
  // rules over what can be read of the document even where its shape is wrong.
  const shapeOk = validateShape(doc);
  const problems = [
    ...(shapeOk ? [] : (validateShape.errors ?? []).map((e) => problem(e.instancePath, schemaReason(e)))),
    ...wholeDocumentProblems(readable(doc)).map((p) => problem(p.pointer, p.reason)),
  ].sort((a, b) => a.line - b.line);
  return problems.length > 0 || !shapeOk
    ? { ok: false, problems }
    : { ok: true, framework: doc as Framework };
}

const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {})) : [];
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const levelList = (v: unknown): Level[] =>
  Array.isArray(v) ? v.filter((l): l is Level => typeof l === 'string' && isLevel(l)) : [];

/** What the whole-document rules can read of a document, whatever its shape (missing parts empty). */
function readable(doc: unknown): Framework {
  const d = list([doc])[0] ?? {};
  return {
    id: str(d.id),
    title: str(d.title),
    version: str(d.version),
    levels: Array.isArray(d.levels) ? levelList(d.levels) : [...LEVELS],
    objectives: list(d.objectives).map((o) => ({
      id: str(o.id),
      title: str(o.title),
      principles: list(o.principles).map((p) => ({
        id: str(p.id),
        title: str(p.title),
        outcomes: list(p.outcomes).map((x) => ({
          id: str(x.id),
          title: str(x.title),
          levels: Array.isArray(x.levels) ? levelList(x.levels) : [...LEVELS],
          question: str(x.question),
          guidance: str(x.guidance),
        })),
      })),
    })),
  };
}

function wholeDocumentProblems(f: Framework): { pointer: string; reason: string }[] {
  const out: { pointer: string; reason: string }[] = [];
  const seen = new Map<string, string>();
  const unique = (id: string, pointer: string, what: string) => {
    if (!id) return;
    const first = seen.get(id);
    if (first !== undefined) out.push({ pointer, reason: `duplicate ${what} id ${id} (first at ${first})` });
    else seen.set(id, pointer);
  };
  const principleIds = new Set(f.objectives.flatMap((o) => o.principles.map((p) => p.id)));
  if (!f.levels.includes('Not achieved') || !f.levels.includes('Achieved'))
    out.push({ pointer: '/levels', reason: 'levels must include "Not achieved" and "Achieved"' });
  f.objectives.forEach((o, oi) => {
    const op = `/objectives/${oi}`;
    unique(o.id, `${op}/id`, 'objective');
    if (o.principles.length === 0) out.push({ pointer: op, reason: `objective ${o.id} has no principles` });
    o.principles.forEach((p, pi) => {
      const pp = `${op}/principles/${pi}`;
      unique(p.id, `${pp}/id`, 'principle');
      if (p.id && o.id && !p.id.startsWith(o.id))
        out.push({ pointer: `${pp}/id`, reason: `principle ${p.id} is listed under objective ${o.id}` });
      if (p.outcomes.length === 0) out.push({ pointer: pp, reason: `principle ${p.id} has no outcomes` });
      p.outcomes.forEach((x, xi) => {
        const xp = `${pp}/outcomes/${xi}`;
        unique(x.id, `${xp}/id`, 'outcome');
        const owner = x.id.slice(0, x.id.indexOf('.'));
        if (!owner) {
          // An id the schema rejects: reported there.
        } else if (!principleIds.has(owner))
          out.push({ pointer: `${xp}/id`, reason: `outcome ${x.id} has no principle ${owner}` });
        else if (owner !== p.id)
          out.push({
            pointer: `${xp}/id`,
            reason: `outcome ${x.id} is listed under principle ${p.id}, not ${owner}`,
          });
        x.levels.forEach((l, li) => {
          if (!f.levels.includes(l))
            out.push({
              pointer: `${xp}/levels/${li}`,
              reason: `outcome ${x.id}: level "${l}" is not one of the framework's levels`,
            });
        });
        if (new Set(x.levels).size !== x.levels.length)
          out.push({ pointer: `${xp}/levels`, reason: `outcome ${x.id} lists a level twice` });
        if (!x.levels.includes('Not achieved') || !x.levels.includes('Achieved'))
          out.push({
            pointer: `${xp}/levels`,
            reason: `outcome ${x.id} must allow "Not achieved" and "Achieved"`,
          });
      });
    });
  });
  return out;
}
