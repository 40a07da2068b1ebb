/**
 * `ward indicator add|list|show|sight`: indicators shared under TLP 2.0. What a caller sees is
 * decided by the marking (src/domain/sharing/tlp-audience.ts); the operator's CLI sees everything.
 */
import { type Command, Option } from 'commander';
import { INDICATOR_CSV_COLUMNS, INDICATOR_FILE_FORMATS } from '../../../domain/sharing/indicator-file.js';
import { INDICATOR_TYPES } from '../../../domain/sharing/indicator-value.js';
import { TLP_MARKINGS, TLP_MEANING } from '../../../domain/sharing/tlp.js';
import {
  addIndicators,
  type Indicator,
  indicatorSummary,
  listIndicators,
  revokeIndicator,
  showIndicator,
  sightIndicator,
} from '../../../services/sharing/indicator.service.js';
import { importIndicators } from '../../../services/sharing/indicator-import.service.js';
import { listIndicatorFlags } from '../../../services/sharing/indicator-match.service.js';
import { withDatabase } from '../../context.js';
import { flagsForFields } from '../../field-flags.js';
import { emit, type OutputOptions, table } from '../../output.js';
import { readInputFile } from '../../read-input.js';
import { cliUser } from '../user.js';

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value.split(',').filter(Boolean),
];
const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '');

function rows(list: Indicator[]): string[] {
  if (list.length === 0) return ['no indicators you may see'];
  return table(
    ['ID', 'TLP', 'TYPE', 'VALUE', 'PRODUCER', 'SIGHTED', 'WARNINGS'],
    list.map((i) => [
      i.stixId,
      i.tlp,
      i.type,
      i.value,
      i.producer,
      i.sightings.organisations > 0 ? `${i.sightings.organisations} orgs` : '',
      i.warnings.join(' '),
    ]),
  );
}

