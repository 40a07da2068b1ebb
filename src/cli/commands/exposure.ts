import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { cliActor } from '../../domain/access/actor.js';
import { FULL_SCOPE } from '../../domain/access/scope.js';
import {
  ASSET_TYPES,
  type AssetType,
  CLINICAL_CRITICALITIES,
  type ClinicalCriticality,
} from '../../domain/inventory/asset.js';
import { FINDING_BASES, type FindingBasis } from '../../domain/platform/platform-defaults.js';
import { PRIORITIES, type Priority } from '../../domain/priority/ssvc.js';
import { FINDING_CERTAINTIES, type FindingCertainty } from '../../domain/rules/match-rule.js';
import type { ParsedInventory } from '../../inventory/inventory-parse.js';
import { INVENTORY_FORMATS, type InventoryFormat, readInventory } from '../../inventory/read-inventory.js';
import { addException } from '../../services/exception.service.js';
import { listExposure, summariseExposure, whoIsExposed } from '../../services/exposure.service.js';
import { importInventory, prepareInventory } from '../../services/inventory/inventory.service.js';
import { recomputeExposure } from '../../services/matching.service.js';
import { scanInventory } from '../../services/scan.service.js';
import { withDatabase } from '../context.js';
import { openInventoryFile } from '../inventory-files.js';
import { emit, type OutputOptions, table } from '../output.js';
import { wholeNumber } from './org.js';

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

function certaintyArg(value: string): FindingCertainty {
  const certainty = value.trim().toLowerCase();
  if (!(FINDING_CERTAINTIES as readonly string[]).includes(certainty))
    throw new InvalidArgumentError(`expected one of ${FINDING_CERTAINTIES.join(', ')}`);
  return certainty as FindingCertainty;
}

function basisArg(value: string): FindingBasis {
  const basis = value.trim().toLowerCase();
  if (!(FINDING_BASES as readonly string[]).includes(basis))
    throw new InvalidArgumentError(`expected one of ${FINDING_BASES.join(', ')}`);
  return basis as FindingBasis;
}

