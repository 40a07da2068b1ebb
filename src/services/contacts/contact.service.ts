/**
 * Contacts: imported from CSV all or nothing (every problem reported as FILE:LINE), listed by
 * organisation. Re-importing is idempotent: a contact is its (organisation, e-mail, channel).
 */

import type { Database } from '../../db/connect.js';
import { type ContactRow, listContacts, upsertContacts } from '../../db/repositories/contact.repository.js';
import {
  findOrganisationByCode,
  findOrganisationIdsByCode,
} from '../../db/repositories/organisation.repository.js';
import { type Actor, SYSTEM_ACTOR } from '../../domain/access/actor.js';
import type { Scope } from '../../domain/access/scope.js';
import { parseContactCsv } from '../../domain/alerts/contact-csv.js';
import { normaliseCode } from '../../domain/org/organisation.js';
import { type InputProblem, InvalidInputError, NotFoundError } from '../../errors.js';
import { audit } from '../audit.service.js';

export interface ContactImportResult {
  file: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

export async function importContacts(
  database: Database,
  scope: Scope,
  file: string,
  text: string,
  actor: Actor = SYSTEM_ACTOR,
): Promise<ContactImportResult> {
  const parsed = parseContactCsv(file, text);
  const problems: InputProblem[] = [...parsed.problems];
  const codes = [...new Set(parsed.rows.map((r) => r.orgCode))];
  const orgs = await findOrganisationIdsByCode(database.db, codes, scope);
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

export interface ContactView {
  org: string;
  orgName: string;
  name: string;
  email: string;
  role: string;
  channel: string;
  digest: boolean;
  /** A webhook contact's own endpoint; null: WARD_WEBHOOK_URL (or an e-mail contact). */
  webhookUrl: string | null;
  /** Signed with its own secret rather than WARD_WEBHOOK_SECRET. */
  ownSecret: boolean;
}

export async function contactList(
  database: Database,
  scope: Scope,
  org: string | null,
): Promise<ContactView[]> {
  let underOrgId: string | null = null;
  if (org) {
    const found = await findOrganisationByCode(database.db, normaliseCode(org), scope);
    if (!found) throw new NotFoundError(`no organisation ${normaliseCode(org)}`);
    underOrgId = found.id;
  }
  return (await listContacts(database.db, scope, underOrgId)).map((c: ContactRow) => ({
    org: c.code,
    orgName: c.org_name,
    name: c.name,
    email: c.email,
    role: c.role,
    channel: c.channel,
    digest: c.digest,
    webhookUrl: c.webhook_url,
    ownSecret: c.has_webhook_secret,
  }));
}
