/**
 * Contacts: imported from CSV all or nothing (every problem reported as FILE:LINE), listed by
 * organisation. Re-importing is idempotent: a contact is its (organisation, e-mail, channel).
 * Importing needs the admin permission on every organisation the file names (asked in one
 * question); an organisation the caller may not administer reads as unknown.
 */

import type { Database } from '../../db/connect.js';
import { type ContactRow, listContacts, upsertContacts } from '../../db/repositories/contact.repository.js';
import { findOrganisationIdsByCode } from '../../db/repositories/organisation.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import {
  type Channel,
  type ContactRow as ContactInput,
  parseContactCsv,
} from '../../domain/alerts/contact-csv.js';
import { type InputProblem, InvalidInputError } from '../../errors.js';
import { permittedOrgIds, requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';

export interface ContactImportResult {
  file: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

/** The organisations of these codes the actor may administer (code → id), asked in one question. */
async function administeredOrgs(database: Database, actor: Actor, codes: readonly string[]) {
  const visible = await findOrganisationIdsByCode(database.db, codes, scopeFor(actor, 'read'));
  if (scopeFor(actor, 'admin').all) return visible;
  const permitted = await permittedOrgIds(database.db, actor, 'admin', new Set(visible.values()));
  return new Map([...visible].filter(([, id]) => permitted.has(id)));
}

/** Imports one contacts CSV for organisations the actor administers; any problem and nothing is written. */
export async function importContacts(
  database: Database,
  actor: Actor,
  file: string,
  text: string,
): Promise<ContactImportResult> {
  const parsed = parseContactCsv(file, text);
  const problems: InputProblem[] = [...parsed.problems];
  const codes = [...new Set(parsed.rows.map((r) => r.orgCode))];
  const orgs = await administeredOrgs(database, actor, codes);
  for (const r of parsed.rows)
    if (!orgs.has(r.orgCode))
      problems.push({ file, line: r.line, reason: `unknown organisation ${r.orgCode}` });
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    throw new InvalidInputError(
      `${file}: not imported (${problems.length} problem${problems.length > 1 ? 's' : ''})`,
      problems,
    );
  }
  const counts = await database.db.transaction().execute(async (trx) => {
    const written = await upsertContacts(
      trx,
      parsed.rows.map((r) => ({
        orgId: orgs.get(r.orgCode) as string,
        name: r.name,
        email: r.email,
        role: r.role,
        channel: r.channel,
        digest: r.digest,
        webhookUrl: r.webhookUrl,
        webhookSecret: r.webhookSecret,
      })),
      parsed.webhookColumns,
    );
    // One record per organisation, so each organisation's audit log shows its own contacts changing.
    for (const code of codes) {
      const emails = parsed.rows.filter((r) => r.orgCode === code).map((r) => r.email);
      await audit(
        trx,
        actor,
        orgs.get(code) as string,
        'contact.import',
        null,
        { file, contacts: emails },
        code,
      );
    }
    return written;
  });
  return { file, rows: parsed.rows.length, ...counts };
}

/** A contact as people read it: as imported, with its organisation, and never its secret (only whether it has its own). */
export type ContactView = Pick<
  ContactInput,
  'name' | 'email' | 'role' | 'channel' | 'digest' | 'webhookUrl'
> & {
  /** ODS code of its organisation. */
  org: string;
  orgName: string;
  /** Signed with its own secret rather than WARD_WEBHOOK_SECRET. */
  ownSecret: boolean;
};

/** The contacts the actor may read, all or of one organisation's subtree. */
export async function contactList(
  database: Database,
  actor: Actor,
  org: string | null,
): Promise<ContactView[]> {
  const under = org ? await requireOrgAccess(database, actor, 'read', org) : null;
  const rows = await listContacts(database.db, scopeFor(actor, 'read'), under?.id ?? null);
  return rows.map((c: ContactRow) => ({
    org: c.code,
    orgName: c.org_name,
    name: c.name,
    email: c.email,
    role: c.role,
    // Stored only through the CSV import, which accepts only the domain's channels.
    channel: c.channel as Channel,
    digest: c.digest,
    webhookUrl: c.webhook_url,
    ownSecret: c.has_webhook_secret,
  }));
}
