/**
 * Turns alert changes into outbox messages, inside the caller's transaction: one per contact of
 * each target organisation, rendered in plain English, keyed so that queuing twice sends once.
 * Critical and high alerts go to every contact at once; others wait for the daily digest of
 * contacts who asked for one.
 */
import type { Database } from '../../db/connect.js';
import { type AlertRecord, cveDescriptions } from '../../db/repositories/alert.repository.js';
import { type ContactRow, contactsOfOrgs } from '../../db/repositories/contact.repository.js';
import { enqueueMessages, type OutboxWrite } from '../../db/repositories/outbox.repository.js';
import { isSeverity, isUrgent } from '../../domain/alerts/alert.js';
import type { AlertFacts, CveNote, Recipient, RenderOptions } from '../../notifications/message.types.js';
import { firstSentence } from '../../notifications/plain-english.js';
import { type NoticeKind, renderAlertNotice } from '../../notifications/render-alert-message.js';

type Executor = Database['db'];

export function alertFacts(a: AlertRecord): AlertFacts {
  return {
    reference: a.reference,
    title: a.title,
    severity: a.severity,
    action: a.action,
    cves: a.cves,
    version: a.version,
    ackHours: a.ack_hours,
    advisoryId: a.advisory_id,
  };
}

export function recipientOf(c: ContactRow): Recipient {
  return { contactId: c.id, name: c.name, email: c.email, role: c.role, channel: c.channel };
}

/** The alert's flaws in words: first sentence of the description, KEV, CVSS. */
export async function loadCveNotes(db: Executor, cves: readonly string[]): Promise<CveNote[]> {
  if (cves.length === 0) return [];
  const rows = await cveDescriptions(db, cves);
  return rows.map((r) => ({
    id: r.id,
    summary: firstSentence(r.description),
    knownExploited: r.kev,
    cvssScore: r.cvss === null ? null : Number(r.cvss),
  }));
}

/** Whether a contact hears about this now (else in the digest). */
export function sendsNow(severity: string, contact: Pick<ContactRow, 'digest'>): boolean {
  return (isSeverity(severity) && isUrgent(severity)) || !contact.digest;
}

export interface NoticeTarget {
  orgId: string;
  code: string;
  name: string;
  assetCount: number;
  assets: readonly string[];
  ackDueAt: Date;
  state: string;
}

/** A stored target row as a notice addresses it. */
export function noticeTarget(t: {
  org_id: string;
  code: string;
  name: string;
  asset_count: number;
  assets: readonly string[];
  ack_due_at: Date | string;
  state: string;
}): NoticeTarget {
  return {
    orgId: t.org_id,
    code: t.code,
    name: t.name,
    assetCount: t.asset_count,
    assets: t.assets,
    ackDueAt: new Date(t.ack_due_at),
    state: t.state,
  };
}

export interface NoticeRequest {
  kind: NoticeKind;
  alert: AlertRecord;
  targets: readonly NoticeTarget[];
  now: Date;
  render: RenderOptions;
  /** Every contact at once, digest or not (reminders, withdrawals). */
  everyone?: boolean;
  changes?: readonly string[];
  note?: string | null;
  withdrawnReason?: string | null;
  cves?: readonly CveNote[];
}

function noticeKey(kind: NoticeKind, alert: AlertRecord, code: string, contactId: string): string {
  const version = kind === 'updated' ? `:v${alert.version}` : '';
  return `ward:${kind}:${alert.reference}${version}:${code}:${contactId}`;
}

/** Queues the notice for every (target, contact) pair that should hear now; returns how many were queued. */
export async function queueTargetNotices(trx: Executor, r: NoticeRequest): Promise<number> {
  if (r.targets.length === 0) return 0;
  const contacts = await contactsOfOrgs(
    trx,
    r.targets.map((t) => t.orgId),
  );
  if (contacts.length === 0) return 0;
  const byOrg = new Map<string, ContactRow[]>();
  for (const c of contacts) {
    if (!r.everyone && !sendsNow(r.alert.severity, c)) continue;
    const list = byOrg.get(c.org_id) ?? [];
    list.push(c);
    byOrg.set(c.org_id, list);
  }
  const facts = alertFacts(r.alert);
  const cves = r.cves ?? (await loadCveNotes(trx, r.alert.cves));
  const messages: OutboxWrite[] = [];
  for (const t of r.targets) {
    for (const c of byOrg.get(t.orgId) ?? []) {
      const rendered = renderAlertNotice(
        {
          kind: r.kind,
          alert: facts,
          cves,
          org: { code: t.code, name: t.name },
          target: { assetCount: t.assetCount, assets: t.assets, ackDueAt: t.ackDueAt, state: t.state },
          recipient: recipientOf(c),
          changes: r.changes,
          note: r.note ?? null,
          withdrawnReason: r.withdrawnReason ?? null,
        },
        r.render,
      );
      messages.push({
        key: noticeKey(r.kind, r.alert, t.code, c.id),
        kind: r.kind,
        channel: c.channel,
        recipient: c.email,
        recipientName: c.name,
        contactId: c.id,
        orgId: t.orgId,
        alertId: r.alert.id,
        subject: rendered.subject,
        body: rendered.text,
        payload: rendered.payload,
      });
    }
  }
  return enqueueMessages(trx, messages, r.now);
}
