/**
 * Twelve weeks of alert history for the demo: one national alert a week on real flaws the demo
 * federation is exposed to, and each target's answer — most acknowledged in time, some late, some
 * never (overdue now), many later resolved or ruled not applicable. Everything goes through the
 * ordinary alert services with the clock set to when it happened, so the history is what Ward would
 * have recorded; the answers are drawn from a seeded generator, so the same `now` gives the same
 * history.
 */

import type { Database } from '../../db/connect.js';
import { advisoryCves } from '../../db/repositories/alert.repository.js';
import { SYSTEM_ACTOR } from '../../domain/access/actor.js';
import type { Severity } from '../../domain/alerts/alert.js';
import { DAY_MS, fixedClock, HOUR_MS } from '../../domain/alerts/clock.js';
import type { ResponseState } from '../../domain/alerts/target-state.js';
import { Prng } from '../../generate/prng.js';
import { type AlertContext, issueAlert, respondToAlert } from '../alerts/index.js';

export const HISTORY_WEEKS = 12;
const ACK_HOURS = 48;
/**
 * Answers are recorded in slots counted from the issue (twelve hours until the deadline, a day after
 * it): one call answers for every organisation in a slot.
 */
const SLOT_MS = 12 * HOUR_MS;
/** The latest an on-time acknowledgement comes, so that its slot still ends before the deadline. */
const ON_TIME_HOURS = ACK_HOURS - 12;
const WEEK_MS = 7 * DAY_MS;

interface PastAlert {
  weeksAgo: number;
  title: string;
  severity: Severity;
  action: string;
  cves: string[];
  advisory?: string;
}

/** Real flaws the demo federation's estate carries (all in the shipped intel snapshot). */
export const PAST_ALERTS: readonly PastAlert[] = [
  {
    weeksAgo: 12,
    title: 'BlueKeep: remote desktop on unsupported Windows',
    severity: 'critical',
    action:
      'Install the May 2019 Windows updates, or switch off Remote Desktop and block port 3389 at the edge.',
    cves: ['CVE-2019-0708'],
  },
  {
    weeksAgo: 11,
    title: 'Log4Shell in Java applications (Apache Log4j 2)',
    severity: 'critical',
    action: 'Upgrade Log4j to 2.17.1 or later in every listed application, or remove the JndiLookup class.',
    cves: ['CVE-2021-44228', 'CVE-2021-45046'],
  },
  {
    weeksAgo: 10,
    title: 'Zerologon: Netlogon on Windows domain controllers',
    severity: 'critical',
    action: 'Install the August 2020 updates on every domain controller and enforce secure RPC.',
    cves: ['CVE-2020-1472'],
  },
  {
    weeksAgo: 9,
    title: 'FortiOS SSL VPN out-of-bounds write, exploited',
    severity: 'critical',
    action: 'Upgrade FortiOS to a fixed release or switch off the SSL VPN until you can.',
    cves: ['CVE-2024-21762'],
  },
  {
    weeksAgo: 8,
    title: 'ProxyLogon: on-premises Exchange servers',
    severity: 'high',
    action: 'Install the March 2021 Exchange security updates and check for web shells.',
    cves: ['CVE-2021-26855'],
  },
  {
    weeksAgo: 7,
    title: 'Siemens molecular imaging and Windows HTTP.sys remote code execution',
    severity: 'high',
    action:
      "Apply MS15-034 where the device maker allows it; otherwise isolate the listed devices and follow the maker's advice.",
    cves: [],
    advisory: 'ICSMA-17-215-02',
  },
  {
    weeksAgo: 6,
    title: 'MOVEit Transfer SQL injection (Cl0p data theft)',
    severity: 'high',
    action:
      'Apply the vendor fix, block HTTP and HTTPS to MOVEit from outside, and review logs since May 2023.',
    cves: ['CVE-2023-34362'],
  },
  {
    weeksAgo: 5,
    title: 'PAN-OS GlobalProtect command injection',
    severity: 'critical',
    action: 'Upgrade PAN-OS to a fixed hotfix release and check the firewall for signs of compromise.',
    cves: ['CVE-2024-3400'],
  },
  {
    weeksAgo: 4,
    title: 'Citrix Bleed: NetScaler session token disclosure',
    severity: 'high',
    action: 'Upgrade NetScaler ADC and Gateway, then end every active session.',
    cves: ['CVE-2023-4966'],
  },
  {
    weeksAgo: 3,
    title: 'Heartbleed in OpenSSL on appliances still carrying 1.0.1',
    severity: 'medium',
    action: 'Upgrade OpenSSL, replace the private keys and certificates of affected services.',
    cves: ['CVE-2014-0160'],
  },
  {
    weeksAgo: 2,
    title: 'Windows SmartScreen bypass through internet shortcut files',
    severity: 'medium',
    action: 'Install the February 2024 Windows updates.',
    cves: ['CVE-2024-21412'],
  },
  {
    weeksAgo: 1,
    title: 'Microsoft Office memory corruption through crafted documents, exploited',
    severity: 'high',
    action:
      'Install the Office security updates, or block macros and RTF attachments from outside the organisation.',
    cves: ['CVE-2015-1641'],
  },
];

/**
 * When a past alert was issued: `weeksAgo` weeks before `now`, a day later, so that the oldest stays
 * inside a twelve-week trend for a day after the demo starts.
 */
