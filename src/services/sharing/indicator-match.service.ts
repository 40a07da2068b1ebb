/**
 * Matching a new indicator against what Ward already holds: other producers' indicators of the
 * same value that the caller may see (linked at read time, under the caller's TLP rule), and the
 * federation's own registered ranges, domains and services seen from outside (kept in
 * `indicator_matches` and flagged to the organisation they belong to).
 *
 * The flag to an organisation says what is its own (its address, range, domain or service); the
 * indicator itself — value, marking, producer — is shown, in the notification and on its flags
 * view, only to those the TLP rule lets see it. An AMBER+STRICT or RED indicator naming a
 * practice's address thus reaches the practice as "an indicator shared in Ward names your address
 * 1.2.3.4", and nothing more.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/connect.js';
import { contactsOfOrgs } from '../../db/repositories/contact.repository.js';
import { enqueueMessages, type OutboxWrite } from '../../db/repositories/outbox.repository.js';
import { findIndicator, sameValue } from '../../db/repositories/sharing/indicator.repository.js';
import {
  addressMatchesInBulk,
  domainNamed,
  type FederationMatch,
  federationMatches,
  flagsOfOrgs,
  type HeldMatch,
  insertMatches,
  insertMatchesInBulk,
  registeredDomains,
} from '../../db/repositories/sharing/indicator-match.repository.js';
import { organisationReader, readerOf } from '../../db/repositories/sharing/reader.repository.js';
import type { DB } from '../../db/schema.js';
import type { SqlReader } from '../../db/tlp.js';
import type { Actor } from '../../domain/access/actor.js';
import { invalidFields } from '../../errors.js';
import type { RenderOptions } from '../../notifications/message.types.js';
import { type IndicatorFacts, renderMatchNotice } from '../../notifications/render-indicator-message.js';
import { requireOrgAccess } from '../access/access.service.js';
import { recipientOf } from '../alerts/message.service.js';

type Executor = Kysely<DB> | Transaction<DB>;

export interface IndicatorCheck {
  /** Other producers' indicators of the same value the reader may see. */
  alsoReportedBy: { id: string; producer: string; tlp: string }[];
  /** What the value names of the federation's own. */
  federation: FederationMatch[];
}

/** Checks a value against everything Ward holds (the measure the sharing benchmark times). */
export async function checkIndicator(
  db: Executor,
  reader: SqlReader,
  type: string,
  value: string,
  exceptId = '00000000-0000-0000-0000-000000000000',
): Promise<IndicatorCheck> {
  const [others, federation] = await Promise.all([
    sameValue(db, reader, type, value, exceptId),
    federationMatches(db, type, value),
  ]);
  return {
    alsoReportedBy: others.map((o) => ({ id: o.id, producer: o.producer_code, tlp: o.tlp })),
    federation,
  };
}

/**
 * Keeps an added indicator's federation matches (not the producer's own things) and queues, for
 * each organisation newly named, one message per contact: the indicator itself when the
 * organisation is in its audience, else only what is its own. Returns the matches kept.
 */
export async function flagMatches(
  trx: Transaction<DB>,
  indicator: IndicatorFacts,
  producerOrgId: string,
  matches: readonly FederationMatch[],
  now: Date,
  render: RenderOptions,
): Promise<FederationMatch[]> {
  const fresh = await insertMatches(
    trx,
    indicator.id,
    matches.filter((m) => m.orgId !== producerOrgId),
  );
  if (fresh.length === 0) return [];
  const byOrg = new Map<string, FederationMatch[]>();
  for (const m of fresh) byOrg.set(m.orgId, [...(byOrg.get(m.orgId) ?? []), m]);
  const notices: MatchNotice[] = [];
  for (const [orgId, mine] of byOrg) {
    const reader = await organisationReader(trx, orgId);
    const inAudience = (await findIndicator(trx, reader, indicator.id)) !== undefined;
    notices.push({ indicator, inAudience, matches: mine });
  }
  await enqueueMessages(trx as unknown as Kysely<DB>, await matchMessages(trx, notices, render), now);
  return fresh;
}

/** One organisation's matches of one indicator, and whether the organisation may see the indicator. */
interface MatchNotice {
  indicator: IndicatorFacts;
  inAudience: boolean;
  /** All of one organisation. */
  matches: readonly FederationMatch[];
}

