/**
 * Reporting incidents and reading them. Reporting needs write on the reporting organisation (its
 * responders, or someone above it); the affected assets must be its own (it and its sites), the
 * indicators valid values; every problem is reported at once and nothing is written when there is
 * one. Reading follows the hierarchy (the reporting organisation and those above it) plus the
 * organisations an incident is shared with; each indicator is shown with what Ward already holds of
 * the same value that the caller may see.
 */
import type { Database } from '../../db/connect.js';
import {
  findOwnAssets,
  incidentAssets,
  incidentIndicators,
  incidentUpdates,
  insertIncident,
  insertIncidentAssets,
  insertIncidentIndicators,
  insertIncidentUpdate,
  listIncidentRows,
  nextIncidentSeq,
  otherIncidentsWith,
} from '../../db/repositories/incident/incident.repository.js';
import { upsertAudience } from '../../db/repositories/incident/incident-audience.repository.js';
import { audienceOf, sameValue } from '../../db/repositories/sharing/indicator.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { parseInstant } from '../../domain/alerts/clock.js';
import {
  CATEGORY_LABELS,
  formatIncidentReference,
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
  parseCategory,
  parseStatus,
  type Side,
} from '../../domain/incident/incident.js';
import { parseIndicatorValue } from '../../domain/sharing/indicator-value.js';
import { type InputProblem, InvalidInputError, invalidFields } from '../../errors.js';
import { requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type AudienceSpec, resolveAudience } from '../sharing/audience.js';
import { incidentAccess, requireIncident, sidesOf } from './incident-access.js';
import { type IncidentSummary, impactOf, iso, toSummary } from './incident-view.js';

export interface IncidentReportInput {
  /** The reporting organisation's ODS code. */
  org: string;
  title: string;
  /** What happened, in plain words. */
  summary: string;
  category: string;
  startedAt: string;
  detectedAt: string;
  /** Affected assets of the organisation's own inventory: ids, host names or asset keys. */
  assets?: readonly string[];
  patientImpact?: { delayed?: number; cancelled?: number; diverted?: number };
  personalData: boolean;
  indicators?: readonly { value: string; type?: string; note?: string }[];
  helpRequested?: string;
  /** Organisations (`CODE`, `under:CODE`) and sharing groups that may read it beyond the hierarchy. */
  shareWith?: Pick<AudienceSpec, 'orgs' | 'groups'>;
}

export interface IndicatorMatch {
  /** Shared indicators of the same value the caller may see. */
  shared: { id: string; producer: string; tlp: string }[];
  /** Other incidents the caller may read that hold the same value. */
  incidents: { reference: string; org: string }[];
}

export interface ReportResult {
  reference: string;
  org: string;
  status: string;
  assets: number;
  indicators: { type: string; value: string; matches: IndicatorMatch }[];
}

/** Every problem of the report, by field; `file` names a JSON file the report came from. */
function problemsOf(input: IncidentReportInput, now: Date, file: string) {
  const problems: InputProblem[] = [];
  const fail = (field: string, reason: string) => problems.push({ file, line: 0, field, reason });
  const text = (field: keyof IncidentReportInput, max: number) => {
    const v = input[field];
    if (typeof v !== 'string' || v.trim() === '')
      fail(field, `${field === 'summary' ? 'say what happened' : `a ${field} is required`}`);
    else if (v.length > max) fail(field, `keep it under ${max} characters`);
    return typeof v === 'string' ? v.trim() : '';
  };
  const title = text('title', 200);
  const summary = text('summary', 20_000);
  const category = parseCategory(String(input.category ?? ''));
  if (!category)
    fail('category', `"${input.category ?? ''}" is not a category (${INCIDENT_CATEGORIES.join(', ')})`);
  const when = (field: 'startedAt' | 'detectedAt') => {
    const d = parseInstant(String(input[field] ?? ''));
    if (!d) fail(field, `"${input[field] ?? ''}" is not a date and time (ISO 8601)`);
    else if (d > now) fail(field, 'is in the future');
    return d;
  };
  const startedAt = when('startedAt');
  const detectedAt = when('detectedAt');
  if (startedAt && detectedAt && detectedAt < startedAt)
    fail('detectedAt', 'is before the incident started: it was detected after it started');
  const impact = { delayed: 0, cancelled: 0, diverted: 0 };
  for (const k of ['delayed', 'cancelled', 'diverted'] as const) {
    const n = input.patientImpact?.[k] ?? 0;
    if (!Number.isInteger(n) || n < 0) fail(`patientImpact.${k}`, 'give a whole number of 0 or more');
    else impact[k] = n;
  }
  if (typeof input.personalData !== 'boolean')
    fail('personalData', 'say whether personal data is involved (yes or no)');
  const indicators: { type: string; value: string; note: string }[] = [];
  for (const [i, raw] of (input.indicators ?? []).entries()) {
    const parsed = parseIndicatorValue(String(raw.value ?? ''), raw.type);
    if (!parsed.ok) fail(`indicators[${i}]`, `${raw.value}: ${parsed.reason}`);
    else if (!indicators.some((x) => x.type === parsed.type && x.value === parsed.value))
      indicators.push({ type: parsed.type, value: parsed.value, note: raw.note?.trim() ?? '' });
  }
  const help = input.helpRequested?.trim() ?? '';
  if (help.length > 5000) fail('helpRequested', 'keep it under 5000 characters');
  return { problems, title, summary, category, startedAt, detectedAt, impact, indicators, help };
}

