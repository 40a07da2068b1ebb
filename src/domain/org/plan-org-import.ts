/**
 * Decides what an organisation import does to the federation, or why it cannot: every row is
 * checked against the file and the organisations already known, all problems are collected, and
 * only a fully valid file yields changes. Pure: the service reads the existing tree and writes the plan.
 */
import type { InputProblem } from '../../errors.js';
import type { OrgCsvRow } from './org-csv.js';
import { isOrgKind, normaliseCode, ORG_KINDS, type OrgKind } from './organisation.js';

/** What Ward already knows of an organisation. */
export interface ExistingOrg {
  id: string;
  code: string;
  name: string;
  kind: OrgKind;
  parentCode: string | null;
  depth: number;
}

/** An organisation to insert (no id yet) or update, with its final position in the tree. */
export interface OrgWrite {
  id: string | null;
  code: string;
  name: string;
  kind: OrgKind;
  parentCode: string | null;
  depth: number;
}

export interface OrgImportPlan {
  problems: InputProblem[];
  writes: OrgWrite[];
  created: number;
  updated: number;
  unchanged: number;
  /** True when any parent changes or an organisation is added: the closure must be rebuilt. */
  treeChanged: boolean;
}

interface Entry {
  code: string;
  name: string;
  kind: OrgKind;
  parentCode: string | null;
  line: number | null;
}

function checkRows(file: string, rows: OrgCsvRow[], problems: InputProblem[]): Map<string, Entry> {
  const seen = new Map<string, Entry>();
  for (const row of rows) {
    const problem = (reason: string) => problems.push({ file, line: row.line, reason });
    const code = normaliseCode(row.code);
    if (code === '') {
      problem('empty code');
      continue;
    }
    const first = seen.get(code);
    if (first) {
      problem(`duplicate code ${code} (first on line ${first.line})`);
      continue;
    }
    if (row.name.trim() === '') problem(`empty name for ${code}`);
    const kind = row.kind.trim().toLowerCase();
    if (!isOrgKind(kind)) {
      problem(`unknown kind "${row.kind}" for ${code} (expected one of ${ORG_KINDS.join(', ')})`);
      continue;
    }
    const parentCode = row.parentCode.trim() === '' ? null : normaliseCode(row.parentCode);
    if (kind === 'national' && parentCode !== null)
      problem(`${code} is national, so it cannot have a parent`);
    if (kind !== 'national' && parentCode === null)
      problem(`${code} has no parent_code (only the national root has none)`);
    if (parentCode === code) problem(`${code} is its own parent`);
    seen.set(code, { code, name: row.name.trim(), kind, parentCode, line: row.line });
  }
  return seen;
}

/** Walks each organisation up to the root; reports unknown parents and cycles, returns depths. */
function depths(file: string, all: Map<string, Entry>, problems: InputProblem[]): Map<string, number> {
  const depth = new Map<string, number>();
  const reported = new Set<string>();
  for (const start of all.values()) {
    const path: Entry[] = [];
    const onPath = new Set<string>();
    let node: Entry | undefined = start;
    let base = -1;
    while (node) {
      const known = depth.get(node.code);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (onPath.has(node.code)) {
        const cycle = [
          ...path.slice(path.findIndex((e) => e.code === node?.code)).map((e) => e.code),
          node.code,
        ];
        const at = path.find((e) => e.line !== null && cycle.includes(e.code));
        if (!reported.has(cycle.slice().sort().join())) {
          reported.add(cycle.slice().sort().join());
          problems.push({
            file,
            line: at?.line ?? 0,
            reason: `cycle in the hierarchy: ${cycle.join(' → ')}`,
          });
        }
        return depth;
      }
      path.push(node);
      onPath.add(node.code);
      if (node.parentCode === null) break;
      const parent = all.get(node.parentCode);
      if (!parent) {
        problems.push({
          file,
          line: node.line ?? 0,
          reason: `unknown parent ${node.parentCode} for ${node.code}`,
        });
        return depth;
      }
      node = parent;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      base += 1;
      depth.set((path[i] as Entry).code, base);
    }
  }
  return depth;
}

export function planOrgImport(
  file: string,
  rows: OrgCsvRow[],
  existing: readonly ExistingOrg[],
): OrgImportPlan {
  const problems: InputProblem[] = [];
  const incoming = checkRows(file, rows, problems);
  const byCode = new Map(existing.map((o) => [o.code, o]));
  const all = new Map<string, Entry>();
  for (const o of existing) all.set(o.code, { ...o, line: null });
  for (const [code, entry] of incoming) all.set(code, entry);

  const roots = [...all.values()].filter((e) => e.kind === 'national');
  if (roots.length > 1) {
    for (const r of roots.filter((e) => e.line !== null)) {
      const others = roots.filter((o) => o.code !== r.code).map((o) => o.code);
      problems.push({
        file,
        line: r.line ?? 0,
        reason: `${r.code} would be a second national root (already ${others.join(', ')})`,
      });
    }
  }
  const depth = depths(file, all, problems);
  const empty = { writes: [], created: 0, updated: 0, unchanged: 0, treeChanged: false };
  if (problems.length > 0) return { problems: problems.sort((a, b) => a.line - b.line), ...empty };

  const writes: OrgWrite[] = [];
  let created = 0;
  let updated = 0;
  let treeChanged = false;
  for (const entry of all.values()) {
    const before = byCode.get(entry.code);
    const d = depth.get(entry.code) as number;
    if (!before) {
      created++;
      treeChanged = true;
      writes.push({
        id: null,
        code: entry.code,
        name: entry.name,
        kind: entry.kind,
        parentCode: entry.parentCode,
        depth: d,
      });
      continue;
    }
    const moved = before.parentCode !== entry.parentCode;
    if (moved) treeChanged = true;
    if (moved || before.name !== entry.name || before.kind !== entry.kind || before.depth !== d) {
      if (entry.line !== null) updated++;
      writes.push({
        id: before.id,
        code: entry.code,
        name: entry.name,
        kind: entry.kind,
        parentCode: entry.parentCode,
        depth: d,
      });
    }
  }
  return { problems, writes, created, updated, unchanged: incoming.size - created - updated, treeChanged };
}
