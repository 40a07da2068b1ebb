/** `ward intel taxii pull`: import a TAXII 2.1 collection's indicators (national and partner feeds). */
import type { Command } from 'commander';
import { pullTaxii } from '../../../services/sharing/taxii-pull.service.js';
import { withDatabase } from '../../context.js';
import { emit, note, type OutputOptions } from '../../output.js';
import { cliUser } from '../user.js';

interface PullFlags extends OutputOptions {
  collection: string;
  since?: string;
  token?: string;
  user?: string;
  password?: string;
  org?: string;
  limit?: string;
}

export function registerTaxiiCommands(intel: Command): void {
  const taxii = intel.command('taxii').description('TAXII 2.1 feeds: pull a collection into Ward');
  taxii
    .command('pull')
    .description(
      'import the indicators of a TAXII 2.1 collection, page by page, keeping their markings and the feed as their source; ' +
        'resumes where the last pull of the same URL and collection stopped',
    )
    .argument('<url>', "the server's discovery URL (…/taxii2/) or an API root's URL")
    .requiredOption('--collection <id>', 'the collection id')
    .option('--since <time>', 'objects added after this time (ISO 8601, UTC), instead of resuming')
    .option('--token <token>', 'API token, sent as Authorization: Bearer (or set WARD_TAXII_TOKEN)')
    .option('--user <name>', 'HTTP Basic user name')
    .option('--password <password>', 'HTTP Basic password (or set WARD_TAXII_PASSWORD)')
    .option('--org <code>', 'the organisation the intelligence is imported for')
    .option('--limit <n>', 'objects per page to ask for')
    .option('--json', 'print the summary as JSON')
    .action(async (url: string, o: PullFlags) => {
      const summary = await withDatabase((d) =>
        pullTaxii(d, cliUser(), {
          url,
          collection: o.collection,
          since: o.since,
          token: o.token ?? (o.user === undefined ? process.env.WARD_TAXII_TOKEN : undefined),
          user: o.user,
          password: o.password ?? (o.user !== undefined ? process.env.WARD_TAXII_PASSWORD : undefined),
          org: o.org,
          limit: o.limit === undefined ? undefined : Number(o.limit),
          onPage: (p) =>
            note(
              `page ${p.page}: ${p.objects} object${p.objects === 1 ? '' : 's'}, ${p.imported} indicator${p.imported === 1 ? '' : 's'} imported${p.addedLast ? `, up to ${p.addedLast}` : ''}`,
            ),
        }),
      );
      emit(summary, o, (s) => [
        `${s.collection.title} (${s.collection.id}) from ${s.apiRoot}`,
        `${s.from ? `added after ${s.from}: ` : ''}${s.pages} page${s.pages === 1 ? '' : 's'}, ${s.objects} objects; ` +
          `${s.indicators.created} indicators added, ${s.indicators.updated} updated, ${s.skipped.length} objects skipped`,
        ...s.skipped.slice(0, 20).map((k) => `  skipped ${k.id}: ${k.reason}`),
        ...(s.skipped.length > 20 ? [`  … and ${s.skipped.length - 20} more (--json lists them all)`] : []),
        s.addedLast ? `the next pull resumes after ${s.addedLast}` : 'the collection was empty',
      ]);
    });
}