/** Reports an incident for an organisation: all or nothing. */
export async function reportIncident(
  database: Database,
  actor: Actor,
  input: IncidentReportInput,
  options: { now?: Date; file?: string } = {},
): Promise<ReportResult> {
  const now = options.now ?? new Date();
  const file = options.file ?? 'request';
  const org = await requireOrgAccess(database, actor, 'write', input.org);
  const v = problemsOf(input, now, file);
  const names = [...new Set((input.assets ?? []).map((a) => a.trim()).filter((a) => a !== ''))];
  const found = await findOwnAssets(database.db, org.id, names);
  const missing = names.filter((n) => !found.has(n));
  if (missing.length > 0)
    v.problems.push({
      file,
      line: 0,
      field: 'assets',
      reason: `not in ${org.code}'s inventory: ${missing.join(', ')} (name its own assets by id, host name or asset key)`,
    });
  const { rows: audience, problems: named } = await resolveAudience(database.db, {
    orgs: input.shareWith?.orgs ?? [],
    groups: input.shareWith?.groups ?? [],
  });
  for (const [field, reason] of Object.entries(named)) v.problems.push({ file, line: 0, field, reason });
  if (v.problems.length > 0)
    throw new InvalidInputError(
      `${file}: incident not reported (${v.problems.length} problem${v.problems.length > 1 ? 's' : ''})`,
      v.problems,
    );
  const access = await incidentAccess(database.db, actor);
  return database.db.transaction().execute(async (trx) => {
    const reference = formatIncidentReference(
      now.getUTCFullYear(),
      await nextIncidentSeq(trx, now.getUTCFullYear()),
    );
    const id = await insertIncident(trx, {
      org_id: org.id,
      reference,
      title: v.title,
      summary: v.summary,
      category: v.category as string,
      started_at: v.startedAt as Date,
      detected_at: v.detectedAt as Date,
      reported_at: now,
      reported_by: actor.label,
      impact_delayed: v.impact.delayed,
      impact_cancelled: v.impact.cancelled,
      impact_diverted: v.impact.diverted,
      personal_data: input.personalData,
      help_requested: v.help,
      status: 'reported',
      updated_at: now,
    });
    const assets = [...new Map([...found.values()].map((a) => [`${a.orgId}/${a.id}`, a])).values()];
    await insertIncidentAssets(
      trx,
      id,
      assets.map((a) => ({ orgId: a.orgId, assetId: a.id })),
    );
    await insertIncidentIndicators(trx, id, org.id, v.indicators, now);
    await upsertAudience(trx, id, audience);
    await insertIncidentUpdate(trx, {
      incident_id: id,
      org_id: org.id,
      kind: 'report',
      author: actor.label,
      at: now,
      text: `Reported: ${CATEGORY_LABELS[v.category as keyof typeof CATEGORY_LABELS]}`,
      from_status: null,
      to_status: 'reported',
    });
    await audit(
      trx,
      actor,
      org.id,
      'incident.report',
      null,
      { reference, category: v.category, assets: assets.length, indicators: v.indicators.length },
      reference,
    );
    const matches = await matchIndicators(trx, access, id, v.indicators);
    return {
      reference,
      org: org.code,
      status: 'reported',
      assets: assets.length,
      indicators: v.indicators.map((i) => ({ type: i.type, value: i.value, matches: matches(i) })),
    };
  });
}

/** What Ward holds of each value that the caller may see: shared indicators and other incidents. */
async function matchIndicators(
  db: Database['db'],
  access: Awaited<ReturnType<typeof incidentAccess>>,
  incidentId: string,
  values: readonly { type: string; value: string }[],
): Promise<(v: { type: string; value: string }) => IndicatorMatch> {
  const NONE = '00000000-0000-0000-0000-000000000000';
  const shared = await Promise.all(values.map((v) => sameValue(db, access.reader, v.type, v.value, NONE)));
  const incidents = await otherIncidentsWith(db, access, incidentId, values);
  return (v) => {
    const i = values.findIndex((x) => x.type === v.type && x.value === v.value);
    return {
      shared: (shared[i] ?? []).map((s) => ({ id: s.id, producer: s.producer_code, tlp: s.tlp })),
      incidents: incidents
        .filter((o) => o.type === v.type && o.value === v.value)
        .map((o) => ({ reference: o.reference, org: o.org_code })),
    };
  };
}

