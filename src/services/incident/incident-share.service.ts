/**
 * From an incident outwards: sharing one of its indicators (a shared indicator made through the
 * ordinary `addIndicators`, produced by the sharing organisation with source `incident:INC-…`,
 * then linked to the incident), and raising an alert from it in one step (national work: the
 * ordinary alert issue, or a draft for review, with the shareable indicators and the advice in its
 * text, targeting as alerts do, optionally also the organisations that sighted its indicators).
 */
import type { Database } from '../../db/connect.js';
import { insertDraftOnce } from '../../db/repositories/alert-draft.repository.js';
import {
  incidentIndicators,
  insertIncidentUpdate,
  linkIncidentIndicator,
  sightingOrgCodes,
  updateIncident,
} from '../../db/repositories/incident/incident.repository.js';
import { findRootOrganisation } from '../../db/repositories/organisation.repository.js';
import { readerOf } from '../../db/repositories/sharing/reader.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { DEFAULT_ACK_HOURS, isSeverity, validateAlertDraft } from '../../domain/alerts/alert.js';
import { CATEGORY_LABELS, type IncidentCategory } from '../../domain/incident/incident.js';
import { parseIndicatorValue } from '../../domain/sharing/indicator-value.js';
import { InvalidInputError, invalidFields, NotFoundError } from '../../errors.js';
import { requireNational } from '../access/access.service.js';
import { type AlertContext, type IssueResult, issueAlertIn } from '../alerts/index.js';
import { audit } from '../audit/audit.service.js';
import type { AudienceSpec } from '../sharing/audience.js';
import { addIndicators } from '../sharing/indicator.service.js';
import { authorOrg, requireIncident, requireSide, sidesOf } from './incident-access.js';

export interface ShareIndicatorInput {
  /** The incident indicator: its value (as reported, defanged or not) or its id. */
  indicator: string;
  tlp: string;
  shareWith?: AudienceSpec;
  description?: string;
  confidence?: number | null;
}

export interface ShareIndicatorResult {
  reference: string;
  indicator: { id: string; stixId: string; type: string; value: string; tlp: string; producer: string };
}

/**
 * Shares an incident's indicator: the centre shares as the national organisation, the reporting
 * side as the reporting organisation. Sharing again (another marking, another audience) updates
 * the same shared indicator.
 */
export async function shareIncidentIndicator(
  database: Database,
  actor: Actor,
  reference: string,
  input: ShareIndicatorInput,
  now: Date = new Date(),
): Promise<ShareIndicatorResult> {
  const db = database.db;
  const incident = await requireIncident(db, actor, reference);
  const sides = await sidesOf(db, actor, incident);
  requireSide(actor, sides, incident.reference);
  const reader = await readerOf(db, actor);
  const held = await incidentIndicators(db, reader, incident.id);
  const wanted = input.indicator.trim();
  const parsed = parseIndicatorValue(wanted);
  const item = held.find(
    (h) =>
      h.id === wanted ||
      h.value === wanted ||
      (parsed.ok && h.type === parsed.type && h.value === parsed.value),
  );
  if (!item) throw new NotFoundError(`${incident.reference} has no indicator ${wanted}`);
  const producer = await authorOrg(db, sides, incident);
  const [added] = await addIndicators(
    database,
    actor,
    producer.code,
    [
      {
        value: item.value,
        type: item.type,
        tlp: input.tlp,
        confidence: input.confidence ?? null,
        description: input.description?.trim() || item.note,
        firstSeen: incident.started_at.toISOString(),
        shareWith: input.shareWith,
      },
    ],
    { source: `incident:${incident.reference}` },
  );
  if (!added) throw new Error('addIndicators returned nothing');
  await db.transaction().execute(async (trx) => {
    await linkIncidentIndicator(trx, item.id, added.id);
    await insertIncidentUpdate(trx, {
      incident_id: incident.id,
      org_id: producer.id,
      kind: 'share',
      author: actor.label,
      at: now,
      text: `Shared ${item.type} ${item.value} as TLP:${added.tlp}`,
      from_status: null,
      to_status: null,
    });
    await updateIncident(trx, incident.id, { updated_at: now });
    await audit(
      trx,
      actor,
      incident.org_id,
      'incident.share_indicator',
      null,
      { indicator: added.stixId, type: item.type, value: item.value, tlp: added.tlp },
      incident.reference,
    );
  });
  return {
    reference: incident.reference,
    indicator: {
      id: added.id,
      stixId: added.stixId,
      type: added.type,
      value: added.value,
      tlp: added.tlp,
      producer: producer.code,
    },
  };
}

export interface IncidentAlertInput {
  /** Default: the incident's category and reference. */
  title?: string;
  /** Default: the incident's triage severity. */
  severity?: string;
  /** The advice: what organisations should do. */
  action: string;
  /** Target specs as for any alert (`all`, `kind:KIND`, `under:CODE`, `org:CODE`, `auto` with CVEs). */
  targets?: readonly string[];
  cves?: readonly string[];
  /** Also target the organisations that sighted the incident's shared indicators. */
  sighters?: boolean;
  ackHours?: number;
  /** Make a draft for review instead of issuing. */
  draft?: boolean;
}

