/**
 * `ward inventory import` and `ward scan`: an inventory file read (format detected or given,
 * `-` for standard input), stored as one organisation's snapshot, or matched without storing.
 */
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { cliActor } from '../../domain/access/actor.js';
import {
  ASSET_TYPES,
  type AssetType,
  CLINICAL_CRITICALITIES,
  type ClinicalCriticality,
} from '../../domain/inventory/asset.js';
import type { ParsedInventory } from '../../inventory/inventory-parse.js';
import { INVENTORY_FORMATS, type InventoryFormat, readInventory } from '../../inventory/read-inventory.js';
import { scanInventory } from '../../services/exposure/scan.service.js';
import { importInventory, prepareInventory } from '../../services/inventory/inventory.service.js';
import { withDatabase } from '../context.js';
import { openInventoryFile } from '../inventory-files.js';
import { emit, type OutputOptions, table } from '../output.js';

function formatOption() {
  return new Option('--format <format>', 'input format (detected when absent)').choices(INVENTORY_FORMATS);
}

interface AssetOptions {
  format?: InventoryFormat;
  assetType?: AssetType;
  assetId?: string;
  networkZone?: string;
  internetFacing?: boolean;
  clinicalCriticality?: ClinicalCriticality;
}

/** What an SBOM or osquery file cannot say about its asset, given on the command line. */
function withAssetOptions(command: Command): Command {
  return command
    .addOption(new Option('--asset-type <type>', 'asset type for SBOM/osquery assets').choices(ASSET_TYPES))
    .option('--asset-id <id>', 'asset id for the SBOM/osquery asset')
    .option('--network-zone <zone>', 'network zone (clinical, medical, corporate, server, dmz …)')
    .option('--internet-facing', 'the asset is reachable from the internet')
    .addOption(
      new Option('--clinical-criticality <level>', 'clinical criticality').choices(CLINICAL_CRITICALITIES),
    );
}

async function readAll(files: string[], o: AssetOptions): Promise<ParsedInventory[]> {
  const out: ParsedInventory[] = [];
  const options = {
    assetType: o.assetType,
    assetKey: o.assetId,
    networkZone: o.networkZone,
    internetFacing: o.internetFacing,
    clinicalCriticality: o.clinicalCriticality,
  };
  for (const file of files)
    out.push(await readInventory(file, await openInventoryFile(file), o.format, options));
  return out;
}

export function registerInventoryCommands(program: Command): void {
  const inventory = program
    .command('inventory')
    .description('assets and installed software of an organisation');
  withAssetOptions(inventory.command('import'))
    .description(
      "import a snapshot of an organisation's assets from one source: inventory CSV, CycloneDX JSON or osquery JSON. " +
        'Assets missing from the snapshot are retired, components gone become fixed findings. A file with any bad row is rejected whole.',
    )
    .requiredOption('--org <code>', 'ODS code of the organisation')
    .option(
      '--source <name>',
      'name of this inventory source (a snapshot replaces the previous one of the same source)',
      'default',
    )
    .addOption(formatOption())
    .argument('<files...>', 'inventory files')
    .option('--json', 'print JSON')
    .action(
      async (files: string[], options: OutputOptions & AssetOptions & { org: string; source: string }) => {
        const parsed = await readAll(files, options);
        const prepared = prepareInventory(parsed);
        const result = await withDatabase((database) =>
          importInventory(database, cliActor(userInfo().username), options.org, options.source, prepared),
        );
        emit(
          result,
          options,
          (r) =>
            `${r.org} (${r.source}): ${r.assets} assets (${r.assetsAdded} new, ${r.assetsRetired} retired), ${r.rows} component rows, ` +
            `${r.components} distinct; findings: ${r.findingsOpened} opened, ${r.findingsReopened} reopened, ${r.findingsFixed} fixed`,
        );
      },
    );

  withAssetOptions(program.command('scan'))
    .description(
      'match an inventory file (CSV, CycloneDX, osquery) against the stored intel without storing it; ' +
        'findings are not an error (exit 0), a bad file exits 2',
    )
    .argument('<file>', 'inventory file, or - for standard input')
    .addOption(formatOption())
    .option('--json', 'print exactly one JSON document: {findings, stats}')
    .action(async (file: string, options: OutputOptions & AssetOptions) => {
      const parsed = await readAll([file], options);
      const result = await withDatabase((database) => scanInventory(database, parsed));
      emit(result, options, (r) => [
        ...table(
          ['priority', 'asset', 'cve', 'component', 'cvss', 'kev', 'reasons'],
          r.findings.map((f) => [
            f.priority,
            f.asset_id,
            f.cve,
            [f.component.vendor, f.component.product, f.component.version].filter(Boolean).join(' '),
            f.cvss.score ?? '',
            f.kev ? `due ${f.kev_due_date}` : '',
            f.reasons.join('; '),
          ]),
        ),
        `${r.stats.findings} findings on ${r.stats.assets} assets (${r.stats.components} components) in ${basename(file)}`,
      ]);
    });
}
