/**
 * The time-driven messages, queued from the clock: the reminder 24 hours before an
 * acknowledgement is due, the escalation to parent organisations (trust, ICB, region) once it is
 * overdue, and each digest contact's daily digest. Each runs in its own transaction and records
 * what it queued, so a pass can run as often as wanted without sending anything twice.
 */
import type { Database } from '../../db/connect.js';
import { findAlertByReference } from '../../db/repositories/alert.repository.js';
import {
  type DueTargetRow,
  markTargetsNotified,
  openTargetsBelow,
  openTargetsOfOrgs,
  targetsDueEscalation,
  targetsDueReminder,
} from '../../db/repositories/alert-target.repository.js';
import { ancestorContacts, digestContactsWithout } from '../../db/repositories/contact.repository.js';
import { enqueueMessages, type OutboxWrite } from '../../db/repositories/outbox.repository.js';
import { DAY_MS } from '../../domain/alerts/clock.js';
import { DEFAULT_DIGEST_TIME_ZONE, digestDayDue } from '../../domain/alerts/digest-time.js';
import { isOverdue, isReminderDue, isUpdateDue, type TargetState } from '../../domain/alerts/target-state.js';
import type { CveNote, RenderOptions } from '../../notifications/message.types.js';
import { type DigestItem, renderDigest, renderEscalation } from '../../notifications/render-alert-message.js';
import {
  alertFacts,
  loadCveNotes,
  noticeTarget,
  queueTargetNotices,
  recipientOf,
} from './message.service.js';

/** Became a target within the last day (and not in the clock's future). */
function isRecent(targetedAt: Date, now: Date): boolean {
  const age = now.getTime() - targetedAt.getTime();
  return age >= 0 && age < DAY_MS;
}

export interface ScheduleOptions {
  render: RenderOptions;
  /** Hour of the local day from which the day's digest goes out… */
  digestHour: number;
  /** …in this IANA time zone (Europe/London when absent). */
  digestTimeZone?: string;
  /** At most this many targets or contacts per kind per pass (the next pass takes the rest). */
  batch?: number;
}

/** Targets (or contacts) handled per transaction, and transactions per kind per pass. */
const BATCH = 5000;
const MAX_ROUNDS = 20;

interface Batch {
  /** Rows the query returned (a full batch means there may be more). */
  found: number;
  messages: number;
}

export interface ScheduleResult {
  reminders: number;
  escalations: number;
  digests: number;
}

function byAlert<T extends { alert_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.alert_id) ?? [];
    list.push(r);
    out.set(r.alert_id, list);
  }
  return out;
}

async function alertsById(trx: Database['db'], rows: readonly DueTargetRow[]) {
  const refs = [...new Set(rows.map((r) => r.reference))];
  const alerts = new Map<string, NonNullable<Awaited<ReturnType<typeof findAlertByReference>>>>();
  for (const ref of refs) {
    const a = await findAlertByReference(trx, ref);
    if (a) alerts.set(a.id, a);
  }
  return alerts;
}

/** Reminders for targets inside their last 24 hours; every contact hears (the deadline is near). */
async function queueReminders(database: Database, now: Date, o: ScheduleOptions): Promise<Batch> {
  return database.db.transaction().execute(async (trx) => {
    const found = await targetsDueReminder(trx, now, o.batch ?? BATCH);
    const due = found.filter((t) =>
      isReminderDue(
        {
          state: t.state as TargetState,
          targetedAt: new Date(t.targeted_at),
          ackDueAt: new Date(t.ack_due_at),
        },
        now,
      ),
    );
    if (due.length === 0) return { found: found.length, messages: 0 };
    const alerts = await alertsById(trx, due);
    let queued = 0;
    for (const [alertId, targets] of byAlert(due)) {
      queued += await queueTargetNotices(trx, {
        kind: 'reminder',
        alert: alerts.get(alertId) as NonNullable<ReturnType<typeof alerts.get>>,
        targets: targets.map(noticeTarget),
        now,
        render: o.render,
        everyone: true,
      });
    }
    await markTargetsNotified(
      trx,
      'reminded_at',
      due.map((t) => ({ alertId: t.alert_id, orgId: t.org_id })),
      now,
    );
    return { found: found.length, messages: queued };
  });
}

/**
 * Escalations: per alert and per contact of an ancestor (below the national root), one message
 * listing every organisation under it that has become overdue since the last pass.
 */