export interface IncidentAlertResult {
  reference: string;
  /** The alert issued (null when a draft was made). */
  alert: IssueResult | null;
  /** The draft made (null when issued). */
  draft: { id: string } | null;
  /** Indicators attached to the alert's text (shared as TLP:CLEAR or TLP:GREEN). */
  attached: { type: string; value: string; tlp: string }[];
  /** Indicators left out because their marking does not allow telling every target. */
  leftOut: { type: string; value: string; why: string }[];
  targets: string[];
}

/** Only markings every signed-in organisation may see go into an alert's text. */
const ALERTABLE = new Set(['CLEAR', 'GREEN']);

export async function alertFromIncident(
  database: Database,
  ctx: AlertContext,
  reference: string,
  input: IncidentAlertInput,
): Promise<IncidentAlertResult> {
  requireNational(ctx.actor, 'national', 'raise alerts from incidents');
  const db = database.db;
  const incident = await requireIncident(db, ctx.actor, reference);
  const reader = await readerOf(db, ctx.actor);
  const held = await incidentIndicators(db, reader, incident.id);
  const attached: IncidentAlertResult['attached'] = [];
  const leftOut: IncidentAlertResult['leftOut'] = [];
  for (const h of held) {
    if (h.shared && ALERTABLE.has(h.shared.tlp))
      attached.push({ type: h.type, value: h.value, tlp: h.shared.tlp });
    else
      leftOut.push({
        type: h.type,
        value: h.value,
        why: h.shared
          ? `shared as TLP:${h.shared.tlp}: not for every target`
          : 'not shared yet: share it as TLP:GREEN or TLP:CLEAR to attach it',
      });
  }
  const sharedIds = held.flatMap((h) => (h.indicator_id ? [h.indicator_id] : []));
  const sighters = input.sighters ? await sightingOrgCodes(db, sharedIds) : [];
  const targets = [...(input.targets ?? []), ...sighters.map((c) => `org:${c}`)];
  const category = CATEGORY_LABELS[incident.category as IncidentCategory] ?? incident.category;
  const severity = input.severity?.trim() || incident.severity || '';
  const action = input.action?.trim() ?? '';
  const text =
    attached.length === 0
      ? action
      : `${action}\n\nIndicators of compromise (from ${incident.reference}):\n${attached
          .map((a) => `- ${a.type} ${a.value} (TLP:${a.tlp})`)
          .join('\n')}`;
  const draft = {
    title: input.title?.trim() || `${category} incident ${incident.reference}`,
    severity,
    action: text,
    cves: input.cves ?? [],
    advisory: null,
    targets,
    ackHours: input.ackHours ?? DEFAULT_ACK_HOURS,
  };
  const { alert: valid, problems } = validateAlertDraft(draft);
  if (!valid) {
    const list = problems.map((p) => ({
      file: 'request',
      line: 0,
      field: p.field === 'action' ? 'action' : p.field,
      reason:
        p.field === 'severity' && !severity ? 'give a severity (the incident is not triaged yet)' : p.reason,
    }));
    if (targets.length === 0 && input.sighters)
      list.push({
        file: 'request',
        line: 0,
        field: 'sighters',
        reason: 'no organisation has sighted its indicators yet',
      });
    throw new InvalidInputError(list.map((p) => `${p.field}: ${p.reason}`).join('; '), list);
  }
  if (!isSeverity(valid.severity)) throw invalidFields({ severity: 'not a severity' });
  const root = await findRootOrganisation(db);
  return db.transaction().execute(async (trx) => {
    let issued: IssueResult | null = null;
    let draftId: string | null = null;
    if (input.draft) {
      draftId = await insertDraftOnce(trx, {
        trigger: 'incident',
        trigger_key: incident.reference,
        products: [],
        title: valid.title,
        severity: valid.severity,
        action: valid.action,
        cves: valid.cves,
        targets: valid.targets.map((t) => t.text),
        why: `Raised from incident ${incident.reference} (${category})`,
        created_at: ctx.clock.now(),
      });
      if (!draftId) throw invalidFields({ draft: `${incident.reference} already has an alert draft` });
    } else {
      issued = await issueAlertIn(trx, ctx, { ...draft, targets: valid.targets.map((t) => t.text) });
    }
    await insertIncidentUpdate(trx, {
      incident_id: incident.id,
      org_id: root?.id ?? incident.org_id,
      kind: 'alert',
      author: ctx.actor.label,
      at: ctx.clock.now(),
      text: issued
        ? `Alert ${issued.reference} issued to ${issued.totals.organisations} organisation${issued.totals.organisations === 1 ? '' : 's'}`
        : `Alert draft ${draftId} made for review`,
      from_status: null,
      to_status: null,
    });
    await audit(
      trx,
      ctx.actor,
      incident.org_id,
      'incident.alert',
      null,
      {
        alert: issued?.reference ?? null,
        draft: draftId,
        attached: attached.length,
        targets: valid.targets.map((t) => t.text),
      },
      incident.reference,
    );
    return {
      reference: incident.reference,
      alert: issued,
      draft: draftId ? { id: draftId } : null,
      attached,
      leftOut,
      targets: valid.targets.map((t) => t.text),
    };
  });
}
