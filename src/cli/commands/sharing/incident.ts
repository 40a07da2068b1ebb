/**
 * `ward incident report|list|show|update|triage|share-indicator|alert`: incidents reported to the
 * national centre. `report` takes flags or a JSON file (the API's report body); times and deadlines
 * follow `--now` (else WARD_NOW, else the clock).
 */
import { type Command, Option } from 'commander';
import { config } from '../../../config.js';
import { SEVERITIES } from '../../../domain/alerts/alert.js';
import {
  CATEGORY_LABELS,
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
} from '../../../domain/incident/incident.js';
import { REPORTING_DEADLINES } from '../../../domain/incident/reporting-deadlines.js';
import { TLP_MARKINGS } from '../../../domain/sharing/tlp.js';
import { InvalidInputError } from '../../../errors.js';
import {
  type IncidentDetail,
  type IncidentReportInput,
  listIncidents,
  reportIncident,
  showIncident,
} from '../../../services/incident/incident.service.js';
import {
  triageIncident,
  updateIncidentTimeline,
} from '../../../services/incident/incident-lifecycle.service.js';
import {
  alertFromIncident,
  shareIncidentIndicator,
} from '../../../services/incident/incident-share.service.js';
import type { IncidentSummary } from '../../../services/incident/incident-view.js';
import { withDatabase } from '../../context.js';
import { flagsForFields } from '../../field-flags.js';
import { emit, type OutputOptions, table } from '../../output.js';
import { readInputFile } from '../../read-input.js';
import { type ClockOptions, cliClock, collect, instantArg, NOW_HELP, when } from '../alert/common.js';
import { cliUser } from '../user.js';

const DEADLINE_WORDS: Record<string, string> = {
  met: 'met',
  met_late: 'met late',
  due: 'due',
  overdue: 'OVERDUE',
  not_applicable: 'n/a',
};

function deadlineCell(i: IncidentSummary): string {
  return i.deadlines
    .filter((d) => d.state !== 'not_applicable')
    .map((d) =>
      d.state === 'due' || d.state === 'overdue'
        ? `${d.name} ${DEADLINE_WORDS[d.state]} ${when(d.dueAt)}`
        : `${d.name} ${DEADLINE_WORDS[d.state]}`,
    )
    .join('; ');
}

function listRows(list: IncidentSummary[]): string[] {
  if (list.length === 0) return ['no incidents you may read'];
  return table(
    ['REFERENCE', 'ORG', 'STATUS', 'SEVERITY', 'CATEGORY', 'DETECTED', 'DEADLINES', 'TITLE'],
    list.map((i) => [
      i.reference,
      i.org.code,
      i.status,
      i.severity ?? '-',
      i.category,
      when(i.detectedAt),
      deadlineCell(i),
      i.title,
    ]),
  );
}