export interface IncidentFilter {
  status?: string;
  /** Reported by this organisation or one under it. */
  org?: string;
  limit?: number;
}

/** The incidents the caller may read, newest first, with their deadlines at `now`. */
export async function listIncidents(
  database: Database,
  actor: Actor,
  filter: IncidentFilter = {},
  now: Date = new Date(),
): Promise<IncidentSummary[]> {
  const problems: Record<string, string> = {};
  const status = filter.status === undefined ? undefined : parseStatus(filter.status);
  if (status === null)
    problems.status = `"${filter.status}" is not a status (${INCIDENT_STATUSES.join(', ')})`;
  const limit = filter.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    problems.limit = 'give a whole number from 1 to 1000';
  if (Object.keys(problems).length > 0) throw invalidFields(problems);
  const under = filter.org ? await requireOrgAccess(database, actor, 'read', filter.org) : null;
  const rows = await listIncidentRows(database.db, await incidentAccess(database.db, actor), {
    status: status ?? undefined,
    underOrgId: under?.id,
    limit,
  });
  return rows.map((r) => toSummary(r, now));
}

export interface IncidentDetail extends IncidentSummary {
  summary: string;
  startedAt: string;
  reportedBy: string;
  patientImpact: { delayed: number; cancelled: number; diverted: number; summary: string };
  personalData: boolean;
  helpRequested: string;
  leadAnalyst: string | null;
  triagedAt: string | null;
  fullReportAt: string | null;
  /** Beyond the hierarchy; shown to the two sides only (null for other readers). */
  sharedWith: { orgs: { code: string; subtree: boolean }[]; groups: string[] } | null;
  assets: {
    id: number;
    org: string;
    hostname: string | null;
    assetKey: string;
    type: string;
    criticality: string;
  }[];
  indicators: {
    id: string;
    type: string;
    value: string;
    note: string;
    /** The shared indicator made from it, when the caller may see it: its marking and sightings. */
    shared: { stixId: string; tlp: string; producer: string; sightedBy: number } | null;
    matches: IndicatorMatch;
  }[];
  timeline: {
    kind: string;
    author: string;
    org: string;
    at: string;
    text: string;
    fromStatus: string | null;
    toStatus: string | null;
  }[];
  /** What the caller may do: the sides they speak for. */
  sides: Side[];
}

export async function showIncident(
  database: Database,
  actor: Actor,
  reference: string,
  now: Date = new Date(),
): Promise<IncidentDetail> {
  const db = database.db;
  const row = await requireIncident(db, actor, reference);
  const access = await incidentAccess(db, actor);
  const [sides, updates, assets, indicators, audience] = await Promise.all([
    sidesOf(db, actor, row),
    incidentUpdates(db, row.id),
    incidentAssets(db, row.id),
    incidentIndicators(db, access.reader, row.id),
    audienceOf(db, row.id),
  ]);
  const matches = await matchIndicators(db, access, row.id, indicators);
  return {
    ...toSummary(row, now),
    summary: row.summary,
    startedAt: iso(row.started_at) as string,
    reportedBy: row.reported_by,
    patientImpact: impactOf(row),
    personalData: row.personal_data,
    helpRequested: row.help_requested,
    leadAnalyst: row.lead_analyst,
    triagedAt: iso(row.triaged_at),
    fullReportAt: iso(row.full_report_at),
    sharedWith: sides.length > 0 ? { orgs: audience.orgs, groups: audience.groups } : null,
    assets: assets.map((a) => ({
      id: a.id,
      org: a.org_code,
      hostname: a.hostname,
      assetKey: a.asset_key,
      type: a.asset_type,
      criticality: a.clinical_criticality,
    })),
    indicators: indicators.map((i) => {
      const m = matches(i);
      return {
        id: i.id,
        type: i.type,
        value: i.value,
        note: i.note,
        shared: i.shared
          ? {
              stixId: i.shared.stix_id,
              tlp: i.shared.tlp,
              producer: i.shared.producer_code,
              sightedBy: i.shared.sighting_orgs,
            }
          : null,
        // The incident's own shared indicator is not a match.
        matches: { ...m, shared: m.shared.filter((s) => s.id !== i.indicator_id) },
      };
    }),
    timeline: updates.map((u) => ({
      kind: u.kind,
      author: u.author,
      org: u.org_code,
      at: iso(u.at) as string,
      text: u.text,
      fromStatus: u.from_status,
      toStatus: u.to_status,
    })),
    sides,
  };
}