async function queueEscalations(database: Database, now: Date, o: ScheduleOptions): Promise<Batch> {
  return database.db.transaction().execute(async (trx) => {
    const found = await targetsDueEscalation(trx, now, o.batch ?? BATCH);
    const due = found.filter((t) =>
      isOverdue({ state: t.state as TargetState, ackDueAt: new Date(t.ack_due_at) }, now),
    );
    if (due.length === 0) return { found: found.length, messages: 0 };
    const alerts = await alertsById(trx, due);
    const parents = await ancestorContacts(trx, [...new Set(due.map((t) => t.org_id))]);
    const messages: OutboxWrite[] = [];
    for (const [alertId, targets] of byAlert(due)) {
      const alert = alerts.get(alertId);
      if (!alert) continue;
      const overdueOf = new Map(targets.map((t) => [t.org_id, t]));
      const perContact = new Map<string, { contact: (typeof parents)[number]; orgs: DueTargetRow[] }>();
      for (const p of parents) {
        const t = overdueOf.get(p.descendant_id);
        if (!t) continue;
        const entry = perContact.get(p.id) ?? { contact: p, orgs: [] };
        entry.orgs.push(t);
        perContact.set(p.id, entry);
      }
      for (const { contact, orgs } of perContact.values()) {
        const rendered = renderEscalation(
          {
            alert: alertFacts(alert),
            org: { code: contact.code, name: contact.org_name },
            recipient: recipientOf(contact),
            overdue: orgs
              .sort((a, b) => a.code.localeCompare(b.code))
              .map((t) => ({
                code: t.code,
                name: t.name,
                ackDueAt: new Date(t.ack_due_at),
                assetCount: t.asset_count,
              })),
          },
          o.render,
        );
        messages.push({
          // One pass may take several batches: the first organisation tells this batch's message apart.
          key: `ward:escalation:${alert.reference}:${contact.code}:${contact.id}:${now.toISOString()}:${orgs[0]?.code}`,
          kind: 'escalation',
          channel: contact.channel,
          recipient: contact.email,
          recipientName: contact.name,
          contactId: contact.id,
          orgId: contact.org_id,
          alertId: alert.id,
          subject: rendered.subject,
          body: rendered.text,
          payload: rendered.payload,
        });
      }
    }
    const queued = await enqueueMessages(trx, messages, now);
    await markTargetsNotified(
      trx,
      'escalated_at',
      due.map((t) => ({ alertId: t.alert_id, orgId: t.org_id })),
      now,
    );
    return { found: found.length, messages: queued };
  });
}

/**
 * The day's digest for each digest contact, once the local digest hour has come (skipped when nothing
 * is open); the day is the local date.
 */
async function queueDigests(database: Database, now: Date, o: ScheduleOptions): Promise<number> {
  const day = digestDayDue(now, {
    hour: o.digestHour,
    timeZone: o.digestTimeZone ?? DEFAULT_DIGEST_TIME_ZONE,
  });
  if (day === null) return 0;
  return database.db.transaction().execute(async (trx) => {
    const contacts = await digestContactsWithout(trx, day, o.batch ?? BATCH);
    if (contacts.length === 0) return 0;
    const orgIds = [...new Set(contacts.map((c) => c.org_id))];
    const [open, below] = await Promise.all([
      openTargetsOfOrgs(trx, orgIds),
      openTargetsBelow(trx, orgIds, now),
    ]);
    const notes = new Map<string, CveNote>();
    for (const n of await loadCveNotes(trx, [...new Set(open.flatMap((t) => t.cves))])) notes.set(n.id, n);
    const messages: OutboxWrite[] = [];
    for (const c of contacts) {
      const mine = open.filter((t) => t.org_id === c.org_id);
      const area = below.filter((b) => b.ancestor_id === c.org_id);
      if (mine.length === 0 && area.length === 0) continue;
      const items: DigestItem[] = mine.map((t) => {
        const timing = {
          state: t.state as TargetState,
          ackDueAt: new Date(t.ack_due_at),
          nextUpdateDueAt: t.next_update_due_at ? new Date(t.next_update_due_at) : null,
        };
        return {
          alert: {
            reference: t.reference,
            title: t.title,
            severity: t.severity,
            action: t.action,
            cves: t.cves,
            version: 0,
            ackHours: Math.round((timing.ackDueAt.getTime() - new Date(t.targeted_at).getTime()) / 3_600_000),
            advisoryId: null,
          },
          cves: t.cves.map(
            (id) => notes.get(id) ?? { id, summary: null, knownExploited: false, cvssScore: null },
          ),
          target: { assetCount: t.asset_count, assets: t.assets, ackDueAt: timing.ackDueAt, state: t.state },
          nextUpdateDueAt: timing.nextUpdateDueAt,
          isNew: isRecent(new Date(t.targeted_at), now),
          overdue: isOverdue(timing, now),
          updateDue: isUpdateDue(timing, now),
        };
      });
      const rendered = renderDigest(
        {
          day,
          org: { code: c.code, name: c.org_name },
          recipient: recipientOf(c),
          items,
          below: area.map((b) => ({
            reference: b.reference,
            title: b.title,
            open: b.open,
            overdue: b.overdue,
          })),
        },
        o.render,
      );
      messages.push({
        key: `ward:digest:${day}:${c.id}`,
        kind: 'digest',
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
    return enqueueMessages(trx, messages, now);
  });
}

/** Queues every reminder, escalation and digest due at the clock's now. */
export async function queueScheduledNotifications(
  database: Database,
  now: Date,
  options: ScheduleOptions,
): Promise<ScheduleResult> {
  const batch = options.batch ?? BATCH;
  const drain = async (step: () => Promise<Batch>) => {
    let messages = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const r = await step();
      messages += r.messages;
      if (r.found < batch) break;
    }
    return messages;
  };
  const reminders = await drain(() => queueReminders(database, now, options));
  const escalations = await drain(() => queueEscalations(database, now, options));
  const digests = await queueDigests(database, now, options);
  return { reminders, escalations, digests };
}
