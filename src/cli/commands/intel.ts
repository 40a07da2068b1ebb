import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { config } from '../../config.js';
import { cliActor } from '../../domain/access/actor.js';
import { InvalidInputError, NotFoundError, WardError } from '../../errors.js';
import {
  expandIntelPaths,
  type FileLoad,
  type FileSkip,
  loadIntelFiles,
} from '../../services/intel/intel-files.service.js';
import { intelStatus } from '../../services/intel/intel-status.service.js';
import {
  SyncFailedError,
  type SyncResult,
  syncCsaf,
  syncEpss,
  syncKev,
  syncNvd,
} from '../../services/intel/intel-sync.service.js';
import { showVulnerability } from '../../services/intel/vulnerability.service.js';
import { withDatabase } from '../context.js';
import { emit, note, type OutputOptions, table } from '../output.js';
import { progress } from '../progress.js';
import { registerTaxiiCommands } from './sharing/taxii.js';

const actor = () => cliActor(userInfo().username);

/** Why a file was not loaded, and what loads it instead. */
function skipReason(skip: FileSkip): string {
  if (skip.code === 'unknown_format') return 'not a feed format Ward knows';
  return `${skip.format} files are loaded with ward intel sync --csaf <its URL>`;
}

/** A load as `--json` prints it: the service's facts, and the skip in words. */
function loadJson(l: FileLoad) {
  return { ...l, skipped: l.skip ? skipReason(l.skip) : null };
}

function describeLoad(l: FileLoad): string[] {
  if (!l.result) return [`${l.file}: skipped (${l.skip ? skipReason(l.skip) : 'not loaded'})`];
  const r = l.result;
  return [
    `${l.file}: ${r.source}, ${r.records} records, ${r.changed} new or changed${r.issues.length ? `, ${r.issues.length} rejected` : ''}${r.alertDrafts ? `, ${r.alertDrafts} alert drafts to review (ward alert drafts)` : ''}`,
    ...r.issues.slice(0, 20).map((i) => `  ${i.record}: ${i.reason}`),
    ...(r.issues.length > 20 ? [`  … and ${r.issues.length - 20} more (use --json for all)`] : []),
  ];
}

/** A sync that stopped, with the command that runs it again (NVD resumes where it stopped). */
async function withSyncHint(sync: () => Promise<void>): Promise<void> {
  try {
    await sync();
  } catch (error) {
    if (!(error instanceof SyncFailedError)) throw error;
    const flag = error.source === 'csaf' ? '--csaf <url>' : `--${error.source}`;
    const again = error.resumeAt ? 'again to resume there' : 'again';
    throw new WardError(error.code, `${error.message}. Run ward intel sync ${flag} ${again}.`);
  }
}

