/**
 * Incidents as the surfaces show them (times as ISO 8601): the list's summary with the reporting
 * deadlines at a given instant, and the full page.
 */
import type { IncidentListRow } from '../../db/repositories/incident/incident.repository.js';
import type { Severity } from '../../domain/alerts/alert.js';
import {
  describeImpact,
  type IncidentCategory,
  type IncidentStatus,
  type PatientImpact,
} from '../../domain/incident/incident.js';
import { deadlineStatus, isOverdue } from '../../domain/incident/reporting-deadlines.js';

export interface DeadlineView {
  id: string;
  name: string;
  dueAt: string;
  state: 'met' | 'met_late' | 'due' | 'overdue' | 'not_applicable';
  metAt: string | null;
}

export interface IncidentSummary {
  reference: string;
  org: { code: string; name: string };
  title: string;
  category: IncidentCategory;
  status: IncidentStatus;
  severity: Severity | null;
  significant: boolean | null;
  detectedAt: string;
  reportedAt: string;
  deadlines: DeadlineView[];
  /** A reporting deadline has passed unmet. */
  overdue: boolean;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toSummary(r: IncidentListRow, now: Date): IncidentSummary {
  const statuses = deadlineStatus(
    {
      detectedAt: new Date(r.detected_at),
      reportedAt: new Date(r.reported_at),
      significant: r.significant,
      fullReportAt: r.full_report_at ? new Date(r.full_report_at) : null,
    },
    now,
  );
  return {
    reference: r.reference,
    org: { code: r.org_code, name: r.org_name },
    title: r.title,
    category: r.category as IncidentCategory,
    status: r.status as IncidentStatus,
    severity: r.severity as Severity | null,
    significant: r.significant,
    detectedAt: iso(r.detected_at) as string,
    reportedAt: iso(r.reported_at) as string,
    deadlines: statuses.map((s) => ({
      id: s.id,
      name: s.name,
      dueAt: s.dueAt.toISOString(),
      state: s.state,
      metAt: iso(s.metAt),
    })),
    overdue: isOverdue(statuses),
  };
}

export function impactOf(r: IncidentListRow): PatientImpact & { summary: string } {
  const impact = { delayed: r.impact_delayed, cancelled: r.impact_cancelled, diverted: r.impact_diverted };
  return { ...impact, summary: describeImpact(impact) };
}

export { iso };
