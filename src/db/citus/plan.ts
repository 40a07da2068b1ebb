/**
 * The distribution plan, pure: from the tables' facts and their placements (layout.ts), the order
 * in which to make them reference and distributed tables, and every reason Citus would refuse one
 * — a table with no placement, a tenant table without a non-null organisation column, a unique key
 * without it (Citus can only enforce uniqueness within a shard), a foreign key between tenant
 * tables not on it, or one from a reference or coordinator table to a tenant table.
 */
import type { TableFacts } from './catalog.js';
import { DISTRIBUTION_COLUMN, type Placement } from './layout.js';

export interface DistributionPlan {
  /** Parents before children, so every foreign key points at a table already placed. */
  reference: string[];
  distributed: string[];
  local: string[];
  problems: string[];
}

/** Orders `names` so that each comes after the tables it references among them. */
function parentsFirst(names: string[], facts: Map<string, TableFacts>): string[] {
  const wanted = new Set(names);
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name) || path.has(name)) return;
    path.add(name);
    for (const fk of facts.get(name)?.foreignKeys ?? []) {
      if (wanted.has(fk.references) && fk.references !== name) visit(fk.references, path);
    }
    done.add(name);
    order.push(name);
  };
  for (const name of [...names].sort()) visit(name, new Set());
  return order;
}

function tenantProblems(table: TableFacts, placementOf: (name: string) => Placement | undefined): string[] {
  const problems: string[] = [];
  const column = DISTRIBUTION_COLUMN;
  if (!table.columns.includes(column)) return [`${table.name}: a tenant table without ${column}`];
  if (!table.notNull.includes(column)) problems.push(`${table.name}: ${column} may be null`);
  for (const key of table.uniqueKeys) {
    if (!key.columns.includes(column)) {
      problems.push(
        `${table.name}: unique key ${key.name} (${key.columns.map((c) => c ?? 'expression').join(', ')}) leaves out ${column}`,
      );
    }
  }
  for (const fk of table.foreignKeys) {
    if (placementOf(fk.references)?.kind !== 'distributed') continue;
    const at = fk.columns.indexOf(column);
    if (at < 0 || fk.referencedColumns[at] !== column) {
      problems.push(
        `${table.name}: foreign key ${fk.name} (${fk.columns.join(', ')}) to tenant table ${fk.references} is not on ${column}`,
      );
    }
  }
  return problems;
}

export function planDistribution(
  tables: readonly TableFacts[],
  layout: Readonly<Record<string, Placement>>,
  ignore: readonly string[] = [],
): DistributionPlan {
  const facts = new Map(tables.map((t) => [t.name, t]));
  const placementOf = (name: string): Placement | undefined => layout[name];
  const byKind: Record<Placement['kind'], string[]> = { reference: [], distributed: [], local: [] };
  const problems: string[] = [];
  for (const table of tables) {
    if (ignore.includes(table.name)) continue;
    const placement = placementOf(table.name);
    if (!placement) {
      problems.push(`${table.name}: no placement on Citus (add it to the Citus layout)`);
      continue;
    }
    byKind[placement.kind].push(table.name);
    if (placement.kind === 'distributed') {
      problems.push(...tenantProblems(table, placementOf));
      continue;
    }
    for (const fk of table.foreignKeys) {
      const target = placementOf(fk.references)?.kind;
      if (target === 'distributed') {
        problems.push(
          `${table.name}: a ${placement.kind} table with foreign key ${fk.name} to tenant table ${fk.references}`,
        );
      } else if (placement.kind === 'reference' && target === 'local') {
        problems.push(
          `${table.name}: a reference table with foreign key ${fk.name} to coordinator table ${fk.references}`,
        );
      }
    }
  }
  return {
    reference: parentsFirst(byKind.reference, facts),
    distributed: parentsFirst(byKind.distributed, facts),
    local: byKind.local.sort(),
    problems,
  };
}
