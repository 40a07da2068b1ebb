/**
 * Alert messages in plain English for someone with no security staff: what is happening, which
 * of their devices, what to do, by when, and how to respond. Pure: facts in, text and a JSON
 * payload out.
 */
import { STATE_LABELS, type TargetState } from '../domain/alerts/target-state.js';
import type {
  AlertFacts,
  CveNote,
  OrgRef,
  Recipient,
  RenderedMessage,
  RenderOptions,
  TargetFacts,
} from './message.types.js';
import { bullets, duration, plural, whenUk } from './plain-english.js';

export type NoticeKind = 'issued' | 'updated' | 'reminder' | 'withdrawn';

export interface NoticeInput {
  kind: NoticeKind;
  alert: AlertFacts;
  cves: readonly CveNote[];
  org: OrgRef;
  target: TargetFacts;
  recipient: Recipient;
  /** For `updated`: what changed, and the analyst's note. */
  changes?: readonly string[];
  note?: string | null;
  /** For `withdrawn`. */
  withdrawnReason?: string | null;
}

const SIGNATURE = ['—', 'Ward, for the national cyber security centre'];

function tag(alert: AlertFacts): string {
  return `${alert.reference} (${alert.severity.toUpperCase()})`;
}

function alertLink(alert: AlertFacts, options: RenderOptions): string | null {
  return options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/alerts/${alert.reference}` : null;
}

function whatSection(alert: AlertFacts, cves: readonly CveNote[]): string[] {
  const lines = ['WHAT IS HAPPENING', alert.title];
  for (const c of cves) {
    const exploited = c.knownExploited ? ' Attackers are known to be using it now.' : '';
    lines.push(`It concerns ${c.id}, a security flaw.${exploited}${c.summary ? ` ${c.summary}` : ''}`);
  }
  if (alert.advisoryId) lines.push(`Source advisory: ${alert.advisoryId}.`);
  return lines;
}

function devicesSection(alert: AlertFacts, org: OrgRef, target: TargetFacts): string[] {
  const lines = ['WHICH OF YOUR DEVICES'];
  if (target.assetCount === 0) {
    lines.push(
      'Ward has no record of your devices being affected. Please check whether you use the affected software; ' +
        'if you do not, tell us the alert does not apply (see below).',
    );
    return lines;
  }
  lines.push(
    `Ward's record of your IT equipment shows ${plural(target.assetCount, 'device')} affected:`,
    ...bullets(
      target.assets,
      target.assetCount,
      10,
      ` (full list: ward exposure list --org ${org.code} --cve ${alert.cves[0] ?? ''})`,
    ),
  );
  return lines;
}

function byWhenSection(alert: AlertFacts, target: TargetFacts): string[] {
  return [
    'BY WHEN',
    `Please acknowledge this alert by ${whenUk(target.ackDueAt)} (within ${duration(alert.ackHours)} of it reaching you).`,
    'Then send an update on your progress at least every 3 days until it is resolved.',
  ];
}

function howSection(alert: AlertFacts, org: OrgRef, options: RenderOptions): string[] {
  const cmd = `ward alert respond ${alert.reference} --org ${org.code} --status`;
  const link = alertLink(alert, options);
  return [
    'HOW TO RESPOND',
    'You, your IT supplier or your ICB’s cyber security team can record your answer in Ward:',
    `  Seen it:         ${cmd} acknowledged`,
    `  Working on it:   ${cmd} in_progress --note "what you have done so far"`,
    `  Done:            ${cmd} resolved`,
    `  Does not apply:  ${cmd} not_applicable --reason "why"`,
    ...(link ? [`Or open ${link}`] : []),
    'If you are not sure what to do, contact your IT supplier or your ICB’s cyber security lead today.',
  ];
}

function payloadOf(type: string, input: NoticeInput): Record<string, unknown> {
  return {
    type,
    alert: { ...input.alert, cves: [...input.alert.cves] },
    organisation: input.org,
    recipient: { name: input.recipient.name, email: input.recipient.email, role: input.recipient.role },
    devices: { count: input.target.assetCount, list: [...input.target.assets] },
    ackDueAt: input.target.ackDueAt.toISOString(),
    state: input.target.state,
  };
}