function detailLines(v: IncidentDetail): string[] {
  return [
    `${v.reference}  ${v.title}`,
    `${v.org.code} ${v.org.name} · ${CATEGORY_LABELS[v.category]} · ${v.status}${v.severity ? ` · severity ${v.severity}` : ''}${v.significant ? ' · significant' : ''}${v.leadAnalyst ? ` · lead ${v.leadAnalyst}` : ''}`,
    `started ${when(v.startedAt)}, detected ${when(v.detectedAt)}, reported ${when(v.reportedAt)} by ${v.reportedBy}`,
    `patient care: ${v.patientImpact.summary}; personal data: ${v.personalData ? 'yes' : 'no'}`,
    '',
    v.summary,
    ...(v.helpRequested ? ['', `help asked: ${v.helpRequested}`] : []),
    '',
    'deadlines:',
    ...v.deadlines.map(
      (d) =>
        `  ${d.name.padEnd(16)} ${DEADLINE_WORDS[d.state]?.padEnd(9)} due ${when(d.dueAt)}${d.metAt ? `, met ${when(d.metAt)}` : ''}`,
    ),
    `affected assets (${v.assets.length}):`,
    ...v.assets.map((a) => `  ${a.id}  ${a.org}  ${a.hostname ?? a.assetKey}  ${a.type}  ${a.criticality}`),
    `indicators (${v.indicators.length}):`,
    ...v.indicators.map((i) => {
      const shared = i.shared
        ? `TLP:${i.shared.tlp} by ${i.shared.producer}, ${i.shared.sightedBy} organisation${i.shared.sightedBy === 1 ? '' : 's'} saw this`
        : 'not shared';
      const also = [
        ...i.matches.shared.map((m) => `shared by ${m.producer} (TLP:${m.tlp})`),
        ...i.matches.incidents.map((m) => `in ${m.reference} (${m.org})`),
      ];
      return `  ${i.type} ${i.value}  ${shared}${also.length > 0 ? `; also ${also.join(', ')}` : ''}`;
    }),
    ...(v.sharedWith && (v.sharedWith.orgs.length > 0 || v.sharedWith.groups.length > 0)
      ? [
          `shared with: ${[
            ...v.sharedWith.orgs.map((o) => (o.subtree ? `under:${o.code}` : o.code)),
            ...v.sharedWith.groups.map((g) => `group "${g}"`),
          ].join(', ')}`,
        ]
      : []),
    'timeline:',
    ...v.timeline.map(
      (t) =>
        `  ${when(t.at)}  ${t.org}  ${t.author}  ${t.kind}${t.toStatus ? ` → ${t.toStatus}` : ''}${t.text ? `: ${t.text}` : ''}`,
    ),
  ];
}

/** The report body from a JSON file (the API's `POST /incidents` body). */
async function reportFromFile(file: string): Promise<IncidentReportInput> {
  const text = await readInputFile(file);
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new Error('expected a JSON object');
    return body as IncidentReportInput;
  } catch (error) {
    const reason = `not a JSON incident report: ${(error as Error).message}`;
    throw new InvalidInputError(`${file}: ${reason}`, [{ file, line: 0, reason }]);
  }
}

/** A file's problems name the JSON field, not the flag that would set it. */
function inFile(error: unknown): unknown {
  if (!(error instanceof InvalidInputError)) return error;
  return new InvalidInputError(
    error.message,
    error.problems.map(({ field, ...p }) => ({ ...p, reason: field ? `${field}: ${p.reason}` : p.reason })),
  );
}

const yesNo = (value: string): boolean => {
  const v = value.trim().toLowerCase();
  if (['yes', 'y', 'true'].includes(v)) return true;
  if (['no', 'n', 'false'].includes(v)) return false;
  throw new InvalidInputError(`expected yes or no, got "${value}"`, [
    { file: 'request', line: 0, reason: `expected yes or no, got "${value}"` },
  ]);
};

const count = (v: string | undefined) => (v === undefined ? undefined : Number(v));

