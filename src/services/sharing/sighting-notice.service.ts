/**
 * Telling a producer that others saw its indicator, through the outbox and the contacts alerts use.
 * One message per indicator, contact and day (UTC): the outbox key carries the day, so the first
 * sighting of the day is told at once with every sighting so far, and the day's later clicks add
 * nothing to anyone's inbox (Ward shows them as they come). The producer may see which
 * organisations saw its indicator, so the message names them.
 */
import type { Kysely, Transaction } from 'kysely';
import { contactsOfOrgs } from '../../db/repositories/contact.repository.js';
import { enqueueMessages, type OutboxWrite } from '../../db/repositories/outbox.repository.js';
import { sightingsOf } from '../../db/repositories/sharing/indicator.repository.js';
import type { DB } from '../../db/schema.js';
import type { RenderOptions } from '../../notifications/message.types.js';
import { type IndicatorFacts, renderSightingNotice } from '../../notifications/render-indicator-message.js';
import { recipientOf } from '../alerts/message.service.js';

/** Queues the day's sighting notice to the producer's contacts (once per indicator, contact and day). */
export async function queueSightingNotice(
  trx: Transaction<DB>,
  indicator: IndicatorFacts,
  producer: { id: string; code: string; name: string },
  now: Date,
  render: RenderOptions,
): Promise<number> {
  const contacts = await contactsOfOrgs(trx, [producer.id]);
  if (contacts.length === 0) return 0;
  const sightings = (await sightingsOf(trx, indicator.id)).map((s) => ({
    code: s.code,
    name: s.name,
    count: s.count,
    lastSeen: s.last_seen,
  }));
  const day = now.toISOString().slice(0, 10);
  const messages: OutboxWrite[] = contacts.map((c) => {
    const rendered = renderSightingNotice(
      { org: { code: producer.code, name: producer.name }, recipient: recipientOf(c), indicator, sightings },
      render,
    );
    return {
      key: `ward:indicator-sighted:${indicator.id}:${c.id}:${day}`,
      kind: 'indicator-sighted',
      channel: c.channel,
      recipient: c.email,
      recipientName: c.name,
      contactId: c.id,
      orgId: producer.id,
      alertId: null,
      subject: rendered.subject,
      body: rendered.text,
      payload: rendered.payload,
    };
  });
  return enqueueMessages(trx as unknown as Kysely<DB>, messages, now);
}