export function registerIndicatorCommands(program: Command): void {
  const indicator = program
    .command('indicator')
    .description('indicators of compromise shared under TLP 2.0 markings')
    .addHelpText(
      'after',
      `\nTLP 2.0 markings:\n${TLP_MARKINGS.map((t) => `  ${t.padEnd(13)} ${TLP_MEANING[t]}`).join('\n')}`,
    );

  flagsForFields(
    indicator
      .command('add')
      .description(
        'add an indicator for an organisation (the same value again from it updates the marking); values may be defanged (hxxp, [.])',
      )
      .argument('<value>', `the value: ${INDICATOR_TYPES.join(', ')}`)
      .requiredOption('--org <code>', 'the producing organisation (ODS code)')
      .addOption(
        new Option('--tlp <marking>', 'TLP 2.0 marking')
          .choices(TLP_MARKINGS.map((t) => t.toLowerCase()))
          .makeOptionMandatory(),
      )
      .addOption(
        new Option('--type <type>', 'the kind (default: recognised from the value)').choices(INDICATOR_TYPES),
      )
      .option(
        '--share-with <codes>',
        'AMBER: organisations to share with, CODE or under:CODE, comma-separated',
        collect,
      )
      .option('--group <names>', 'AMBER: sharing groups to share with, comma-separated', collect)
      .option('--person <usernames>', 'RED: people to share with, comma-separated', collect)
      .option('--confidence <0-100>', 'how sure the producer is')
      .option('--description <text>', 'what it is and where it was seen')
      .option('--valid-until <time>', 'when it stops being worth matching (ISO 8601)')
      .option('--json', 'print JSON')
      .action(
        async (
          value: string,
          o: OutputOptions & {
            org: string;
            tlp: string;
            type?: string;
            shareWith?: string[];
            group?: string[];
            person?: string[];
            confidence?: string;
            description?: string;
            validUntil?: string;
          },
        ) => {
          const [added] = await withDatabase((d) =>
            addIndicators(d, cliUser(), o.org, [
              {
                value,
                type: o.type,
                tlp: o.tlp,
                confidence: o.confidence === undefined ? null : Number(o.confidence),
                description: o.description,
                validUntil: o.validUntil,
                shareWith: { orgs: o.shareWith, groups: o.group, people: o.person },
              },
            ]),
          );
          emit(added, o, (a) => {
            if (!a) return 'nothing added';
            return [
              `${a.created ? 'added' : 'updated'} ${a.stixId}: ${a.type} ${a.value} TLP:${a.tlp}`,
              ...a.warnings.map((w) => `warning: ${w.name}. ${w.why}`),
              ...(a.alsoReportedBy.length > 0
                ? [
                    `also reported by ${a.alsoReportedBy.map((r) => `${r.producer} (TLP:${r.tlp})`).join(', ')}`,
                  ]
                : []),
              ...a.flagged.map((f) => `flagged to ${f.org}: names its ${f.kind} ${f.detail}`),
            ];
          });
        },
      ),
    { shareWith: '--share-with', groups: '--group', people: '--person', validUntil: '--valid-until' },
  );

  indicator
    .command('list')
    .description('the indicators you may see under TLP, oldest change first')
    .addOption(new Option('--type <type>', 'only this kind').choices(INDICATOR_TYPES))
    .option('--value <value>', 'only this value')
    .addOption(
      new Option('--tlp <marking>', 'only this marking').choices(TLP_MARKINGS.map((t) => t.toLowerCase())),
    )
    .option('--since <time>', 'changed after this time (ISO 8601)')
    .option('--limit <n>', 'at most this many (1–1000)', '100')
    .option('--json', 'print JSON')
    .action(
      async (
        o: OutputOptions & { type?: string; value?: string; tlp?: string; since?: string; limit: string },
      ) => {
        const list = await withDatabase((d) =>
          listIndicators(d, cliUser(), {
            type: o.type,
            value: o.value,
            tlp: o.tlp,
            since: o.since ? new Date(o.since) : undefined,
            limit: Number(o.limit),
          }),
        );
        emit(list, o, rows);
      },
    );

  indicator
    .command('show')
    .description('one indicator: its marking, audience, sightings and other reports of the same value')
    .argument('<id>', 'its id or STIX id (indicator--…)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: OutputOptions) => {
      const i = await withDatabase((d) => showIndicator(d, cliUser(), id));
      emit(i, o, (v) => [
        `${v.stixId}  TLP:${v.tlp}  ${v.type} ${v.value}`,
        `producer ${v.producer}, source ${v.source}, confidence ${v.confidence ?? '-'}, added ${iso(v.createdAt)}`,
        ...(v.description ? [v.description] : []),
        ...(v.warnings.length > 0 ? [`warnings: ${v.warnings.join(', ')}`] : []),
        ...(v.audience
          ? [
              `shared with: ${
                [
                  ...v.audience.orgs.map((a) => (a.subtree ? `under:${a.code}` : a.code)),
                  ...v.audience.groups.map((g) => `group "${g}"`),
                  ...v.audience.people,
                ].join(', ') || '-'
              }`,
            ]
          : []),
        `${v.sightings.organisations} organisation${v.sightings.organisations === 1 ? '' : 's'} saw this (${v.sightings.total} sightings)`,
        ...(v.sightedBy ?? []).map((s) => `  ${s.code}  ${s.count}×  last ${iso(s.lastSeen)}  ${s.name}`),
        ...(v.alsoReportedBy.length > 0
          ? [`also reported by ${v.alsoReportedBy.map((r) => `${r.producer} (TLP:${r.tlp})`).join(', ')}`]
          : []),
      ]);
    });

  indicator
    .command('sight')
    .description('"we saw this too": record that your organisation saw an indicator')
    .argument('<id>', 'its id or STIX id')
    .requiredOption('--org <code>', 'the organisation that saw it')
    .option('--count <n>', 'how many times', '1')
    .option('--at <time>', 'when (ISO 8601; default now)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: OutputOptions & { org: string; count: string; at?: string }) => {
      const r = await withDatabase((d) =>
        sightIndicator(d, cliUser(), id, o.org, {
          count: Number(o.count),
          at: o.at ? new Date(o.at) : undefined,
        }),
      );
      emit(
        r,
        o,
        (v) =>
          `${v.org} sighting of ${v.indicator} recorded (${v.count} in all); ${v.organisations} organisations saw it`,
      );
    });

  indicator
    .command('import')
    .description(
      'add the indicators of a CSV or JSON file for an organisation: all or nothing, every problem with its line',
    )
    .argument('<file>', 'the file (- for standard input)')
    .requiredOption('--org <code>', 'the producing organisation (ODS code)')
    .addOption(
      new Option(
        '--format <format>',
        'the file format (default: .json or a leading [ or { is JSON, else CSV)',
      ).choices(INDICATOR_FILE_FORMATS),
    )
    .option('--source <name>', 'where the indicators came from (default ward)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `\nCSV header (value and tlp required): ${INDICATOR_CSV_COLUMNS.join(',')}
  share_with, group and person hold lists separated by commas, semicolons or spaces.
JSON: an array of objects (or {"indicators": [...]}) with value, tlp, type, shareWith, groups,
  people, confidence, description, firstSeen, lastSeen, validUntil.`,
    )
    .action(
      async (file: string, o: OutputOptions & { org: string; format?: 'csv' | 'json'; source?: string }) => {
        const text = await readInputFile(file);
        const r = await withDatabase((d) =>
          importIndicators(d, cliUser(), o.org, { name: file, text }, { format: o.format, source: o.source }),
        );
        emit(r, o, (v) => [
          `${v.file} (${v.format}): ${v.added} added, ${v.updated} updated for ${v.org}`,
          ...v.indicators.flatMap((a) => [
            ...a.warnings.map((w) => `warning: ${a.type} ${a.value}: ${w.name}`),
            ...a.flagged.map((f) => `${a.value} flagged to ${f.org}: names its ${f.kind} ${f.detail}`),
          ]),
        ]);
      },
    );

  indicator
    .command('revoke')
    .description("withdraw an indicator (its producer's side); it stays listed, marked revoked")
    .argument('<id>', 'its id or STIX id')
    .option('--json', 'print JSON')
    .action(async (id: string, o: OutputOptions) => {
      const r = await withDatabase((d) => revokeIndicator(d, cliUser(), id));
      emit(r, o, (v) => `${v.indicator} revoked`);
    });

  indicator
    .command('summary')
    .description('counts of the indicators you may see, by marking and kind')
    .option('--json', 'print JSON')
    .action(async (o: OutputOptions) => {
      const r = await withDatabase((d) => indicatorSummary(d, cliUser()));
      emit(r, o, (v) => [
        `${v.total} indicators you may see (${v.revoked} revoked apart)`,
        ...table(
          ['TLP', 'TYPE', 'COUNT'],
          v.byTlpAndType.map((c) => [c.tlp, c.type, String(c.count)]),
        ),
      ]);
    });

  indicator
    .command('flags')
    .description(
      "indicators shared in Ward that name an organisation's own address, range, domain or service",
    )
    .requiredOption('--org <code>', 'the organisation (ODS code)')
    .option('--limit <n>', 'at most this many (1–1000)', '100')
    .option('--json', 'print JSON')
    .action(async (o: OutputOptions & { org: string; limit: string }) => {
      const list = await withDatabase((d) =>
        listIndicatorFlags(d, cliUser(), o.org, { limit: Number(o.limit) }),
      );
      emit(list, o, (v) =>
        v.length === 0
          ? `no indicator names anything of ${o.org.toUpperCase()}`
          : table(
              ['FLAGGED', 'ORG', 'YOURS', 'INDICATOR'],
              v.map((f) => [
                iso(f.flaggedAt),
                f.org,
                `${f.kind} ${f.detail}`,
                f.indicator
                  ? `${f.indicator.stixId} TLP:${f.indicator.tlp} ${f.indicator.type} ${f.indicator.value}`
                  : 'an indicator shared in Ward (its marking does not include you)',
              ]),
            ),
      );
    });
}