export function registerIncidentCommands(program: Command): void {
  const incident = program
    .command('incident')
    .description('incidents reported to the national centre: report, triage, timeline, sharing, alerts')
    .addHelpText(
      'after',
      `\nLifecycle: reported → triaged (the centre) → contained → closed; the centre may reopen a closed incident.\nReporting deadlines (from detection): ${REPORTING_DEADLINES.map((d) => `${d.name.toLowerCase()} within ${d.hours} h${d.appliesTo === 'significant' ? ' if significant' : ''}`).join('; ')}.`,
    );

  flagsForFields(
    incident
      .command('report')
      .description('report an incident for an organisation, from flags or a JSON file (--file)')
      .option('--file <file>', 'a JSON report (the API body of POST /api/v1/incidents; - for standard input)')
      .option('--org <code>', 'the reporting organisation (ODS code)')
      .option('--title <text>', 'a short title')
      .option('--summary <text>', 'what happened')
      .addOption(new Option('--category <category>', 'what kind of incident').choices(INCIDENT_CATEGORIES))
      .option('--started <time>', 'when it started (ISO 8601)')
      .option('--detected <time>', 'when it was detected (ISO 8601)')
      .option(
        '--asset <names>',
        'affected assets of its own inventory: ids, host names or asset keys',
        collect,
      )
      .option('--delayed <n>', 'appointments or procedures delayed')
      .option('--cancelled <n>', 'appointments or procedures cancelled')
      .option('--diverted <n>', 'patients or ambulances diverted')
      .option('--personal-data <yes|no>', 'whether personal data is involved (required)')
      .option(
        '--indicator <values>',
        'indicators seen (addresses, domains, URLs, e-mail addresses, hashes)',
        collect,
      )
      .option('--ask <text>', 'the help asked of the centre')
      .option('--share-with <codes>', 'also share with organisations: CODE or under:CODE', collect)
      .option('--group <names>', 'also share with sharing groups', collect)
      .option('--now <time>', NOW_HELP, instantArg)
      .option('--json', 'print JSON')
      .action(
        async (
          o: OutputOptions &
            ClockOptions & {
              file?: string;
              org?: string;
              title?: string;
              summary?: string;
              category?: string;
              started?: string;
              detected?: string;
              asset?: string[];
              delayed?: string;
              cancelled?: string;
              diverted?: string;
              personalData?: string;
              indicator?: string[];
              ask?: string;
              shareWith?: string[];
              group?: string[];
            },
        ) => {
          const input: IncidentReportInput = o.file
            ? await reportFromFile(o.file)
            : {
                org: o.org ?? '',
                title: o.title ?? '',
                summary: o.summary ?? '',
                category: o.category ?? '',
                startedAt: o.started ?? '',
                detectedAt: o.detected ?? '',
                assets: o.asset,
                patientImpact: {
                  delayed: count(o.delayed),
                  cancelled: count(o.cancelled),
                  diverted: count(o.diverted),
                },
                personalData: (o.personalData === undefined ? undefined : yesNo(o.personalData)) as boolean,
                indicators: (o.indicator ?? []).map((value) => ({ value })),
                helpRequested: o.ask,
                shareWith: { orgs: o.shareWith, groups: o.group },
              };
          const now = cliClock(o).now();
          const r = await withDatabase((d) =>
            reportIncident(d, cliUser(), input, { now, file: o.file }).catch((error: unknown) => {
              throw o.file ? inFile(error) : error;
            }),
          );
          emit(r, o, (v) => [
            `reported ${v.reference} for ${v.org}: ${v.assets} affected asset${v.assets === 1 ? '' : 's'}, ${v.indicators.length} indicator${v.indicators.length === 1 ? '' : 's'}`,
            ...v.indicators.flatMap((i) => {
              const also = [
                ...i.matches.shared.map((m) => `shared by ${m.producer} (TLP:${m.tlp})`),
                ...i.matches.incidents.map((m) => `in ${m.reference} (${m.org})`),
              ];
              return also.length > 0 ? [`  ${i.type} ${i.value}: also ${also.join(', ')}`] : [];
            }),
          ]);
        },
      ),
    {
      startedAt: '--started',
      detectedAt: '--detected',
      assets: '--asset',
      'patientImpact.delayed': '--delayed',
      'patientImpact.cancelled': '--cancelled',
      'patientImpact.diverted': '--diverted',
      helpRequested: '--ask',
      shareWith: '--share-with',
      groups: '--group',
    },
  );

  incident
    .command('list')
    .description('incidents you may read, newest first, with their reporting deadlines')
    .addOption(new Option('--status <status>', 'only this status').choices(INCIDENT_STATUSES))
    .option('--org <code>', 'reported by this organisation or one under it')
    .option('--limit <n>', 'at most this many (1–1000)', '100')
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(async (o: OutputOptions & ClockOptions & { status?: string; org?: string; limit: string }) => {
      const list = await withDatabase((d) =>
        listIncidents(
          d,
          cliUser(),
          { status: o.status, org: o.org, limit: Number(o.limit) },
          cliClock(o).now(),
        ),
      );
      emit(list, o, listRows);
    });

  incident
    .command('show')
    .description('one incident: deadlines, affected assets, indicators with markings and sightings, timeline')
    .argument('<reference>', 'INC-YYYY-NNNNNN')
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(async (reference: string, o: OutputOptions & ClockOptions) => {
      const v = await withDatabase((d) => showIncident(d, cliUser(), reference, cliClock(o).now()));
      emit(v, o, detailLines);
    });

  incident
    .command('update')
    .description('add to the timeline: a note, the full report (--kind full_report), a status change')
    .argument('<reference>', 'INC-YYYY-NNNNNN')
    .option('--text <text>', 'what has happened')
    .addOption(
      new Option('--kind <kind>', 'the kind of update').choices(['note', 'full_report']).default('note'),
    )
    .addOption(
      new Option(
        '--status <status>',
        'a new status (triaged: the centre reopening a closed incident)',
      ).choices(['contained', 'closed', 'triaged']),
    )
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(
      async (
        reference: string,
        o: OutputOptions & ClockOptions & { text?: string; kind: string; status?: string },
      ) => {
        const r = await withDatabase((d) =>
          updateIncidentTimeline(
            d,
            cliUser(),
            reference,
            { text: o.text, kind: o.kind, status: o.status },
            cliClock(o).now(),
          ),
        );
        emit(r, o, (v) =>
          v.toStatus
            ? `${v.reference}: ${v.fromStatus} → ${v.toStatus}`
            : `${v.reference}: ${v.kind.replace('_', ' ')} added (${v.status})`,
        );
      },
    );

  flagsForFields(
    incident
      .command('triage')
      .description(
        'the centre triages: severity, lead analyst, whether it is significant (reopens a closed one)',
      )
      .argument('<reference>', 'INC-YYYY-NNNNNN')
      .addOption(new Option('--severity <severity>', 'how severe').choices(SEVERITIES).makeOptionMandatory())
      .requiredOption('--lead <name>', 'the lead analyst')
      .requiredOption('--significant <yes|no>', 'significant: the full-report deadline applies')
      .option('--text <text>', 'a note for the timeline')
      .option('--share-with <codes>', 'also share with organisations: CODE or under:CODE', collect)
      .option('--group <names>', 'also share with sharing groups', collect)
      .option('--now <time>', NOW_HELP, instantArg)
      .option('--json', 'print JSON')
      .action(
        async (
          reference: string,
          o: OutputOptions &
            ClockOptions & {
              severity: string;
              lead: string;
              significant: string;
              text?: string;
              shareWith?: string[];
              group?: string[];
            },
        ) => {
          const r = await withDatabase((d) =>
            triageIncident(
              d,
              cliUser(),
              reference,
              {
                severity: o.severity,
                leadAnalyst: o.lead,
                significant: yesNo(o.significant),
                text: o.text,
                shareWith: { orgs: o.shareWith, groups: o.group },
              },
              cliClock(o).now(),
            ),
          );
          emit(
            r,
            o,
            (v) =>
              `${v.reference} triaged: severity ${v.severity}, lead ${v.leadAnalyst}, ${v.significant ? 'significant' : 'not significant'} (${v.status})`,
          );
        },
      ),
    { leadAnalyst: '--lead', shareWith: '--share-with', groups: '--group' },
  );

  flagsForFields(
    incident
      .command('share-indicator')
      .description(
        "share one of the incident's indicators under a TLP marking (the centre or the reporting side)",
      )
      .argument('<reference>', 'INC-YYYY-NNNNNN')
      .argument('<indicator>', 'the indicator: its value as reported (defanged is fine) or its id')
      .addOption(
        new Option('--tlp <marking>', 'TLP 2.0 marking')
          .choices(TLP_MARKINGS.map((t) => t.toLowerCase()))
          .makeOptionMandatory(),
      )
      .option('--share-with <codes>', 'AMBER: organisations, CODE or under:CODE', collect)
      .option('--group <names>', 'AMBER: sharing groups', collect)
      .option('--person <usernames>', 'RED: people', collect)
      .option('--description <text>', 'what it is')
      .option('--now <time>', NOW_HELP, instantArg)
      .option('--json', 'print JSON')
      .action(
        async (
          reference: string,
          value: string,
          o: OutputOptions &
            ClockOptions & {
              tlp: string;
              shareWith?: string[];
              group?: string[];
              person?: string[];
              description?: string;
            },
        ) => {
          const r = await withDatabase((d) =>
            shareIncidentIndicator(
              d,
              cliUser(),
              reference,
              {
                indicator: value,
                tlp: o.tlp,
                description: o.description,
                shareWith: { orgs: o.shareWith, groups: o.group, people: o.person },
              },
              cliClock(o).now(),
            ),
          );
          emit(
            r,
            o,
            (v) =>
              `${v.reference}: shared ${v.indicator.type} ${v.indicator.value} as TLP:${v.indicator.tlp} (${v.indicator.stixId}, producer ${v.indicator.producer})`,
          );
        },
      ),
    { shareWith: '--share-with', groups: '--group', people: '--person' },
  );

  flagsForFields(
    incident
      .command('alert')
      .description(
        'raise an alert (or a draft) from the incident: its shareable indicators and your advice attached',
      )
      .argument('<reference>', 'INC-YYYY-NNNNNN')
      .requiredOption('--action <text>', 'the advice: what organisations should do')
      .option(
        '--target <specs>',
        'targets as for any alert: all, kind:KIND, under:CODE, org:CODE (auto with --cve)',
        collect,
      )
      .option('--sighters', "also target the organisations that sighted the incident's shared indicators")
      .option('--cve <ids>', 'CVEs the alert is about too', collect)
      .option('--title <text>', "default: the incident's category and reference")
      .addOption(
        new Option('--severity <severity>', "default: the incident's triage severity").choices(SEVERITIES),
      )
      .option('--ack-hours <n>', 'hours to acknowledge (default 48)')
      .option('--draft', 'make a draft for review instead of issuing')
      .option('--now <time>', NOW_HELP, instantArg)
      .option('--json', 'print JSON')
      .action(
        async (
          reference: string,
          o: OutputOptions &
            ClockOptions & {
              action: string;
              target?: string[];
              sighters?: boolean;
              cve?: string[];
              title?: string;
              severity?: string;
              ackHours?: string;
              draft?: boolean;
            },
        ) => {
          const r = await withDatabase((d) =>
            alertFromIncident(
              d,
              {
                actor: cliUser(),
                clock: cliClock(o),
                render: { publicUrl: config().notifications.publicUrl },
              },
              reference,
              {
                action: o.action,
                targets: o.target,
                sighters: o.sighters,
                cves: o.cve,
                title: o.title,
                severity: o.severity,
                ackHours: o.ackHours === undefined ? undefined : Number(o.ackHours),
                draft: o.draft,
              },
            ),
          );
          emit(r, o, (v) => [
            v.alert
              ? `${v.reference}: alert ${v.alert.reference} issued to ${v.alert.totals.organisations} organisations (${v.targets.join(', ')})`
              : `${v.reference}: alert draft ${v.draft?.id} made for review`,
            ...v.attached.map((a) => `  attached ${a.type} ${a.value} (TLP:${a.tlp})`),
            ...v.leftOut.map((a) => `  left out ${a.type} ${a.value}: ${a.why}`),
            ...(v.alert?.warnings ?? []).map((w) => `warning: ${w}`),
          ]);
        },
      ),
    { targets: '--target', cves: '--cve', ackHours: '--ack-hours' },
  );
}
