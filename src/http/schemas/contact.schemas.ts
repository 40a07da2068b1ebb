/**
 * Contacts as the API shows them, the result of a contacts import, and their presenters.
 */
import { z } from 'zod';
import { CHANNELS } from '../../domain/alerts/contact-csv.js';
import type {
  ContactImportResult as ContactImportValue,
  ContactView,
} from '../../services/contacts/contact.service.js';
import { named } from './common.schemas.js';

export const Contact = named(
  z.object({
    org: z.string().describe('ODS code'),
    orgName: z.string().describe('name of the organisation'),
    name: z.string().describe('name of the contact'),
    email: z.string().describe('e-mail address'),
    role: z.string().describe('their role, as the import gave it'),
    channel: z.enum(CHANNELS).describe('email or webhook'),
    digest: z.boolean().describe('daily digest instead of one message per alert'),
    webhookUrl: z
      .string()
      .nullable()
      .describe(
        "a webhook contact's own endpoint; null: the configured WARD_WEBHOOK_URL (or an e-mail contact)",
      ),
    ownSecret: z
      .boolean()
      .describe('webhooks to it are signed with its own secret rather than the configured one'),
  }),
  'Contact',
);

export const ContactImportResult = named(
  z.object({
    file: z.string().describe('the file imported'),
    rows: z.number().int().describe('contacts in the file'),
    created: z.number().int().describe('contacts added'),
    updated: z.number().int().describe('contacts changed'),
    unchanged: z.number().int().describe('contacts already as the file gives them'),
  }),
  'ContactImportResult',
);

export function presentContact(c: ContactView): z.infer<typeof Contact> {
  return {
    org: c.org,
    orgName: c.orgName,
    name: c.name,
    email: c.email,
    role: c.role,
    channel: c.channel,
    digest: c.digest,
    webhookUrl: c.webhookUrl,
    ownSecret: c.ownSecret,
  };
}

export function presentContactImport(r: ContactImportValue): z.infer<typeof ContactImportResult> {
  return { file: r.file, rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged };
}
