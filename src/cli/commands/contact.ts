import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../domain/access/actor.js';
import { CONTACT_CSV_COLUMNS, CONTACT_WEBHOOK_COLUMNS } from '../../domain/alerts/contact-csv.js';
import { type ContactView, contactList, importContacts } from '../../services/contacts/contact.service.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions, table } from '../output.js';
import { readInputFile } from '../read-input.js';

export function registerContactCommands(program: Command): void {
  const contact = program
    .command('contact')
    .description('who hears about alerts at each organisation, and how');

  contact
    .command('import')
    .description(
      `import contacts from CSV (header ${CONTACT_CSV_COLUMNS.join(',')}, optionally ${CONTACT_WEBHOOK_COLUMNS.join(',')}; ` +
        'channel email or webhook; digest true or false; a webhook contact may have its own https endpoint and ' +
        'signing secret, else WARD_WEBHOOK_URL and WARD_WEBHOOK_SECRET). Idempotent; a file with any bad row is ' +
        'rejected whole with every problem as FILE:LINE: reason.',
    )
    .argument('<files...>', 'CSV files, each imported in its own transaction')
    .option('--json', 'print JSON')
    .action(async (files: string[], options: OutputOptions) => {
      const actor = cliActor(userInfo().username);
      const results = await withDatabase(async (database) => {
        const out = [];
        for (const file of files)
          out.push(await importContacts(database, actor, file, await readInputFile(file)));
        return out;
      });
      emit(results, options, (rs) =>
        rs.map(
          (r) =>
            `${r.file}: ${r.rows} contacts: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged`,
        ),
      );
    });

  contact
    .command('list')
    .description("contacts, all or of an organisation's subtree")
    .option('--org <code>', 'ODS code')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { org?: string }) => {
      const contacts = await withDatabase((database) =>
        contactList(database, cliActor(userInfo().username), options.org ?? null),
      );
      emit(contacts, options, (cs) =>
        cs.length === 0
          ? 'no contacts'
          : table(
              ['organisation', 'name', 'e-mail', 'role', 'channel', 'digest', 'webhook'],
              cs.map((c) => [
                c.org,
                c.name,
                c.email,
                c.role,
                c.channel,
                c.digest ? 'yes' : 'no',
                webhookColumn(c),
              ]),
            ),
      );
    });
}

/** Where a webhook contact's messages go: its own endpoint (and whose secret signs them) or the configured one. */
function webhookColumn(c: ContactView): string {
  if (c.channel !== 'webhook') return '';
  if (!c.webhookUrl) return 'WARD_WEBHOOK_URL';
  return c.ownSecret ? `${c.webhookUrl} (own secret)` : c.webhookUrl;
}
