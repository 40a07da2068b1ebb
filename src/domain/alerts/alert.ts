/**
 * National cyber alerts: severity, readable references (`WA-2026-0042`), and who an alert is
 * for. Pure: the repositories turn target specs into organisations.
 */
import { isOrgKind, normaliseCode, ORG_KINDS, type OrgKind } from '../org/organisation.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Critical and high alerts are sent at once to every contact; others go in daily digests when asked. */
export function isUrgent(severity: Severity): boolean {
  return severity === 'critical' || severity === 'high';
}

export const DEFAULT_ACK_HOURS = 48;

const REFERENCE = /^WA-(\d{4})-(\d{4,})$/;

/** `WA-YYYY-NNNN`: the year of issue and a sequence number within it. */
export function formatReference(year: number, seq: number): string {
  return `WA-${year}-${String(seq).padStart(4, '0')}`;
}

/** Normalises a reference (`wa-2026-42` → `WA-2026-0042`); null when it is not one. */
export function parseReference(text: string): string | null {
  const m = /^WA-(\d{4})-(\d+)$/i.exec(text.trim());
  if (!m) return null;
  const ref = formatReference(Number(m[1]), Number(m[2]));
  return REFERENCE.test(ref) ? ref : null;
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

export function normaliseCve(text: string): string | null {
  const cve = text.trim().toUpperCase();
  return CVE_ID.test(cve) ? cve : null;
}

/**
 * One condition on an organisation. `auto`: has open confirmed findings for the alert's CVEs
 * (`auto:possible`: possible findings count too); `all`: any
 * organisation; `kind`: of that kind; `under`: in that organisation's subtree; `org`: that one.
 */
export type TargetFilter =
  | { readonly type: 'auto'; readonly possible?: boolean }
  | { readonly type: 'all' }
  | { readonly type: 'kind'; readonly kind: OrgKind }
  | { readonly type: 'under'; readonly code: string }
  | { readonly type: 'org'; readonly code: string };

/**
 * A target spec: filters that must all hold (`kind:gp_practice+under:Y56`, GP practices in
 * London). An alert's targets are the union of its specs. A spec that names no kind, organisation
 * or exposure leaves out the national root and trust sites (a trust answers for its sites).
 */
export interface TargetSpec {
  readonly text: string;
  readonly filters: readonly TargetFilter[];
}

export type ParsedSpec = { ok: true; spec: TargetSpec } | { ok: false; reason: string };

export const TARGET_SPEC_HELP =
  'auto, auto:possible, all, kind:KIND, under:CODE or org:CODE (join with + for "and")';

function parseFilter(part: string): TargetFilter | string {
  const p = part.trim();
  const lower = p.toLowerCase();
  if (lower === 'auto') return { type: 'auto' };
  if (lower === 'auto:possible') return { type: 'auto', possible: true };
  if (lower === 'all') return { type: 'all' };
  const colon = p.indexOf(':');
  if (colon < 0) return `unknown target "${p}" (expected ${TARGET_SPEC_HELP})`;
  const name = lower.slice(0, colon);
  const value = p.slice(colon + 1).trim();
  if (value === '') return `target "${p}" has no value after the colon`;
  if (name === 'kind') {
    const kind = value.toLowerCase();
    if (!isOrgKind(kind)) return `unknown kind "${value}" (expected one of ${ORG_KINDS.join(', ')})`;
    return { type: 'kind', kind };
  }
  if (name === 'under') return { type: 'under', code: normaliseCode(value) };
  if (name === 'org') return { type: 'org', code: normaliseCode(value) };
  return `unknown target "${p}" (expected ${TARGET_SPEC_HELP})`;
}

export function parseTargetSpec(text: string): ParsedSpec {
  const parts = text.split('+');
  const filters: TargetFilter[] = [];
  for (const part of parts) {
    const f = parseFilter(part);
    if (typeof f === 'string') return { ok: false, reason: f };
    filters.push(f);
  }
  const canonical = filters
    .map((f) =>
      f.type === 'auto'
        ? f.possible
          ? 'auto:possible'
          : 'auto'
        : f.type === 'all'
          ? f.type
          : `${f.type}:${f.type === 'kind' ? f.kind : f.code}`,
    )
    .join('+');
  return { ok: true, spec: { text: canonical, filters } };
}

export function hasAutoTarget(specs: readonly TargetSpec[]): boolean {
  return specs.some((s) => s.filters.some((f) => f.type === 'auto'));
}

/** Codes an alert's specs name (they must exist). */
export function namedCodes(specs: readonly TargetSpec[]): string[] {
  const codes = new Set<string>();
  for (const s of specs)
    for (const f of s.filters) if (f.type === 'under' || f.type === 'org') codes.add(f.code);
  return [...codes];
}

/** What an analyst asks for when issuing an alert, before validation. */
export interface AlertDraft {
  title: string;
  severity: string;
  action: string;
  cves: readonly string[];
  advisory: string | null;
  targets: readonly string[];
  ackHours: number;
}

export interface ValidAlert {
  title: string;
  severity: Severity;
  action: string;
  cves: string[];
  advisory: string | null;
  targets: TargetSpec[];
  ackHours: number;
}

/** A problem with one field of a draft, named as the API names it (`ackHours`). */
export interface DraftProblem {
  readonly field: keyof AlertDraft;
  readonly reason: string;
}

/** Validates a draft; returns every problem at once. */
export function validateAlertDraft(draft: AlertDraft): {
  alert: ValidAlert | null;
  problems: DraftProblem[];
} {
  const problems: DraftProblem[] = [];
  const title = draft.title.trim();
  if (!title) problems.push({ field: 'title', reason: 'a title is required' });
  const severity = draft.severity.trim().toLowerCase();
  if (!isSeverity(severity))
    problems.push({
      field: 'severity',
      reason: `unknown severity "${draft.severity}" (expected ${SEVERITIES.join(', ')})`,
    });
  const action = draft.action.trim();
  if (!action) problems.push({ field: 'action', reason: 'the required action is required (what to do)' });
  const cves: string[] = [];
  for (const raw of draft.cves) {
    const cve = normaliseCve(raw);
    if (!cve) problems.push({ field: 'cves', reason: `not a CVE id: ${raw}` });
    else if (!cves.includes(cve)) cves.push(cve);
  }
  const advisory = draft.advisory?.trim() || null;
  // An alert about a threat rather than a vulnerability (raised from an incident) names no CVE; it
  // then names its targets, since `auto` targets the organisations exposed to the alert's CVEs.
  const autoTargeted = draft.targets.length === 0 || draft.targets.some((t) => /(^|\+)\s*auto\b/i.test(t));
  if (draft.cves.length === 0 && !advisory && autoTargeted)
    problems.push({
      field: 'cves',
      reason:
        'name the vulnerabilities: CVE ids or an advisory (or, for an alert about a threat, name its targets)',
    });
  const targets: TargetSpec[] = [];
  for (const t of draft.targets.length > 0 ? draft.targets : ['auto']) {
    const parsed = parseTargetSpec(t);
    if (!parsed.ok) problems.push({ field: 'targets', reason: parsed.reason });
    else if (!targets.some((s) => s.text === parsed.spec.text)) targets.push(parsed.spec);
  }
  if (!Number.isInteger(draft.ackHours) || draft.ackHours < 1 || draft.ackHours > 24 * 90)
    problems.push({
      field: 'ackHours',
      reason: `must be a whole number of hours from 1 to 2160, got ${draft.ackHours}`,
    });
  if (problems.length > 0) return { alert: null, problems };
  return {
    alert: {
      title,
      severity: severity as Severity,
      action,
      cves,
      advisory,
      targets,
      ackHours: draft.ackHours,
    },
    problems,
  };
}