export function pastIssueTime(weeksAgo: number, now: Date): number {
  return now.getTime() - weeksAgo * WEEK_MS + DAY_MS;
}

/** How an organisation answered one alert (fractions of targets; the rest never answered). */
const BEHAVIOURS = [
  ['on_time', 0.58],
  ['late', 0.2],
  ['not_applicable', 0.08],
  ['silent', 0.14],
] as const;
type Behaviour = (typeof BEHAVIOURS)[number][0];

interface Event {
  at: number;
  reference: string;
  status: ResponseState;
  org: string;
}

export interface HistoryResult {
  alerts: number;
  targets: number;
  responses: number;
}

/** What one target did and when (only what happened before `now` is kept). */
function answers(rng: Prng, issued: number, reference: string, org: string): Event[] {
  const behaviour: Behaviour = rng.weighted(BEHAVIOURS);
  const due = issued + ACK_HOURS * HOUR_MS;
  const slot = (t: number) => {
    const size = t - issued <= ACK_HOURS * HOUR_MS ? SLOT_MS : 2 * SLOT_MS;
    return issued + Math.ceil((t - issued) / size) * size;
  };
  const at = (t: number, status: ResponseState): Event => ({ at: slot(t), reference, status, org });
  if (behaviour === 'silent') return [];
  if (behaviour === 'not_applicable') return [at(issued + rng.int(4, 40) * HOUR_MS, 'not_applicable')];
  const acked =
    behaviour === 'on_time'
      ? issued + rng.int(1, ON_TIME_HOURS) * HOUR_MS
      : due + rng.int(1, 6 * 24) * HOUR_MS;
  const out = [at(acked, 'acknowledged')];
  if (rng.chance(0.7)) out.push(at(acked + rng.int(2, 14) * DAY_MS, 'resolved'));
  else if (rng.chance(0.5)) out.push(at(acked + rng.int(1, 4) * DAY_MS, 'in_progress'));
  return out;
}

const REASONS: Record<ResponseState, { note?: string; reason?: string }> = {
  acknowledged: { note: 'Seen; checking the listed devices.' },
  in_progress: { note: 'Patching under way; some devices wait for the supplier.' },
  resolved: { note: 'Updates installed on every listed device.' },
  not_applicable: { reason: 'The listed devices were decommissioned before the alert.' },
};

/**
 * Issues the past alerts and records the answers, in time order, up to `now`. Alerts on CVEs the
 * federation does not carry target nobody and are still kept (as a real archive would).
 */
export async function recordDemoHistory(database: Database, now: Date, seed = 1): Promise<HistoryResult> {
  const context = (at: number): AlertContext => ({
    actor: { ...SYSTEM_ACTOR, label: 'system:demo-history' },
    clock: fixedClock(new Date(at)),
    render: { publicUrl: null },
  });
  const end = now.getTime();
  const events: Event[] = [];
  let targets = 0;
  let responses = 0;
  // An advisory alert needs its advisory (intel from WARD_INTEL_DIR may have no CSAF): skipped without it.
  const past: PastAlert[] = [];
  for (const a of PAST_ALERTS) if (!a.advisory || (await advisoryCves(database.db, a.advisory))) past.push(a);
  for (const alert of past) {
    const issued = pastIssueTime(alert.weeksAgo, now);
    // Earlier answers to earlier alerts come before this alert is issued.
    responses += await replay(database, events, issued, context);
    const result = await issueAlert(database, context(issued), {
      title: alert.title,
      severity: alert.severity,
      action: alert.action,
      cves: alert.cves,
      advisory: alert.advisory ?? null,
      targets: [],
      ackHours: ACK_HOURS,
    });
    targets += result.targets.length;
    for (const t of result.targets) {
      const rng = Prng.derive(seed, 'demo-history', result.reference, t.code);
      events.push(...answers(rng, issued, result.reference, t.code).filter((e) => e.at <= end));
    }
  }
  responses += await replay(database, events, end, context);
  return { alerts: past.length, targets, responses };
}

/**
 * Records the pending answers up to `until`, one call per (slot, alert, status), removes them and
 * says how many organisations' answers were applied.
 */
async function replay(
  database: Database,
  events: Event[],
  until: number,
  context: (at: number) => AlertContext,
): Promise<number> {
  const due = events.filter((e) => e.at <= until);
  if (due.length === 0) return 0;
  const keep = events.filter((e) => e.at > until);
  events.length = 0;
  events.push(...keep);
  const groups = new Map<string, Event[]>();
  for (const e of due.sort((a, b) => a.at - b.at || a.reference.localeCompare(b.reference))) {
    const key = `${e.at}|${e.reference}|${e.status}`;
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  const order: ResponseState[] = ['acknowledged', 'in_progress', 'resolved', 'not_applicable'];
  const keys = [...groups.keys()].sort((a, b) => {
    const [ta, ra, sa] = a.split('|') as [string, string, ResponseState];
    const [tb, rb, sb] = b.split('|') as [string, string, ResponseState];
    return Number(ta) - Number(tb) || ra.localeCompare(rb) || order.indexOf(sa) - order.indexOf(sb);
  });
  let applied = 0;
  for (const key of keys) {
    const group = groups.get(key)!;
    const first = group[0]!;
    const result = await respondToAlert(database, context(first.at), {
      reference: first.reference,
      orgs: group.map((e) => e.org),
      status: first.status,
      ...REASONS[first.status],
    });
    applied += result.applied.length;
  }
  return applied;
}
