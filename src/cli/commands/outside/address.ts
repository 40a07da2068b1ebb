/**
 * `ward address import|list|lookup`: the public IP ranges and domains each organisation registers,
 * by which addresses seen from outside are attributed to it.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../../domain/access/actor.js';
import { ADDRESS_CSV_COLUMNS } from '../../../domain/outside/address-csv.js';
import { addressList, importAddresses, lookupAddress } from '../../../services/outside/address.service.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions, table } from '../../output.js';
import { readInputFile } from '../../read-input.js';

export function registerAddressCommands(program: Command): void {
  const address = program
    .command('address')
    .description("organisations' registered public IP ranges and domains");

  address
    .command('import')
    .description(
      `import registered addresses from CSV (header ${ADDRESS_CSV_COLUMNS.join(',')}; kind range — an IPv4 or IPv6 ` +
        'CIDR range or one address — or domain). For each organisation it names, the file is its whole list: ' +
        'registrations it no longer gives are removed (--add only adds). The most specific range wins; the same ' +
        "range registered by two organisations where neither is the other's ancestor is a conflict. Idempotent; a " +
        'file with any bad row is rejected whole with every problem as FILE:LINE: reason.',
    )
    .argument('<files...>', 'CSV files (- for standard input), each imported in its own transaction')
    .option('--add', "only add the file's registrations; keep those it does not give")
    .option('--json', 'print JSON')
    .action(async (files: string[], options: OutputOptions & { add?: boolean }) => {
      const actor = cliActor(userInfo().username);
      const results = await withDatabase(async (database) => {
        const out = [];
        for (const file of files)
          out.push(
            await importAddresses(
              database,
              actor,
              { name: file, text: await readInputFile(file) },
              { add: options.add === true },
            ),
          );
        return out;
      });
      emit(results, options, (rs) =>
        rs.map(
          (r) =>
            `${r.file}: ${r.rows} registrations for ${r.organisations} organisations (${r.mode}): ` +
            `${r.added} added, ${r.removed} removed, ${r.unchanged} unchanged`,
        ),
      );
    });

  address
    .command('list')
    .description("registered ranges and domains, all or of an organisation's subtree")
    .option('--org <code>', 'ODS code')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { org?: string }) => {
      const rows = await withDatabase((database) =>
        addressList(database, cliActor(userInfo().username), options.org ?? null),
      );
      emit(rows, options, (rs) =>
        rs.length === 0
          ? 'no registered addresses'
          : table(
              ['organisation', 'kind', 'value', 'registered'],
              rs.map((r) => [r.org, r.kind, r.value, r.registeredAt.slice(0, 10)]),
            ),
      );
    });

  address
    .command('lookup')
    .description('which organisation an address belongs to (the most specific registered range)')
    .argument('<ip>', 'an IPv4 or IPv6 address')
    .option('--json', 'print JSON')
    .action(async (ip: string, options: OutputOptions) => {
      const found = await withDatabase((database) =>
        lookupAddress(database, cliActor(userInfo().username), ip),
      );
      emit(found, options, (f) =>
        f.owner
          ? `${f.ip}: ${f.owner.org} ${f.owner.orgName} (range ${f.owner.range})`
          : `${f.ip}: not registered`,
      );
    });
}
