/**
 * The demo's incidents, reported, triaged and shared through the ordinary services: a GP practice's
 * phishing e-mail (the sender shared as TLP:GREEN, sighted by two other practices) and a trust's
 * ransomware attack (significant: its full report is due 72 hours after detection). Indicators use
 * documentation addresses and `.example` names (RFC 5737, RFC 2606).
 */
import type { Database } from '../../db/connect.js';
import { SYSTEM_ACTOR } from '../../domain/access/actor.js';
import { HOUR_MS } from '../../domain/alerts/clock.js';
import { reportIncident } from '../incident/incident.service.js';
import { triageIncident } from '../incident/incident-lifecycle.service.js';
import { shareIncidentIndicator } from '../incident/incident-share.service.js';
import { sightIndicator } from '../sharing/indicator.service.js';

export interface DemoIncidents {
  references: string[];
}

const ago = (now: Date, hours: number) => new Date(now.getTime() - hours * HOUR_MS).toISOString();

async function firstOfKind(database: Database, kind: string, n: number): Promise<string[]> {
  const rows = await database.db
    .selectFrom('organisations')
    .select('code')
    .where('kind', '=', kind)
    .orderBy('code')
    .limit(n)
    .execute();
  return rows.map((r) => r.code);
}

async function someAssets(database: Database, code: string, n: number): Promise<string[]> {
  const rows = await database.db
    .selectFrom('assets as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select('a.id')
    .where('o.code', '=', code)
    .where('a.retired_at', 'is', null)
    .orderBy('a.id')
    .limit(n)
    .execute();
  return rows.map((r) => String(r.id));
}

/** Reports the demo incidents once (none when any incident exists or the federation lacks the organisations). */
export async function seedDemoIncidents(database: Database, now: Date): Promise<DemoIncidents | null> {
  const existing = await database.db.selectFrom('incidents').select('id').limit(1).execute();
  if (existing.length > 0) return null;
  const practices = await firstOfKind(database, 'gp_practice', 3);
  const [trust] = await firstOfKind(database, 'trust', 1);
  const [practice, ...sighters] = practices;
  if (!practice || !trust) return null;
  const references: string[] = [];

  const phishing = await reportIncident(
    database,
    SYSTEM_ACTOR,
    {
      org: practice,
      title: 'Fake invoice e-mail, two passwords entered',
      summary:
        'An e-mail claiming to be from our stationery supplier asked staff to sign in to see an invoice. Two receptionists typed their passwords into the page before we noticed.',
      category: 'phishing',
      startedAt: ago(now, 9),
      detectedAt: ago(now, 8),
      assets: await someAssets(database, practice, 2),
      patientImpact: { delayed: 3 },
      personalData: false,
      indicators: [
        { value: 'invoices@stationery-supplies.example', note: 'sender' },
        { value: 'hxxps://stationery-supplies[.]example/invoice/login', note: 'the fake sign-in page' },
      ],
      helpRequested: 'Tell us whether other practices received it and what else we should check.',
    },
    { now: new Date(now.getTime() - 6 * HOUR_MS) },
  );
  references.push(phishing.reference);
  await triageIncident(
    database,
    SYSTEM_ACTOR,
    phishing.reference,
    {
      severity: 'medium',
      leadAnalyst: 'Duty analyst',
      significant: false,
      text: 'Credential phishing; passwords reset.',
    },
    new Date(now.getTime() - 5 * HOUR_MS),
  );
  const shared = await shareIncidentIndicator(
    database,
    SYSTEM_ACTOR,
    phishing.reference,
    {
      indicator: 'invoices@stationery-supplies.example',
      tlp: 'GREEN',
      description: 'Credential phishing sender',
    },
    new Date(now.getTime() - 5 * HOUR_MS),
  );
  for (const [i, org] of sighters.entries())
    await sightIndicator(database, SYSTEM_ACTOR, shared.indicator.id, org, {
      count: i + 1,
      at: new Date(now.getTime() - (4 - i) * HOUR_MS),
    });

  const ransomware = await reportIncident(
    database,
    SYSTEM_ACTOR,
    {
      org: trust,
      title: 'Ransomware on the imaging servers',
      summary:
        'Files on two imaging servers were encrypted overnight and a ransom note left. Radiology is working on paper; the servers are off the network.',
      category: 'ransomware',
      startedAt: ago(now, 34),
      detectedAt: ago(now, 30),
      assets: await someAssets(database, trust, 2),
      patientImpact: { cancelled: 40, diverted: 3 },
      personalData: true,
      indicators: [
        { value: '198.51.100.23', note: 'outbound connections from the servers' },
        {
          value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          type: 'sha256',
          note: 'the encryptor',
        },
      ],
      helpRequested: 'Incident response support on site, and advice on restoring from backups.',
    },
    { now: new Date(now.getTime() - 20 * HOUR_MS) },
  );
  references.push(ransomware.reference);
  await triageIncident(
    database,
    SYSTEM_ACTOR,
    ransomware.reference,
    { severity: 'critical', leadAnalyst: 'Duty analyst', significant: true },
    new Date(now.getTime() - 19 * HOUR_MS),
  );
  return { references };
}