function priorityArg(value: string): Priority {
  if (!(PRIORITIES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${PRIORITIES.join(', ')}`);
  return value as Priority;
}

export function registerExposureCommands(program: Command): void {
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

  const exposure = program
    .command('exposure')
    .description('who is exposed to what, prioritised for patient safety');
  exposure
    .command('list')
    .description('the prioritised worklist: Act first, then known-exploited, then by CVSS')
    .option('--org <code>', 'an organisation and everything under it')
    .option('--kev', 'only known-exploited (CISA KEV) vulnerabilities')
    .option('--priority <p>', `only one priority (${PRIORITIES.join(', ')})`, priorityArg)
    .option('--cve <id>', 'only this CVE')
    .option(
      '--certainty <c>',
      'only confirmed findings, or only possible ones (something unknown would settle them); both by default',
      certaintyArg,
    )
    .option(
      '--basis <basis>',
      'only findings on components the inventory reports (reported) or assumes from platform defaults (assumed)',
      basisArg,
    )
    .option('--all', 'include fixed and excepted findings')
    .option('--limit <n>', 'at most this many (default 100)', wholeNumber, 100)
    .option('--json', 'print JSON')
    .action(
      async (
        options: OutputOptions & {
          org?: string;
          kev?: boolean;
          priority?: Priority;
          cve?: string;
          basis?: FindingBasis;
          certainty?: FindingCertainty;
          all?: boolean;
          limit: number;
        },
      ) => {
        const findings = await withDatabase((database) => listExposure(database, FULL_SCOPE, options));
        emit(findings, options, (fs) =>
          fs.length === 0
            ? 'no open findings'
            : table(
                ['priority', 'org', 'cve', 'component', 'assets', 'status', 'reasons'],
                fs.map((f) => [
                  f.certainty === 'possible' ? `(${f.priority}) possible` : f.priority,
                  f.org,
                  f.cve,
                  `${f.component.key} ${f.component.version ?? ''}${f.component.update ? ` ${f.component.update}` : ''}`,
                  f.assets,
                  f.status,
                  f.reasons.join('; '),
                ]),
              ),
        );
      },
    );

  exposure
    .command('summary')
    .description(
      'open findings by priority and KEV for an organisation and each child organisation (the national root by default)',
    )
    .option('--org <code>', 'ODS code')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { org?: string }) => {
      const summary = await withDatabase((database) => summariseExposure(database, FULL_SCOPE, options.org));
      const row = (name: string, c: (typeof summary)['totals']) => [
        name,
        c.act,
        c.attend,
        c.trackStar,
        c.track,
        c.kev,
        c.kevOverdue,
        c.devicesExposed,
        c.assets,
      ];
      emit(summary, options, (s) =>
        table(
          [
            'organisation',
            'act',
            'attend',
            'track*',
            'track',
            'kev',
            'kev overdue',
            'devices exposed',
            'device exposures',
          ],
          [
            row(`${s.org.code} ${s.org.name} (total)`, s.totals),
            ...s.children.map((c) => row(`  ${c.code} ${c.name}`, c)),
          ],
        ),
      );
    });

  exposure
    .command('who')
    .description(
      'every organisation exposed to a CVE, with asset counts: the fastest path from a new CVE to its targets',
    )
    .argument('<cve>', 'CVE id')
    .option('--json', 'print JSON')
    .action(async (cve: string, options: OutputOptions) => {
      const who = await withDatabase((database) => whoIsExposed(database, FULL_SCOPE, cve));
      emit(who, options, (w) => [
        ...table(
          ['organisation', 'kind', 'parent', 'assets', 'priority'],
          w.organisations.map((o) => [`${o.code} ${o.name}`, o.kind, o.parent ?? '', o.assets, o.priority]),
        ),
        `${w.cve}: ${w.totals.organisations} organisations, ${w.totals.assets} assets exposed`,
      ]);
    });

  exposure
    .command('recompute')
    .description(
      'match every component against every rule again and rebuild all findings (repair; gives the same result as the incremental path)',
    )
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      const result = await withDatabase((database) =>
        recomputeExposure(database, (done, total) => {
          if (!options.json && process.stderr.isTTY)
            process.stderr.write(`\r\x1b[2Kmatching components ${done}/${total}`);
        }),
      );
      if (!options.json && process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
      emit(
        result,
        options,
        (r) =>
          `${r.components} components, ${r.matches} matches; findings: ${r.opened} opened, ${r.reopened} reopened, ${r.fixed} fixed`,
      );
    });

  program
    .command('exception')
    .description('time-limited exceptions for findings that cannot be fixed yet')
    .command('add')
    .description('accept a CVE on an organisation (or one asset) until a date, with compensating controls')
    .requiredOption('--org <code>', 'ODS code')
    .requiredOption('--cve <id>', 'CVE id')
    .option('--asset <id>', "the organisation's asset id; all assets when absent")
    .requiredOption('--reason <text>', 'why it cannot be fixed now')
    .requiredOption('--controls <text>', 'compensating controls in place')
    .requiredOption('--expires <date>', 'YYYY-MM-DD; the findings reopen then')
    .option('--json', 'print JSON')
    .action(
      async (
        options: OutputOptions & {
          org: string;
          cve: string;
          asset?: string;
          reason: string;
          controls: string;
          expires: string;
        },
      ) => {
        const created = await withDatabase((database) =>
          addException(database, FULL_SCOPE, { ...options, createdBy: `cli:${userInfo().username}` }),
        );
        emit(
          created,
          options,
          (e) =>
            `exception ${e.id}: ${e.cve} on ${e.org}${e.asset ? ` asset ${e.asset}` : ''} until ${e.expiresAt.slice(0, 10)}`,
        );
      },
    );
}
