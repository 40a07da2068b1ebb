/**
 * An incident's life after the report: updates from either side (a note, the full report, a
 * status change: contained, closed, reopened), and the centre's triage (severity, lead analyst,
 * whether it is significant, and whom else it is shared with). Every change is a timeline entry
 * and an audit record, in one transaction; a move the lifecycle does not allow is refused with the
 * reason.
 */
import type { Database } from '../../db/connect.js';
import { insertIncidentUpdate, updateIncident } from '../../db/repositories/incident/incident.repository.js';
import { upsertAudience } from '../../db/repositories/incident/incident-audience.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { isSeverity, SEVERITIES } from '../../domain/alerts/alert.js';
import { checkTransition, type IncidentStatus, parseStatus } from '../../domain/incident/incident.js';
import { ConflictError, ForbiddenError, invalidFields } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { type AudienceSpec, resolveAudience } from '../sharing/audience.js';
import { authorOrg, requireIncident, requireSide, sidesOf } from './incident-access.js';

export interface IncidentUpdateInput {
  /** `note` (default) or `full_report`: the full report meets the full-report deadline. */
  kind?: string;
  text?: string;
  /** A new status: `contained`, `closed`, or `triaged` (the centre reopening a closed incident). */
  status?: string;
}

export interface UpdateResult {
  reference: string;
  status: IncidentStatus;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
}

export async function updateIncidentTimeline(
  database: Database,
  actor: Actor,
  reference: string,
  input: IncidentUpdateInput,
  now: Date = new Date(),
): Promise<UpdateResult> {
  const problems: Record<string, string> = {};
  const kind =
    input.kind
      ?.trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_') || 'note';
  if (kind !== 'note' && kind !== 'full_report')
    problems.kind = `"${input.kind}" is not an update kind (note, full_report)`;
  const text = input.text?.trim() ?? '';
  if (text.length > 20_000) problems.text = 'keep it under 20000 characters';
  const status = input.status === undefined || input.status === '' ? null : parseStatus(input.status);
  if (status === null && input.status)
    problems.status = `"${input.status}" is not a status (contained, closed, triaged)`;
  if (!status && text === '') problems.text = 'say what has happened (or give a new status)';
  if (kind === 'full_report' && text === '') problems.text = 'the full report needs its text';
  if (Object.keys(problems).length > 0) throw invalidFields(problems);
  return database.db.transaction().execute(async (trx) => {
    const incident = await requireIncident(trx, actor, reference, true);
    const sides = await sidesOf(trx, actor, incident);
    requireSide(actor, sides, incident.reference);
    const from = incident.status as IncidentStatus;
    if (status) {
      if (status === 'triaged' && from !== 'closed')
        throw new ConflictError(
          `${incident.reference}: triage it instead (severity, lead analyst, significance)`,
        );
      const move = checkTransition(from, status, sides);
      if (!move.ok) throw new ConflictError(`${incident.reference}: ${move.reason}`);
    }
    const org = await authorOrg(trx, sides, incident);
    await insertIncidentUpdate(trx, {
      incident_id: incident.id,
      org_id: org.id,
      kind: status && kind === 'note' ? (text ? 'note' : 'status') : kind,
      author: actor.label,
      at: now,
      text,
      from_status: status ? from : null,
      to_status: status,
    });
    await updateIncident(trx, incident.id, {
      updated_at: now,
      ...(status ? { status } : {}),
      ...(kind === 'full_report' && !incident.full_report_at ? { full_report_at: now } : {}),
    });
    await audit(
      trx,
      actor,
      incident.org_id,
      'incident.update',
      { status: from },
      { kind, status: status ?? from },
      incident.reference,
    );
    return {
      reference: incident.reference,
      status: (status ?? from) as IncidentStatus,
      kind,
      fromStatus: status ? from : null,
      toStatus: status,
    };
  });
}

export interface TriageInput {
  severity: string;
  leadAnalyst: string;
  significant: boolean;
  text?: string;
  /** More organisations (`CODE`, `under:CODE`) and sharing groups to share it with. */
  shareWith?: Pick<AudienceSpec, 'orgs' | 'groups'>;
}

/**
 * The centre's assessment. A reported incident becomes triaged; a closed one is reopened as
 * triaged; on a triaged or contained incident the assessment is revised without a status change.
 */
export async function triageIncident(
  database: Database,
  actor: Actor,
  reference: string,
  input: TriageInput,
  now: Date = new Date(),
): Promise<UpdateResult & { severity: string; significant: boolean; leadAnalyst: string }> {
  const problems: Record<string, string> = {};
  const severity = String(input.severity ?? '')
    .trim()
    .toLowerCase();
  if (!isSeverity(severity))
    problems.severity = `"${input.severity ?? ''}" is not a severity (${SEVERITIES.join(', ')})`;
  const lead = String(input.leadAnalyst ?? '').trim();
  if (lead === '' || lead.length > 200) problems.leadAnalyst = 'name the lead analyst';
  if (typeof input.significant !== 'boolean')
    problems.significant = 'say whether it is significant (yes or no)';
  const { rows: audience, problems: named } = await resolveAudience(database.db, {
    orgs: input.shareWith?.orgs ?? [],
    groups: input.shareWith?.groups ?? [],
  });
  Object.assign(problems, named);
  if (Object.keys(problems).length > 0) throw invalidFields(problems);
  return database.db.transaction().execute(async (trx) => {
    const incident = await requireIncident(trx, actor, reference, true);
    const sides = await sidesOf(trx, actor, incident);
    if (!sides.includes('centre'))
      throw new ForbiddenError(
        `${actor.label} may not triage ${incident.reference}: only the national centre triages`,
      );
    const from = incident.status as IncidentStatus;
    const moves = from === 'reported' || from === 'closed';
    if (moves) {
      const move = checkTransition(from, 'triaged', sides);
      if (!move.ok) throw new ConflictError(`${incident.reference}: ${move.reason}`);
    }
    const org = await authorOrg(trx, sides, incident);
    const summary = `Severity ${severity}, lead analyst ${lead}, ${input.significant ? 'significant' : 'not significant'}`;
    await insertIncidentUpdate(trx, {
      incident_id: incident.id,
      org_id: org.id,
      kind: 'triage',
      author: actor.label,
      at: now,
      text: input.text?.trim() ? `${summary}. ${input.text.trim()}` : summary,
      from_status: moves ? from : null,
      to_status: moves ? 'triaged' : null,
    });
    await updateIncident(trx, incident.id, {
      severity,
      lead_analyst: lead,
      significant: input.significant,
      triaged_at: incident.triaged_at ?? now,
      updated_at: now,
      ...(moves ? { status: 'triaged' } : {}),
    });
    await upsertAudience(trx, incident.id, audience);
    await audit(
      trx,
      actor,
      incident.org_id,
      'incident.triage',
      { status: from, severity: incident.severity, significant: incident.significant },
      { status: moves ? 'triaged' : from, severity, significant: input.significant, leadAnalyst: lead },
      incident.reference,
    );
    return {
      reference: incident.reference,
      status: moves ? ('triaged' as const) : from,
      kind: 'triage',
      fromStatus: moves ? from : null,
      toStatus: moves ? 'triaged' : null,
      severity,
      significant: input.significant,
      leadAnalyst: lead,
    };
  });
}