/** The messages telling each organisation's contacts what an indicator names of its own. */
async function matchMessages(
  trx: Transaction<DB>,
  notices: readonly MatchNotice[],
  render: RenderOptions,
): Promise<OutboxWrite[]> {
  const contacts = await contactsOfOrgs(trx, [
    ...new Set(notices.map((n) => (n.matches[0] as FederationMatch).orgId)),
  ]);
  const byOrg = new Map<string, typeof contacts>();
  for (const c of contacts) byOrg.set(c.org_id, [...(byOrg.get(c.org_id) ?? []), c]);
  const messages: OutboxWrite[] = [];
  for (const { indicator, inAudience, matches } of notices) {
    const first = matches[0] as FederationMatch;
    for (const c of byOrg.get(first.orgId) ?? []) {
      const rendered = renderMatchNotice(
        {
          org: { code: first.code, name: first.name },
          recipient: recipientOf(c),
          matches: matches.map((m) => ({ kind: m.kind, detail: m.detail })),
          indicator: inAudience ? indicator : null,
        },
        render,
      );
      messages.push({
        key: `ward:indicator-match:${indicator.id}:${first.code}:${c.id}`,
        kind: 'indicator-match',
        channel: c.channel,
        recipient: c.email,
        recipientName: c.name,
        contactId: c.id,
        orgId: first.orgId,
        alertId: null,
        subject: rendered.subject,
        body: rendered.text,
        payload: rendered.payload,
      });
    }
  }
  return messages;
}

/**
 * Flags what indicators imported in bulk (STIX, TAXII) name of the federation's own, as adding one
 * does. Only values that can name something are looked up: an address inside a registered range
 * (services seen from outside lie in one too), any range, a domain, URL or e-mail address under a
 * registered domain — so a feed of a million hashes costs nothing here. Addresses, the bulk of
 * a feed, are matched and kept set-based; ranges and domains one by one.
 */
export async function flagImported(
  trx: Transaction<DB>,
  producer: { id: string; code: string; entityId: string },
  source: string,
  rows: readonly { type: string; value: string; tlp: string }[],
  now: Date,
  render: RenderOptions = { publicUrl: null },
): Promise<number> {
  const domains = await registeredDomains(trx);
  const underRegistered = (type: string, value: string) => {
    const domain = domainNamed(type, value);
    if (!domain || domains.size === 0) return false;
    const labels = domain.split('.');
    return labels.some((_, i) => domains.has(labels.slice(i).join('.')));
  };
  const fresh = await insertMatchesInBulk(
    trx,
    await addressMatchesInBulk(trx, { entityId: producer.entityId, orgId: producer.id }, source),
  );
  const groups = new Map<string, HeldMatch[]>();
  for (const m of fresh) {
    const key = `${m.indicatorId}|${m.orgId}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const notices = [...groups.values()].map((matches) => {
    const m = matches[0] as HeldMatch;
    return {
      indicator: {
        id: m.indicatorId,
        stixId: m.stixId,
        type: m.type,
        value: m.value,
        tlp: m.tlp,
        producer: producer.code,
      },
      // An import names no organisations or groups (its AMBER is the producer's alone, its RED the
      // importer's): only CLEAR and GREEN reach the organisation flagged.
      inAudience: m.tlp === 'CLEAR' || m.tlp === 'GREEN',
      matches,
    };
  });
  await enqueueMessages(trx as unknown as Kysely<DB>, await matchMessages(trx, notices, render), now);
  let flagged = fresh.length;

  for (const r of rows.filter((x) => x.type.endsWith('-cidr') || underRegistered(x.type, x.value))) {
    const matches = await federationMatches(trx, r.type, r.value);
    if (matches.length === 0) continue;
    const held = await trx
      .selectFrom('indicators')
      .select(['id', 'stix_id'])
      .where('producer_entity_id', '=', producer.entityId)
      .where('source', '=', source)
      .where('type', '=', r.type)
      .where('value', '=', r.value)
      .executeTakeFirst();
    if (!held) continue;
    const kept = await flagMatches(
      trx,
      {
        id: held.id,
        stixId: held.stix_id,
        type: r.type,
        value: r.value,
        tlp: r.tlp,
        producer: producer.code,
      },
      producer.id,
      matches,
      now,
      render,
    );
    flagged += kept.length;
  }
  return flagged;
}

/** A flag on an organisation's indicator view: what of its own an indicator names. */
export interface IndicatorFlag {
  org: string;
  kind: 'range' | 'domain' | 'service';
  /** The organisation's own thing: its address, range, domain, or `address:port`. */
  detail: string;
  flaggedAt: Date;
  /** The indicator, when the caller may see it; null: the marking keeps it from the caller. */
  indicator: (IndicatorFacts & { revoked: boolean }) | null;
}

/** The flags of one organisation (the caller reads it), newest first. */
export async function listIndicatorFlags(
  database: Database,
  actor: Actor,
  orgCode: string,
  options: { limit?: number } = {},
): Promise<IndicatorFlag[]> {
  const limit = options.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw invalidFields({ limit: 'give a whole number from 1 to 1000' });
  const org = await requireOrgAccess(database, actor, 'read', orgCode);
  const reader = await readerOf(database.db, actor);
  const rows = await flagsOfOrgs(database.db, reader, [org.id], { limit });
  return rows.map((r) => ({
    org: r.org_code,
    kind: r.kind,
    detail: r.detail,
    flaggedAt: r.created_at,
    indicator: r.visible
      ? {
          id: r.indicator_id,
          stixId: r.stix_id,
          type: r.type,
          value: r.value,
          tlp: r.tlp,
          producer: r.producer_code,
          revoked: r.revoked,
        }
      : null,
  }));
}
