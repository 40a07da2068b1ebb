import type { Command } from 'commander';
import { InvalidInputError } from '../../errors.js';
import {
  DEFAULT_COMPONENTS_PER_DEVICE,
  DEFAULT_SEED,
  type Federation,
  type FederationParams,
  planFederation,
  writeFederation,
} from '../../generate/index.js';
import { loadFederation } from '../../services/federation/federation-load.service.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions } from '../output.js';
import { progress } from '../progress.js';
import { wholeNumber } from './org.js';

interface GenerateOptions extends OutputOptions {
  orgs: number;
  devices: number;
  seed: number;
  components: number;
  regions?: number;
  icbs?: number;
  out?: string;
  load?: boolean;
}

/** Plans the federation; sizes it cannot honour are the user's input errors, said plainly. */
function planOrExplain(params: FederationParams): Federation {
  try {
    return planFederation(params);
  } catch (error) {
    if (error instanceof RangeError) throw new InvalidInputError(error.message);
    throw error;
  }
}

export function registerGenerateCommands(program: Command): void {
  program
    .command('generate')
    .description('synthetic data for demos, tests and benchmarks')
    .command('federation')
    .description(
      'a realistic, deterministic federation: ~7 regions, ~42 ICBs, ~1 trust per 100 organisations, the rest GP practices, ' +
        'pharmacies and care homes; devices concentrated in trusts, medical devices and unsupported systems among them. ' +
        '--out writes DIR/orgs.csv and DIR/inventory/<CODE>.csv; --load puts it straight into the database in bulk.',
    )
    .requiredOption('--orgs <n>', 'organisations, counting the root, regions and ICBs', wholeNumber)
    .requiredOption('--devices <m>', 'devices across the federation', wholeNumber)
    .option('--seed <s>', 'random seed (same seed, same federation)', wholeNumber, DEFAULT_SEED)
    .option(
      '--components <n>',
      'average installed components per device',
      wholeNumber,
      DEFAULT_COMPONENTS_PER_DEVICE,
    )
    .option('--regions <n>', 'regions, 1 to 7 (default: from --orgs; all 7 from about 19,500)', wholeNumber)
    .option(
      '--icbs <n>',
      'ICBs, from the regions to 42 (default: from --orgs; all 42 from about 21,000)',
      wholeNumber,
    )
    .option('--out <dir>', 'write CSV files to this directory')
    .option('--load', 'load into the database instead of writing files')
    .option('--json', 'print JSON')
    .action(async (options: GenerateOptions) => {
      if (!options.out === !options.load)
        throw new InvalidInputError('give exactly one of --out DIR or --load');
      const params = {
        orgs: options.orgs,
        devices: options.devices,
        seed: options.seed,
        componentsPerDevice: options.components,
        regions: options.regions,
        icbs: options.icbs,
      };
      const plan = planOrExplain(params);
      const bar = progress('generate', options.json === true);
      if (options.out) {
        const result = await writeFederation(options.out, plan);
        emit(
          result,
          options,
          (r) =>
            `${options.out}: ${r.organisations} organisations, ${r.inventoryFiles} inventory files, ${r.devices} devices, ${r.rows} component rows`,
        );
        return;
      }
      const result = await withDatabase((database) =>
        loadFederation(database, params, (p) =>
          bar.update({ phase: p.phase, devices: p.devices, rows: p.rows }),
        ),
      );
      bar.done();
      emit(
        result,
        options,
        (r) =>
          `loaded ${r.organisations} organisations, ${r.devices} devices, ${r.rows} component rows (${r.components} distinct); ${r.findings} findings`,
      );
    });
}
