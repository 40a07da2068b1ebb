/**
 * The demo's contacts: who at each demo organisation hears about alerts, imported through the
 * ordinary contacts CSV import. Regions and ICBs have a security lead on the daily digest (they watch
 * the organisations below them); trusts an IT lead who hears at once and a security lead on the
 * digest; one in five practices, pharmacies and care homes a manager, every other one on the digest.
 * Addresses are under `.example` (reserved, RFC 2606), so nothing can reach a real person.
 */
import type { Database } from '../../db/connect.js';
import { SYSTEM_ACTOR } from '../../domain/access/actor.js';
import { CONTACT_CSV_COLUMNS } from '../../domain/alerts/contact-csv.js';
import { type ContactImportResult, importContacts } from '../contacts/contact.service.js';

/** The domain of every demo address. */
export const DEMO_CONTACT_DOMAIN = 'ward-demo.example';
/** One in this many providers (practices, pharmacies, care homes, others) has a contact. */
const PROVIDER_SHARE = 5;

export interface DemoOrganisation {
  code: string;
  name: string;
  kind: string;
}

interface Contact {
  name: string;
  role: string;
  digest: boolean;
}

function contactsOf(org: DemoOrganisation, index: number): Contact[] {
  switch (org.kind) {
    case 'national':
    case 'site':
      // The centre sees everything on the dashboard; a trust's sites are served by the trust's IT.
      return [];
    case 'region':
    case 'icb':
      return [{ name: `Security lead, ${org.name}`, role: 'security lead', digest: true }];
    case 'trust':
      return [
        { name: `IT service desk, ${org.name}`, role: 'IT lead', digest: false },
        { name: `Security lead, ${org.name}`, role: 'security lead', digest: true },
      ];
    default:
      if (index % PROVIDER_SHARE !== 0) return [];
      return [{ name: `Manager, ${org.name}`, role: 'practice manager', digest: index % 2 === 0 }];
  }
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The contacts CSV for these organisations (the same organisations give the same file). */
export function demoContactsCsv(orgs: readonly DemoOrganisation[]): string {
  const lines = [CONTACT_CSV_COLUMNS.join(',')];
  const sorted = [...orgs].sort((a, b) => a.code.localeCompare(b.code));
  sorted.forEach((org, index) => {
    for (const c of contactsOf(org, index)) {
      const local = `${c.role.toLowerCase().replaceAll(' ', '.')}.${org.code.toLowerCase()}`;
      lines.push(
        [org.code, c.name, `${local}@${DEMO_CONTACT_DOMAIN}`, c.role, 'email', String(c.digest)]
          .map(csvField)
          .join(','),
      );
    }
  });
  return `${lines.join('\n')}\n`;
}

/** Imports the demo's contacts for every organisation in the database. */
export async function addDemoContacts(database: Database): Promise<ContactImportResult> {
  const orgs = await database.db.selectFrom('organisations').select(['code', 'name', 'kind']).execute();
  return importContacts(database, SYSTEM_ACTOR, 'demo-contacts.csv', demoContactsCsv(orgs));
}
