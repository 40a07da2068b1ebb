/**
 * Messages about shared indicators: to a producer, that other organisations saw one of its
 * indicators; to an organisation, that an indicator shared in Ward names an address, range, domain
 * or service of its own. Pure: facts in, text and a JSON payload out. A flag to an organisation
 * outside the indicator's audience says only what is its own (its address), never the indicator.
 */
import type { OrgRef, Recipient, RenderedMessage, RenderOptions } from './message.types.js';
import { bullets, plural, whenUk } from './plain-english.js';

const SIGNATURE = ['—', 'Ward, for the national cyber security centre'];

/** An indicator as a message names it (only to those who may see it). */
export interface IndicatorFacts {
  id: string;
  stixId: string;
  type: string;
  value: string;
  tlp: string;
  producer: string;
}

function link(path: string, options: RenderOptions): string | null {
  return options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}${path}` : null;
}

export interface SightingNoticeInput {
  org: OrgRef;
  recipient: Recipient;
  indicator: IndicatorFacts;
  /** Every organisation's sighting so far (the producer may see which). */
  sightings: readonly { code: string; name: string; count: number; lastSeen: Date }[];
}

/**
 * To the producer's contacts: organisations saw one of its indicators too. A TLP:RED indicator is
 * for the people named, not for an organisation's contacts: its notice says only that one was
 * sighted, and where to read it.
 */
export function renderSightingNotice(input: SightingNoticeInput, options: RenderOptions): RenderedMessage {
  const { org, recipient, indicator: i, sightings } = input;
  const n = sightings.length;
  const url = link(`/indicators/${i.id}`, options);
  if (i.tlp === 'RED')
    return {
      subject: `Seen by ${plural(n, 'organisation')}: a TLP:RED indicator of ${org.name}`,
      text: [
        `Hello ${recipient.name},`,
        '',
        `${plural(n, 'organisation')} of the federation ${n === 1 ? 'has' : 'have'} seen an indicator ${org.name} (${org.code}) shared as TLP:RED.`,
        'TLP:RED is for the people named only, so this message does not say what it is: those named can read it in Ward.',
        `See it: ward indicator show ${i.stixId}`,
        ...(url ? [`Or open ${url}`] : []),
        '',
        ...SIGNATURE,
      ].join('\n'),
      payload: {
        type: 'indicator.sighted',
        organisation: org,
        recipient: { name: recipient.name, email: recipient.email, role: recipient.role },
        indicator: { id: i.id, stixId: i.stixId, tlp: i.tlp },
        organisations: n,
      },
    };
  const text = [
    `Hello ${recipient.name},`,
    '',
    `${plural(n, 'organisation')} of the federation ${n === 1 ? 'has' : 'have'} seen this indicator that ${org.name} (${org.code}) shared as TLP:${i.tlp}:`,
    `  ${i.type} ${i.value}`,
    '',
    'WHO SAW IT',
    ...bullets(
      sightings.map((s) => `${s.name} (${s.code}): ${plural(s.count, 'time')}, last ${whenUk(s.lastSeen)}`),
      n,
      30,
    ),
    '',
    'You hear of new sightings of one indicator at most once a day; Ward shows them all as they come.',
    `See it: ward indicator show ${i.stixId}`,
    ...(url ? [`Or open ${url}`] : []),
    '',
    ...SIGNATURE,
  ].join('\n');
  return {
    subject: `Seen by ${plural(n, 'organisation')}: your TLP:${i.tlp} indicator ${i.value}`,
    text,
    payload: {
      type: 'indicator.sighted',
      organisation: org,
      recipient: { name: recipient.name, email: recipient.email, role: recipient.role },
      indicator: i,
      sightings: sightings.map((s) => ({ ...s, lastSeen: s.lastSeen.toISOString() })),
    },
  };
}

export interface MatchNoticeInput {
  org: OrgRef;
  recipient: Recipient;
  /** What of the organisation's own the indicator names. */
  matches: readonly { kind: 'range' | 'domain' | 'service'; detail: string }[];
  /** The indicator, when the organisation is in its audience; null: say only what is its own. */
  indicator: IndicatorFacts | null;
}

const OWN: Record<'range' | 'domain' | 'service', string> = {
  range: 'your address',
  domain: 'your domain',
  service: 'your internet-facing service at',
};

/** To an organisation's contacts: an indicator shared in Ward names something of its own. */
export function renderMatchNotice(input: MatchNoticeInput, options: RenderOptions): RenderedMessage {
  const { org, recipient, matches, indicator: i } = input;
  const named = matches.map((m) => `${OWN[m.kind]} ${m.detail}`);
  const url = link(`/indicators?flags=${encodeURIComponent(org.code)}`, options);
  const text = [
    `Hello ${recipient.name},`,
    '',
    `An indicator of compromise shared in Ward names ${named.length === 1 ? named[0] : 'these of yours'} (${org.name}, ${org.code}).`,
    ...(named.length > 1 ? bullets(named, named.length, 20) : []),
    ...(i
      ? ['', `The indicator (TLP:${i.tlp}, shared by ${i.producer}): ${i.type} ${i.value}`]
      : [
          '',
          'The indicator itself is shared under a marking that does not include your organisation, so Ward tells you only what is yours.',
        ]),
    '',
    'WHAT TO DO',
    'Your address may be a victim rather than an attacker: check the system behind it for signs of compromise, and tell the national centre what you find.',
    `See your flags: ward indicator flags --org ${org.code}`,
    ...(url ? [`Or open ${url}`] : []),
    '',
    ...SIGNATURE,
  ].join('\n');
  return {
    subject: `An indicator shared in Ward names ${named[0]}${named.length > 1 ? ` and ${named.length - 1} more` : ''}`,
    text,
    payload: {
      type: 'indicator.names-yours',
      organisation: org,
      recipient: { name: recipient.name, email: recipient.email, role: recipient.role },
      matches,
      indicator: i,
    },
  };
}
