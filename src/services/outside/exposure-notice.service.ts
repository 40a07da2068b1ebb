/**
 * Telling organisations about services of theirs seen from the internet, through the outbox and
 * the contacts alerts use, with the escalation alerts have: a critical or high exposure that opens
 * or reopens is told at once to every contact of its organisation (as a critical or high alert is,
 * digest or not); one still open when the alert acknowledgement window ({@link DEFAULT_ACK_HOURS})
 * has passed since is told once to the contacts of the organisations above it (trust, ICB, region).
 */
import type { Database } from '../../db/connect.js';
import {
  ancestorContacts,
  type ContactRow,
  contactsOfOrgs,
} from '../../db/repositories/contact.repository.js';
import { enqueueMessages, type OutboxWrite } from '../../db/repositories/outbox.repository.js';
import {
  type ExternalServiceRow,
  exposuresDueEscalation,
  listExternalServices,
  markEscalated,
} from '../../db/repositories/outside/external-service.repository.js';
import { FULL_SCOPE } from '../../domain/access/scope.js';
import { DEFAULT_ACK_HOURS } from '../../domain/alerts/alert.js';
import { groupBy } from '../../domain/collections/group-by.js';
import { RISKY_SERVICES } from '../../domain/outside/risky-services.js';
import type { RenderOptions } from '../../notifications/message.types.js';
import {
  type ExposureFacts,
  renderExposureEscalation,
  renderExposureNotice,
} from '../../notifications/render-exposure-message.js';
import { recipientOf } from '../alerts/message.service.js';

type Executor = Database['db'];

/** An exposure row in a message's words (the rule's name and advice; the banner for a plain service). */
export function exposureFacts(r: ExternalServiceRow): ExposureFacts {
  const rule = RISKY_SERVICES.rule(r.kind);
  return {
    address: r.address,
    port: r.port,
    protocol: r.protocol,
    kind: r.kind,
    name: rule?.name ?? ([r.vendor, r.product].filter(Boolean).join(' ') || 'a service'),
    severity: r.severity,
    why: rule?.why ?? null,
    whatToDo: rule?.whatToDo ?? null,
    product: r.product,
    version: r.version,
    source: r.source,
    firstSeen: new Date(r.first_seen),
    lastSeen: new Date(r.last_seen),
    reopened: r.reopened_at !== null,
  };
}

const stamp = (now: Date) => now.toISOString();

/**
 * Queues, in the caller's transaction, one message per contact of each organisation with newly
 * opened or reopened critical or high exposures (marked told by the upsert itself). Returns the
 * messages queued.
 */
export async function queueExposureNotices(
  trx: Executor,
  exposures: readonly { id: string; orgId: string }[],
  now: Date,
  render: RenderOptions,
): Promise<number> {
  if (exposures.length === 0) return 0;
  const contacts = groupBy(
    await contactsOfOrgs(trx, [...new Set(exposures.map((e) => e.orgId))]),
    (c: ContactRow) => c.org_id,
  );
  const told = exposures.filter((e) => contacts.has(e.orgId));
  const rows = await listExternalServices(trx, { scope: FULL_SCOPE, ids: told, limit: told.length });
  const messages: OutboxWrite[] = [];
  for (const [orgId, mine] of groupBy(rows, (r) => r.org_id)) {
    const first = mine[0] as ExternalServiceRow;
    const org = { code: first.code, name: first.org_name };
    const facts = mine.map(exposureFacts);
    for (const c of contacts.get(orgId) ?? []) {
      const rendered = renderExposureNotice({ org, recipient: recipientOf(c), exposures: facts }, render);
      messages.push({
        key: `ward:exposure:${org.code}:${c.id}:${stamp(now)}`,
        kind: 'exposure',
        channel: c.channel,
        recipient: c.email,
        recipientName: c.name,
        contactId: c.id,
        orgId,
        alertId: null,
        subject: rendered.subject,
        body: rendered.text,
        payload: rendered.payload,
      });
    }
  }
  return enqueueMessages(trx, messages, now);
}

export interface EscalationOptions {
  render: RenderOptions;
  /** Hours an exposure may stay open after its organisation was told (the alert acknowledgement window by default). */
  afterHours?: number;
  batch?: number;
}

/**
 * Tells the contacts above each organisation (below the national root) about its critical and high
 * exposures still open {@link EscalationOptions.afterHours} after it was told; each exposure once.
 * Returns the messages queued.
 */
export async function queueExposureEscalations(
  database: Database,
  now: Date,
  options: EscalationOptions,
): Promise<number> {
  const hours = options.afterHours ?? DEFAULT_ACK_HOURS;
  return database.db.transaction().execute(async (trx) => {
    const due = await exposuresDueEscalation(
      trx,
      new Date(now.getTime() - hours * 3_600_000),
      options.batch ?? 5000,
    );
    if (due.length === 0) return 0;
    const byOrg = groupBy(due, (r) => r.org_id);
    const parents = await ancestorContacts(trx, [...byOrg.keys()]);
    const messages: OutboxWrite[] = [];
    for (const contacts of groupBy(parents, (p) => p.id).values()) {
      const c = contacts[0] as (typeof contacts)[number];
      const below = contacts
        .map((p) => byOrg.get(p.descendant_id) ?? [])
        .filter((rows) => rows.length > 0)
        .map((rows) => {
          const r = rows[0] as ExternalServiceRow;
          return {
            org: { code: r.code, name: r.org_name },
            notifiedAt: new Date(r.notified_at ?? now),
            exposures: rows.map(exposureFacts),
          };
        })
        .sort((a, b) => a.org.code.localeCompare(b.org.code));
      if (below.length === 0) continue;
      const rendered = renderExposureEscalation(
        { org: { code: c.code, name: c.org_name }, recipient: recipientOf(c), below },
        options.render,
      );
      messages.push({
        key: `ward:exposure-escalation:${c.code}:${c.id}:${stamp(now)}`,
        kind: 'exposure_escalation',
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
    const queued = await enqueueMessages(trx, messages, now);
    await markEscalated(
      trx,
      due.map((r) => ({ id: r.id, orgId: r.org_id })),
      now,
    );
    return queued;
  });
}
