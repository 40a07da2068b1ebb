/**
 * Contacts CSV text and an alert context (a named actor acting everywhere, a movable clock) for tests.
 */
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import type { Clock } from '../../src/domain/alerts/clock.js';
import type { AlertContext } from '../../src/services/alerts/index.js';

export type ContactLine = [
  orgCode: string,
  name: string,
  email: string,
  role: string,
  channel: string,
  digest: string,
];

export const SMALL_FEDERATION_CONTACTS: ContactLine[] = [
  ['RJ7', 'Sam Patel', 'soc@stgeorges.example', 'security lead', 'email', 'false'],
  ['H85001', 'Jane Smith', 'jane.smith@balham.example', 'practice manager', 'email', 'true'],
  ['H85002', 'Tom Brown', 'tom@tooting.example', 'practice manager', 'email', 'false'],
  ['F83001', 'Ali Khan', 'ali@camden.example', 'practice manager', 'email', 'false'],
  ['QWE', 'SWL Cyber', 'cyber@swl-icb.example', 'ICB cyber lead', 'email', 'false'],
  ['QMJ', 'NCL Cyber', 'cyber@ncl-icb.example', 'ICB cyber lead', 'email', 'false'],
  ['Y56', 'London SOC', 'soc@london-region.example', 'regional security lead', 'webhook', 'false'],
];

export function contactsCsv(lines: ContactLine[] = SMALL_FEDERATION_CONTACTS): string {
  return `org_code,name,email,role,channel,digest\n${lines.map((l) => l.join(',')).join('\n')}\n`;
}

export function alertContext(clock: Clock, actor = 'test:analyst'): AlertContext {
  return { actor: { ...SYSTEM_ACTOR, label: actor }, clock, render: { publicUrl: 'https://ward.example' } };
}
