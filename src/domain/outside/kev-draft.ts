/**
 * The alert Ward drafts when a KEV entry lands for a remote-working product some organisations run:
 * its title, severity, plain-English action, targets (each exposed organisation by code) and why it
 * was drafted. Pure: the service gathers the facts.
 */
import type { Severity } from '../alerts/alert.js';

export interface KevFacts {
  cve: string;
  /** CISA's name for the flaw (`Fortinet FortiOS Out-of-Bound Write Vulnerability`). */
  name: string;
  shortDescription: string;
  requiredAction: string;
  dateAdded: string;
  dueDate: string | null;
  /** `Known` when CISA knows of ransomware campaigns using it. */
  ransomware: string;
}

export interface ExposedOrg {
  code: string;
  devices: number;
  internetFacing: number;
}

export interface KevDraftContent {
  title: string;
  severity: Severity;
  action: string;
  targets: string[];
  why: string;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A draft for the centre to review: critical when an exposed device faces the internet or CISA
 * knows ransomware uses the flaw, else high (every KEV flaw is exploited somewhere).
 */
export function composeKevDraft(
  kev: KevFacts,
  productNames: readonly string[],
  exposed: readonly ExposedOrg[],
): KevDraftContent {
  const products = productNames.join(' / ');
  const devices = exposed.reduce((n, o) => n + o.devices, 0);
  const facing = exposed.reduce((n, o) => n + o.internetFacing, 0);
  const ransomware = kev.ransomware.trim().toLowerCase() === 'known';
  const severity: Severity = facing > 0 || ransomware ? 'critical' : 'high';
  const due = kev.dueDate ? ` CISA set ${kev.dueDate} as the date to have it fixed.` : '';
  const action = [
    `Update ${products} on every device that runs it to a version the vendor says fixes ${kev.cve}, starting with devices reachable from the internet; Ward's worklist for your organisation lists the devices affected.`,
    `If you cannot update at once, follow the vendor's mitigations or take the device off the internet until you can, and check it for signs of compromise: this flaw is being exploited.`,
    kev.requiredAction.trim() ? `CISA's required action: ${kev.requiredAction.trim()}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const why =
    `CISA added ${kev.cve} (${kev.name}) to its Known Exploited Vulnerabilities catalogue on ${kev.dateAdded}.${due}` +
    ` It affects ${products}, a remote-access or remote-working product Ward watches.` +
    ` ${plural(exposed.length, 'organisation')} ${exposed.length === 1 ? 'has' : 'have'} open findings for it on ${plural(devices, 'device')}` +
    `${facing > 0 ? `, ${facing} of them internet-facing` : ''}${ransomware ? '; CISA knows of ransomware campaigns using it' : ''}.`;
  return {
    title: `Exploited flaw in ${products}: ${kev.cve}`,
    severity,
    action,
    targets: exposed.map((o) => `org:${o.code}`),
    why,
  };
}
