import { type Command, InvalidArgumentError } from 'commander';
import { NotFoundError } from '../../errors.js';
import {
  importOrganisations,
  type OrgTreeNode,
  organisationTree,
  showOrganisation,
} from '../../services/federation/organisation.service.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions, table } from '../output.js';
import { readInputFile } from '../read-input.js';
import { cliUser } from './user.js';

/** Parses a whole number option (commander argParser). */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function renderTree(node: OrgTreeNode, indent = ''): string[] {
  const more = node.hiddenChildren > 0 ? `  [+${node.hiddenChildren} below]` : '';
  const lines = [`${indent}${node.code}  ${node.name} (${node.kind})${more}`];
  for (const child of node.children) lines.push(...renderTree(child, `${indent}  `));
  return lines;
}

export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('the organisation federation: import, tree, show');

  org
    .command('import')
    .description(
      'import organisations from CSV (header code,name,kind,parent_code); idempotent: renames and moves are applied, ' +
        'and a file with any bad row is rejected whole with every problem as FILE:LINE: reason',
    )
    .argument('<files...>', 'CSV files, imported in order, each in its own transaction')
    .option('--json', 'print JSON')
    .action(async (files: string[], options: OutputOptions) => {
      const results = await withDatabase(async (database) => {
        const out = [];
        for (const file of files)
          out.push(await importOrganisations(database, cliUser(), file, await readInputFile(file)));
        return out;
      });
      emit(results, options, (rs) =>
        rs.map(
          (r) =>
            `${r.file}: ${r.rows} rows: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged`,
        ),
      );
    });

  org
    .command('tree')
    .description('draw the organisation tree under CODE (the national root by default)')
    .argument('[code]', 'ODS code of the subtree root')
    .option('--depth <n>', 'levels below CODE to show (default 2; 0 shows CODE alone)', wholeNumber)
    .option('--all', 'show every level')
    .option('--json', 'print JSON')
    .action(async (code: string | undefined, options: OutputOptions & { depth?: number; all?: boolean }) => {
      const depth = options.all ? null : (options.depth ?? 2);
      const tree = await withDatabase((database) =>
        organisationTree(database, cliUser(), code ?? null, depth).catch((error: unknown) => {
          // An empty federation: say how to fill it.
          if (code === undefined && error instanceof NotFoundError)
            throw new NotFoundError(`${error.message}: import some with \`ward org import FILE.csv\``);
          throw error;
        }),
      );
      emit(tree, options, (t) => renderTree(t));
    });

  org
    .command('show')
    .description('show an organisation, its ancestors and its descendants counted by kind')
    .argument('<code>', 'ODS code')
    .option('--json', 'print JSON')
    .action(async (code: string, options: OutputOptions) => {
      const details = await withDatabase((database) => showOrganisation(database, cliUser(), code));
      emit(details, options, (d) => [
        `${d.organisation.code}  ${d.organisation.name}`,
        `kind: ${d.organisation.kind}`,
        `path: ${[...d.ancestors.map((a) => a.code), d.organisation.code].join(' › ')}`,
        ...(Object.keys(d.descendants).length
          ? [
              'descendants:',
              ...table(['kind', 'count'], Object.entries(d.descendants).sort()).map((l) => `  ${l}`),
            ]
          : ['no descendants']),
      ]);
    });
}
