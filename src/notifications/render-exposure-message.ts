/**
 * Messages about services seen from the internet, in plain English for someone with no security
 * staff: what is exposed (address, port, service), why it matters, what to do. Pure: facts in, text
 * and a JSON payload out.
 */
import type { OrgRef, Recipient, RenderedMessage, RenderOptions } from './message.types.js';
import { bullets, plural, whenUk } from './plain-english.js';

/** One exposed service as a message tells it. */
export interface ExposureFacts {
  address: string;
  port: number;
  protocol: string;
  kind: string;
  /** The service as people name it (`Remote Desktop (RDP)`), or the banner's product. */
  name: string;
  severity: string;
  why: string | null;
  whatToDo: string | null;
  product: string | null;
  version: string | null;
  source: string;
  firstSeen: Date;
  lastSeen: Date;
  /** Seen again after it had been closed. */
  reopened: boolean;
}

const SIGNATURE = ['—', 'Ward, for the national cyber security centre'];

function link(org: OrgRef, options: RenderOptions): string | null {
  return options.publicUrl
    ? `${options.publicUrl.replace(/\/+$/, '')}/external?org=${encodeURIComponent(org.code)}`
    : null;
}

function line(e: ExposureFacts): string {
  const banner = e.product ? ` — ${[e.product, e.version].filter(Boolean).join(' ')}` : '';
  const again = e.reopened ? ' (seen again after it had been closed)' : '';
  return `${e.address} port ${e.port}/${e.protocol}: ${e.name}${banner} [${e.severity.toUpperCase()}], seen by ${e.source} ${whenUk(e.lastSeen)}${again}`;
}

function payloadExposure(e: ExposureFacts) {
  return { ...e, firstSeen: e.firstSeen.toISOString(), lastSeen: e.lastSeen.toISOString() };
}

/** Distinct why/what-to-do pairs, in the order of the exposures. */
function advice(exposures: readonly ExposureFacts[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of exposures) {
    if (seen.has(e.kind)) continue;
    seen.add(e.kind);
    lines.push(`${e.name}:`);
    if (e.why) lines.push(`  Why it matters: ${e.why}`);
    if (e.whatToDo) lines.push(`  What to do: ${e.whatToDo}`);
  }
  return lines;
}

export interface ExposureNoticeInput {
  org: OrgRef;
  recipient: Recipient;
  exposures: readonly ExposureFacts[];
}

/** To an organisation: services of theirs reachable from the internet that should not be. */
export function renderExposureNotice(input: ExposureNoticeInput, options: RenderOptions): RenderedMessage {
  const { org, recipient, exposures } = input;
  const n = exposures.length;
  const worst = exposures[0] as ExposureFacts;
  const subject =
    n === 1
      ? `Act now: ${worst.name} at ${worst.address} is reachable from the internet (${org.name})`
      : `Act now: ${plural(n, 'service')} of ${org.name} reachable from the internet`;
  const url = link(org, options);
  const text = [
    `Hello ${recipient.name},`,
    '',
    'WHAT IS EXPOSED',
    `An external scan of the internet found ${n === 1 ? 'this service' : `these ${n} services`} of ${org.name} (${org.code}) open to anyone:`,
    ...bullets(exposures.map(line), n, 50),
    '',
    'WHY IT MATTERS AND WHAT TO DO',
    ...advice(exposures),
    '',
    'If an address is not yours, or the service is meant to be public and protected, tell the national centre so the record can be corrected.',
    `See them all: ward external list --org ${org.code}`,
    ...(url ? [`Or open ${url}`] : []),
    '',
    ...SIGNATURE,
  ].join('\n');
  return {
    subject,
    text,
    payload: {
      type: 'exposure.opened',
      organisation: org,
      recipient: { name: recipient.name, email: recipient.email, role: recipient.role },
      exposures: exposures.map(payloadExposure),
    },
  };
}

export interface ExposureEscalationInput {
  /** The contact's own organisation (a parent of those listed). */
  org: OrgRef;
  recipient: Recipient;
  /** Organisations under it with exposures still open since they were told. */
  below: readonly { org: OrgRef; notifiedAt: Date; exposures: readonly ExposureFacts[] }[];
}

/** To a parent organisation's contact: exposures below it still open after their owners were told. */
export function renderExposureEscalation(
  input: ExposureEscalationInput,
  options: RenderOptions,
): RenderedMessage {
  const { org, recipient, below } = input;
  const n = below.length;
  const subject = `Still exposed: ${plural(n, 'organisation')} under ${org.name} ${n === 1 ? 'has' : 'have'} critical services open to the internet`;
  const url = link(org, options);
  const text = [
    `Hello ${recipient.name},`,
    '',
    `${plural(n, 'organisation')} under ${org.name} (${org.code}) still ${n === 1 ? 'has' : 'have'} services open to the internet after being told:`,
    ...below.flatMap((b) => [
      `${b.org.name} (${b.org.code}), told ${whenUk(b.notifiedAt)}:`,
      ...bullets(b.exposures.map(line), b.exposures.length, 10).map((l) => `  ${l}`),
    ]),
    '',
    'WHY IT MATTERS AND WHAT TO DO',
    ...advice(below.flatMap((b) => b.exposures)),
    '',
    'Please contact them today and help them close these services at their firewall.',
    `Your area: ward external summary --org ${org.code}`,
    ...(url ? [`Or open ${url}`] : []),
    '',
    ...SIGNATURE,
  ].join('\n');
  return {
    subject,
    text,
    payload: {
      type: 'exposure.escalation',
      organisation: org,
      recipient: { name: recipient.name, email: recipient.email, role: recipient.role },
      below: below.map((b) => ({
        organisation: b.org,
        notifiedAt: b.notifiedAt.toISOString(),
        exposures: b.exposures.map(payloadExposure),
      })),
    },
  };
}
