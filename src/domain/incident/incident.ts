/**
 * Incidents reported to the national centre: categories, impact on patient care, human
 * references (`INC-2026-000042`) and the lifecycle as a state machine. Pure: the services read and
 * write the rows.
 *
 * Lifecycle: `reported` → `triaged` (by the national centre only: severity, lead analyst, whether
 * it is significant) → `contained` → `closed`. A closed incident may be reopened (back to
 * `triaged`): attackers come back through the door they used, and the timeline should stay in one
 * place. Every change is an update on the timeline.
 */
import type { Severity } from '../alerts/alert.js';

export const INCIDENT_CATEGORIES = [
  'ransomware',
  'phishing',
  'data_breach',
  'denial_of_service',
  'supplier_compromise',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<IncidentCategory, string> = {
  ransomware: 'Ransomware',
  phishing: 'Phishing',
  data_breach: 'Data breach',
  denial_of_service: 'Denial of service',
  supplier_compromise: 'Supplier compromise',
  other: 'Other',
};

/** Reads `Data breach`, `data-breach`, `DATA_BREACH`… as a category; null otherwise. */
export function parseCategory(text: string): IncidentCategory | null {
  const c = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (INCIDENT_CATEGORIES as readonly string[]).includes(c) ? (c as IncidentCategory) : null;
}

export const INCIDENT_STATUSES = ['reported', 'triaged', 'contained', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Who may move an incident: the national centre, or the reporting side (the reporter and its line). */
export type Side = 'centre' | 'reporter';

/** Update kinds on the timeline. */
export const UPDATE_KINDS = ['report', 'note', 'full_report', 'triage', 'status', 'share', 'alert'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

/**
 * The moves allowed, and by whom. Triage is the centre's; either side may say an incident is
 * contained or closed once triaged, and the centre alone reopens a closed one.
 */
const MOVES: Record<IncidentStatus, Partial<Record<IncidentStatus, readonly Side[]>>> = {
  reported: { triaged: ['centre'] },
  triaged: { contained: ['centre', 'reporter'], closed: ['centre', 'reporter'] },
  contained: { closed: ['centre', 'reporter'] },
  closed: { triaged: ['centre'] },
};

export type Transition = { ok: true } | { ok: false; reason: string };

/** May `side` move an incident from `from` to `to`? When not, why, in plain words. */
export function checkTransition(
  from: IncidentStatus,
  to: IncidentStatus,
  sides: readonly Side[],
): Transition {
  if (from === to) return { ok: false, reason: `the incident is already ${to}` };
  const who = MOVES[from][to];
  if (!who) {
    const next = Object.keys(MOVES[from]).join(' or ');
    return { ok: false, reason: `a ${from} incident cannot become ${to} (it can become ${next})` };
  }
  if (!who.some((s) => sides.includes(s)))
    return {
      ok: false,
      reason:
        to === 'triaged'
          ? from === 'closed'
            ? 'only the national centre reopens a closed incident'
            : 'only the national centre triages an incident'
          : `only ${who.join(' or ')} may make it ${to}`,
    };
  return { ok: true };
}

/** Reads a status name; null when it is not one. */
export function parseStatus(text: string): IncidentStatus | null {
  const s = text.trim().toLowerCase();
  return (INCIDENT_STATUSES as readonly string[]).includes(s) ? (s as IncidentStatus) : null;
}

/** Patient care affected: counts of appointments or procedures delayed, cancelled, diverted. */
export interface PatientImpact {
  delayed: number;
  cancelled: number;
  diverted: number;
}

/** `none`, or the kinds of impact with their counts (`delayed 12, diverted 3`). */
export function describeImpact(i: PatientImpact): string {
  const parts = (['delayed', 'cancelled', 'diverted'] as const)
    .filter((k) => i[k] > 0)
    .map((k) => `${k} ${i[k]}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

const REFERENCE = /^INC-(\d{4})-(\d+)$/i;

/** `INC-YYYY-NNNNNN`: the year reported and a number within it. */
export function formatIncidentReference(year: number, seq: number): string {
  return `INC-${year}-${String(seq).padStart(6, '0')}`;
}

/** Normalises a reference (`inc-2026-42` → `INC-2026-000042`); null when it is not one. */
export function parseIncidentReference(text: string): string | null {
  const m = REFERENCE.exec(text.trim());
  return m ? formatIncidentReference(Number(m[1]), Number(m[2])) : null;
}

/** What the centre sets on triage. */
export interface Triage {
  severity: Severity;
  leadAnalyst: string;
  significant: boolean;
}