/** The message to one contact of one target organisation: a new alert, a change, a reminder, a withdrawal. */
export function renderAlertNotice(input: NoticeInput, options: RenderOptions): RenderedMessage {
  const { alert, org, target, recipient } = input;
  const hello = [`Hello ${recipient.name},`, ''];
  let subject: string;
  let opening: string[];
  if (input.kind === 'withdrawn') {
    subject = `Withdrawn: ${tag(alert)} ${alert.title}`;
    const text = [
      ...hello,
      `The national cyber security alert ${alert.reference} for ${org.name} (${org.code}) has been withdrawn.`,
      ...(input.withdrawnReason ? [`Reason: ${input.withdrawnReason}`] : []),
      '',
      'You do not need to do anything more for this alert.',
      '',
      ...SIGNATURE,
    ].join('\n');
    return { subject, text, payload: payloadOf('alert.withdrawn', input) };
  }
  if (input.kind === 'reminder') {
    subject = `Reminder: 24 hours left to acknowledge ${tag(alert)} ${alert.title}`;
    opening = [
      `We have not yet had an acknowledgement from ${org.name} (${org.code}) for national cyber security alert ` +
        `${alert.reference}. It is due by ${whenUk(target.ackDueAt)}.`,
    ];
  } else if (input.kind === 'updated') {
    subject = `Updated: ${tag(alert)} ${alert.title} (version ${alert.version})`;
    opening = [
      `The national cyber security alert ${alert.reference} for ${org.name} (${org.code}) has changed (version ${alert.version}):`,
      ...(input.changes ?? []).map((c) => `  - ${c}`),
      ...(input.note ? [`Note from the national centre: ${input.note}`] : []),
    ];
  } else {
    subject = `Action needed by ${whenUk(target.ackDueAt).replace(/ at .*$/, '')}: ${tag(alert)} ${alert.title}`;
    opening = [
      `This is a national cyber security alert for ${org.name} (${org.code}).`,
      `Reference: ${alert.reference}. Severity: ${alert.severity}.`,
    ];
  }
  const text = [
    ...hello,
    ...opening,
    '',
    ...whatSection(alert, input.cves),
    '',
    ...devicesSection(alert, org, target),
    '',
    'WHAT TO DO',
    alert.action,
    '',
    ...byWhenSection(alert, target),
    '',
    ...howSection(alert, org, options),
    '',
    ...SIGNATURE,
  ].join('\n');
  return { subject, text, payload: payloadOf(`alert.${input.kind}`, input) };
}

export interface OverdueOrg {
  code: string;
  name: string;
  ackDueAt: Date;
  assetCount: number;
}

export interface EscalationInput {
  alert: AlertFacts;
  /** The organisation the recipient speaks for (an ICB, a region, a trust). */
  org: OrgRef;
  recipient: Recipient;
  overdue: readonly OverdueOrg[];
}

/** To a parent organisation's contact: organisations under it have not acknowledged in time. */
export function renderEscalation(input: EscalationInput, options: RenderOptions): RenderedMessage {
  const { alert, org, recipient, overdue } = input;
  const n = overdue.length;
  const subject = `Overdue: ${plural(n, 'organisation')} under ${org.name} ${n === 1 ? 'has' : 'have'} not acknowledged ${tag(alert)} ${alert.title}`;
  const link = alertLink(alert, options);
  const text = [
    `Hello ${recipient.name},`,
    '',
    `${plural(n, 'organisation')} under ${org.name} (${org.code}) did not acknowledge national cyber security alert ` +
      `${alert.reference} in time:`,
    ...bullets(
      overdue.map(
        (o) =>
          `${o.name} (${o.code}): was due ${whenUk(o.ackDueAt)}; ${plural(o.assetCount, 'device')} known to be affected`,
      ),
      n,
      50,
    ),
    '',
    'WHAT THE ALERT ASKS',
    alert.title,
    alert.action,
    '',
    'WHAT TO DO NOW',
    'Please contact them today. If you support them, you can record their answer for all of them at once:',
    `  ward alert respond ${alert.reference} --under ${org.code} --status acknowledged --note "acknowledged on their behalf"`,
    `Progress for your area: ward alert status ${alert.reference}`,
    ...(link ? [`Or open ${link}`] : []),
    '',
    ...SIGNATURE,
  ].join('\n');
  return {
    subject,
    text,
    payload: {
      type: 'alert.escalation',
      alert: { ...alert, cves: [...alert.cves] },
      organisation: org,
      recipient: { name: recipient.name, email: recipient.email, role: recipient.role },
      overdue: overdue.map((o) => ({ ...o, ackDueAt: o.ackDueAt.toISOString() })),
    },
  };
}

export interface ResponseReceiptInput {
  alert: AlertFacts;
  org: OrgRef;
  recipient: Recipient;
  from: TargetState;
  to: TargetState;
  actor: string;
  note: string | null;
  reason: string | null;
  nextUpdateDueAt: Date | null;
}

