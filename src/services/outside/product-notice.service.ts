/**
 * Certified products' own new vulnerabilities: when intel stores CVEs whose rules name a certified
 * product of the register, the register's owners (the contacts of the national root) hear about
 * it through the outbox, once per product and CVE. Runs inside the intel load's transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import { cveDescriptions } from '../../db/repositories/alert.repository.js';
import { contactsOfOrgs } from '../../db/repositories/contact.repository.js';
import { enqueueMessages, type OutboxWrite } from '../../db/repositories/outbox.repository.js';
import {
  recordProductNotices,
  unnotifiedCertifiedMatches,
} from '../../db/repositories/outside/product-notice.repository.js';
import type { DB } from '../../db/schema.js';
import { dayOf } from '../../domain/outside/product.js';
import type { RenderOptions } from '../../notifications/message.types.js';
import { firstSentence } from '../../notifications/plain-english.js';
import { renderProductCveNotice } from '../../notifications/render-product-notice.js';

export interface ProductNoticeResult {
  /** (product, CVE) pairs newly noticed. */
  pairs: number;
  /** Messages queued. */
  queued: number;
}

/** Tells the register's owners about the CVEs given that name a certified product, once per pair. */
export async function noticeCertifiedProducts(
  trx: Kysely<DB> | Transaction<DB>,
  cveIds: readonly string[],
  now: Date = new Date(),
  render: RenderOptions = { publicUrl: null },
): Promise<ProductNoticeResult> {
  const matches = await unnotifiedCertifiedMatches(trx, cveIds, dayOf(now));
  if (matches.length === 0) return { pairs: 0, queued: 0 };
  const roots = await trx.selectFrom('organisations').select('id').where('depth', '=', 0).execute();
  const contacts = await contactsOfOrgs(
    trx as Kysely<DB>,
    roots.map((r) => r.id),
  );
  const notes = new Map(
    (await cveDescriptions(trx as Kysely<DB>, [...new Set(matches.map((m) => m.cve_id))])).map((r) => [
      r.id,
      {
        id: r.id,
        summary: firstSentence(r.description),
        knownExploited: r.kev,
        cvssScore: r.cvss === null ? null : Number(r.cvss),
      },
    ]),
  );
  const messages: OutboxWrite[] = [];
  for (const m of matches) {
    const cve = notes.get(m.cve_id) ?? {
      id: m.cve_id,
      summary: null,
      knownExploited: false,
      cvssScore: null,
    };
    const product = {
      key: m.key,
      name: m.name,
      standard: m.standard,
      certificateRef: m.certificate_ref,
      expiresOn: m.expires_on,
      use: m.use,
    };
    for (const c of contacts) {
      const recipient = { contactId: c.id, name: c.name, email: c.email, role: c.role, channel: c.channel };
      const rendered = renderProductCveNotice(product, cve, recipient, render);
      messages.push({
        key: `ward:product-cve:${m.key}:${m.cve_id}:${c.id}`,
        kind: 'product-cve',
        channel: c.channel,
        recipient: c.email,
        recipientName: c.name,
        contactId: c.id,
        orgId: c.org_id,
        alertId: null,
        subject: rendered.subject,
        body: rendered.text,
        payload: rendered.payload,
      });
    }
  }
  const queued = await enqueueMessages(trx as Kysely<DB>, messages, now);
  await recordProductNotices(
    trx,
    matches.map((m) => ({ key: m.key, cveId: m.cve_id })),
    now,
  );
  return { pairs: matches.length, queued };
}
