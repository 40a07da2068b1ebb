/**
 * `ward network import|show`: an organisation's zones, 445 reachability and shared services, for the
 * worm simulation.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../domain/access/actor.js';
import { NETWORK_CSV_COLUMNS, SERVICE_CSV_COLUMNS } from '../../domain/network/network-csv.js';
import { importNetwork, showNetwork } from '../../services/sim/network.service.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions, table } from '../output.js';
import { readInputFile } from '../read-input.js';

const yes = (b: boolean) => (b ? 'yes' : '-');

export function registerNetworkCommands(program: Command): void {
  const network = program
    .command('network')
    .description("an organisation's network zones, reachability rules and shared services");

  network
    .command('import')
    .description(
      `replace an organisation's zones, rules and shared services from CSV (header ${NETWORK_CSV_COLUMNS.join(',')}, ` +
        `plus ${SERVICE_CSV_COLUMNS.join(',')} for service rows; kind zone, rule or service; ` +
        'rule from/to a zone name or internet, wan, org, *; first matching rule wins; service: name, provider ' +
        '(empty: this organisation), consumers as codes separated by ; or children:CODE for every organisation ' +
        'directly under CODE (empty: this organisation)). A file with any bad line is rejected whole with every ' +
        'problem as FILE:LINE: reason.',
    )
    .requiredOption('--org <code>', 'the organisation the network belongs to')
    .argument('<file>', 'CSV file (- for standard input)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: OutputOptions & { org: string }) => {
      const actor = cliActor(userInfo().username);
      const result = await withDatabase(async (database) =>
        importNetwork(database, actor, options.org, file, await readInputFile(file)),
      );
      emit(result, options, (r) => [
        `${r.file}: ${r.org}: ${r.zones} zones, ${r.rules} rules and ${r.services} shared services imported ` +
          `(replacing ${r.replaced.zones} zones, ${r.replaced.rules} rules and ${r.replaced.services} shared services)`,
      ]);
    });

  network
    .command('show')
    .description(
      "an organisation's zones with their reachability on 445 as the simulation evaluates it, and the shared services it declared",
    )
    .requiredOption('--org <code>', 'the organisation')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { org: string }) => {
      const actor = cliActor(userInfo().username);
      const result = await withDatabase(async (database) => showNetwork(database, actor, options.org));
      emit(result, options, (r) => [
        ...(r.zones.length === 0
          ? [`${r.org}: no zones imported; the simulation uses the priors for its kind of organisation`]
          : table(
              [
                'zone',
                'cidr',
                'size',
                'egress',
                'segment',
                'from internet',
                'from WAN',
                'from org',
                'to internet',
                'to WAN',
              ],
              r.zones.map((z) => [
                z.name,
                z.cidr ?? '',
                z.size,
                z.egress,
                z.segment,
                yes(z.internetIn),
                yes(z.wanIn),
                yes(z.orgIn),
                yes(z.internetOut),
                yes(z.wanOut),
              ]),
            )),
        ...(r.services.length === 0
          ? []
          : [
              '',
              ...table(
                ['shared service', 'provider', 'consumers'],
                r.services.map((x) => [x.service, x.provider, x.consumers.join(' ')]),
              ),
            ]),
      ]);
    });
}