export function registerIntelCommands(program: Command): void {
  const intel = program
    .command('intel')
    .description(
      'vulnerability intelligence: NVD, CISA KEV, FIRST EPSS, CSAF advisories; TAXII 2.1 threat feeds',
    );

  intel
    .command('load')
    .description(
      'load feed files: NVD CVE API 2.0 pages or yearly feeds, CISA KEV JSON, FIRST EPSS CSV, CSAF 2.0 advisories; ' +
        'plain or .gz, the format is detected from the content; directories are searched recursively. ' +
        'Re-loading the same data changes nothing. Exits 2 when any record or file was rejected (the rest is loaded).',
    )
    .argument('<paths...>', 'files or directories')
    .option('--json', 'print JSON lines: progress, then one result per file')
    .action(async (paths: string[], options: OutputOptions) => {
      const files = await expandIntelPaths(paths);
      const loads = await withDatabase(async (database) => {
        let bar: ReturnType<typeof progress> | null = null;
        return loadIntelFiles(database, actor(), (load) => load(files.map((path) => ({ path }))), {
          onFile: (file) => {
            bar = progress(file.path, options.json === true);
          },
          onProgress: (p) => bar?.update({ records: p.records }),
          onLoaded: (load) => {
            bar?.done();
            if (options.json) process.stdout.write(`${JSON.stringify({ result: loadJson(load) })}\n`);
            else for (const line of describeLoad(load)) note(line);
          },
        });
      });
      const rejected = loads.reduce((n, l) => n + (l.result?.issues.length ?? 0), 0);
      if (rejected > 0)
        throw new InvalidInputError(`${rejected} record(s) could not be loaded; everything else was loaded`);
    });

  intel
    .command('sync')
    .description(
      'fetch the official feeds and load what changed: NVD from where the last sync stopped (120-day windows, ' +
        'resumable), KEV, EPSS, and CSAF providers (provider-metadata.json or a ROLIE feed). All sources unless some are named. ' +
        "Base URLs: WARD_NVD_URL, WARD_KEV_URL, WARD_EPSS_URL; NVD_API_KEY raises NVD's rate limit.",
    )
    .option('--nvd', 'NVD CVE API 2.0')
    .option('--kev', 'CISA Known Exploited Vulnerabilities')
    .option('--epss', 'FIRST EPSS scores')
    .option('--csaf <urls...>', 'CSAF provider metadata, ROLIE feed or advisory URLs')
    .option('--since <date>', 'where a first NVD sync starts (default: 120 days ago)')
    .option('--json', 'print JSON')
    .action(
      async (
        options: OutputOptions & {
          nvd?: boolean;
          kev?: boolean;
          epss?: boolean;
          csaf?: string[];
          since?: string;
        },
      ) => {
        const all = !options.nvd && !options.kev && !options.epss && !options.csaf;
        const feeds = config().feeds;
        const results = await withDatabase(async (database) => {
          const out: SyncResult[] = [];
          const bar = progress('sync', options.json === true);
          const onProgress = (p: { source: string; records: number; detail?: string }) =>
            bar.update({ source: p.source, records: p.records, ...(p.detail ? { at: p.detail } : {}) });
          const who = actor();
          await withSyncHint(async () => {
            if (all || options.kev)
              out.push(await syncKev(database, who, { baseUrl: feeds.kev, onProgress }));
            if (all || options.epss)
              out.push(await syncEpss(database, who, { baseUrl: feeds.epss, onProgress }));
            if (all || options.nvd) {
              const since = options.since ? new Date(options.since) : undefined;
              out.push(
                await syncNvd(database, who, {
                  baseUrl: feeds.nvd,
                  apiKey: feeds.nvdApiKey,
                  since,
                  onProgress,
                }),
              );
            }
            for (const url of options.csaf ?? [])
              out.push(await syncCsaf(database, who, url, { onProgress }));
          });
          bar.done();
          return out;
        });
        emit(results, options, (rs) =>
          rs.map(
            (r) =>
              `${r.source}: ${r.records} records, ${r.changed} new or changed${r.issues.length ? `, ${r.issues.length} rejected` : ''}${r.alertDrafts ? `, ${r.alertDrafts} alert drafts to review (ward alert drafts)` : ''}`,
          ),
        );
        const rejected = results.reduce((n, r) => n + r.issues.length, 0);
        if (rejected > 0)
          throw new InvalidInputError(
            `${rejected} record(s) could not be loaded; everything else was loaded`,
          );
      },
    );

  intel
    .command('status')
    .description('per source: records held, last successful sync or load, last modified stamp seen')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      const status = await withDatabase((database) => intelStatus(database));
      emit(status, options, (s) => [
        ...table(
          ['source', 'records', 'last success', 'last modified seen', 'last error'],
          s.sources.map((x) => [
            x.source,
            x.records,
            x.lastSuccess ?? 'never',
            x.lastModifiedSeen ?? '',
            x.lastError ?? '',
          ]),
        ),
        `match rules: ${s.counts.rules}; rejected CVEs: ${s.counts.rejected}; medical-device advisories: ${s.counts.medicalAdvisories}`,
      ]);
    });

  registerTaxiiCommands(intel);

  program
    .command('vuln')
    .description('vulnerabilities')
    .command('show')
    .description('show a CVE: scores, KEV and EPSS, match rules in readable form, advisories')
    .argument('<cve>', 'CVE id, e.g. CVE-2017-0144')
    .option('--json', 'print JSON')
    .action(async (cve: string, options: OutputOptions) => {
      const v = await withDatabase((database) => showVulnerability(database, cve)).catch((error) => {
        if (error instanceof NotFoundError)
          throw new NotFoundError(
            `${error.message}; load or sync intel first (ward intel load, ward intel sync)`,
          );
        throw error;
      });
      emit(v, options, (d) => [
        `${d.id}  ${d.status}${d.rejected ? ' (REJECTED)' : ''}`,
        d.description,
        `CVSS ${d.cvss.version ?? '-'}: ${d.cvss.score ?? '-'} ${d.cvss.severity ?? ''} ${d.cvss.vector ?? ''}`,
        d.kev
          ? `KEV: added ${d.kev.dateAdded}, due ${d.kev.dueDate ?? '-'}, ransomware ${d.kev.knownRansomwareCampaignUse}: ${d.kev.requiredAction}`
          : 'KEV: not listed',
        d.epss
          ? `EPSS: ${d.epss.score} (percentile ${d.epss.percentile}) on ${d.epss.date}`
          : 'EPSS: no score',
        `match rules (${d.rules.length}):`,
        ...d.rules.map(
          (r) =>
            `  [${r.source} #${r.configuration}] ${r.key} ${r.versions}${r.update ? ` update ${r.update}` : ''}` +
            (r.runningOn.length
              ? `  running on ${r.runningOn.map((c) => `${c.negate ? 'NOT ' : ''}(${c.anyOf.join(' | ')})`).join(' and ')}`
              : ''),
        ),
        ...(d.advisories.length ? ['advisories:', ...d.advisories.map((a) => `  ${a.id}  ${a.title}`)] : []),
      ]);
    });
}