/** To the organisation's contacts: a response was recorded for it (perhaps by its ICB, on its behalf). */
export function renderResponseReceipt(input: ResponseReceiptInput): RenderedMessage {
  const { alert, org, recipient } = input;
  const subject = `Recorded: ${alert.reference} is now "${STATE_LABELS[input.to]}" for ${org.name}`;
  const text = [
    `Hello ${recipient.name},`,
    '',
    `${org.name} (${org.code})'s answer to national cyber security alert ${alert.reference} (${alert.title}) ` +
      `changed from "${STATE_LABELS[input.from]}" to "${STATE_LABELS[input.to]}", recorded by ${input.actor}.`,
    ...(input.note ? [`Note: ${input.note}`] : []),
    ...(input.reason ? [`Reason: ${input.reason}`] : []),
    ...(input.nextUpdateDueAt
      ? [`The next progress update is due by ${whenUk(input.nextUpdateDueAt)}.`]
      : []),
    '',
    'If this is not right, tell your IT supplier or your ICB’s cyber security lead.',
    '',
    ...SIGNATURE,
  ].join('\n');
  return {
    subject,
    text,
    payload: {
      type: 'alert.response',
      alert: { reference: alert.reference, title: alert.title, severity: alert.severity },
      organisation: org,
      from: input.from,
      to: input.to,
      actor: input.actor,
      note: input.note,
      reason: input.reason,
      nextUpdateDueAt: input.nextUpdateDueAt?.toISOString() ?? null,
    },
  };
}

export interface DigestItem {
  alert: AlertFacts;
  cves: readonly CveNote[];
  target: TargetFacts;
  nextUpdateDueAt: Date | null;
  /** Became a target in the last day: the full notice is included. */
  isNew: boolean;
  overdue: boolean;
  updateDue: boolean;
}

export interface DigestInput {
  day: string;
  org: OrgRef;
  recipient: Recipient;
  items: readonly DigestItem[];
  /** Open alerts of the organisations below this one (for an ICB or region). */
  below: readonly { reference: string; title: string; open: number; overdue: number }[];
}

/** The daily digest: every open alert for the organisation, new ones in full, and its area's progress. */
export function renderDigest(input: DigestInput, options: RenderOptions): RenderedMessage {
  const { org, recipient, items } = input;
  const fresh = items.filter((i) => i.isNew).length;
  const subject = `Ward daily digest for ${org.name}: ${plural(items.length, 'open alert')}${fresh ? ` (${fresh} new)` : ''}`;
  const lines = [
    `Hello ${recipient.name},`,
    '',
    `Your national cyber security alerts for ${org.name} (${org.code}), ${input.day}.`,
  ];
  for (const item of items) {
    const { alert, target } = item;
    lines.push('', `${item.isNew ? 'NEW: ' : ''}${tag(alert)} ${alert.title}`);
    const status = item.overdue
      ? `OVERDUE: acknowledgement was due ${whenUk(target.ackDueAt)}`
      : target.state === 'awaiting_ack'
        ? `Please acknowledge by ${whenUk(target.ackDueAt)}`
        : `Status: ${STATE_LABELS[target.state as TargetState] ?? target.state}${
            item.nextUpdateDueAt
              ? `; ${item.updateDue ? 'an update was due' : 'next update due'} ${whenUk(item.nextUpdateDueAt)}`
              : ''
          }`;
    lines.push(status);
    if (item.isNew) {
      lines.push(
        '',
        ...whatSection(alert, item.cves),
        '',
        ...devicesSection(alert, org, target),
        '',
        'WHAT TO DO',
        alert.action,
        '',
        ...howSection(alert, org, options),
      );
    } else {
      lines.push(`What to do: ${alert.action}`);
      if (target.assetCount > 0) lines.push(`Devices affected: ${target.assetCount}`);
    }
  }
  if (input.below.length > 0) {
    lines.push('', 'ORGANISATIONS UNDER YOU');
    for (const b of input.below)
      lines.push(`  ${b.reference} ${b.title}: ${b.open} still open, ${b.overdue} overdue`);
  }
  lines.push('', ...SIGNATURE);
  const text = lines.join('\n');
  return {
    subject,
    text,
    payload: {
      type: 'digest',
      day: input.day,
      organisation: org,
      recipient: { name: recipient.name, email: recipient.email, role: recipient.role },
      alerts: items.map((i) => ({
        reference: i.alert.reference,
        title: i.alert.title,
        severity: i.alert.severity,
        state: i.target.state,
        ackDueAt: i.target.ackDueAt.toISOString(),
        overdue: i.overdue,
        isNew: i.isNew,
      })),
      below: input.below,
    },
  };
}
