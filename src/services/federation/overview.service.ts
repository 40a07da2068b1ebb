/**
 * The federation overview's figures for one organisation's subtree (the caller's own by default):
 * how well alerts are acknowledged in time and how that changes week by week, the CVEs exposing
 * the most devices, and medical devices at risk. Counts cover only what the caller may see.
 */
import type { Database } from '../../db/connect.js';
import type { OrgRow } from '../../db/repositories/organisation.repository.js';
import {
  alertCompliance,
  type ComplianceRow,
  medicalDevicesByManufacturer,
  type TopExposureOrder,
  topExposures,
} from '../../db/repositories/overview.repository.js';

export { TOP_EXPOSURE_ORDERS, type TopExposureOrder } from '../../db/repositories/overview.repository.js';

import { type Actor, scopeFor } from '../../domain/access/actor.js';
import type { Clock } from '../../domain/alerts/clock.js';
import type { OrgKind } from '../../domain/org/organisation.js';
import { subtreeRoot } from './organisation.service.js';

export interface OrgRef {
  code: string;
  name: string;
  kind: OrgKind;
}

/** The organisation whose subtree is counted, in the actor's read scope (`org` names it). */
async function overviewRoot(database: Database, actor: Actor, code: string | null) {
  const scope = scopeFor(actor, 'read');
  return { scope, org: await subtreeRoot(database, scope, code, 'org') };
}

const ref = (o: OrgRow): OrgRef => ({ code: o.code, name: o.name, kind: o.kind });

export interface ComplianceCounts {
  targets: number;
  acknowledgedInTime: number;
  /** acknowledgedInTime / targets (0 when there are none), as in an alert's status. */
  shareAcknowledgedInTime: number;
  awaiting: number;
  overdue: number;
}

export interface AlertCompliance {
  org: OrgRef;
  asOf: string;
  totals: ComplianceCounts;
  /** Per week of targeting (Monday), oldest first: how those targets stand now. */
  trend: (ComplianceCounts & { week: string })[];
}

function complianceCounts(r: ComplianceRow | undefined): ComplianceCounts {
  const targets = r?.targets ?? 0;
  const inTime = r?.acknowledged_in_time ?? 0;
  return {
    targets,
    acknowledgedInTime: inTime,
    shareAcknowledgedInTime: targets === 0 ? 0 : Number((inTime / targets).toFixed(4)),
    awaiting: r?.awaiting ?? 0,
    overdue: r?.overdue ?? 0,
  };
}

/** Alert compliance under the organisation (the actor's own view by default), with its weekly trend. */
export async function alertComplianceOverview(
  database: Database,
  actor: Actor,
  clock: Clock,
  code: string | null,
  weeks: number,
): Promise<AlertCompliance> {
  const { scope, org } = await overviewRoot(database, actor, code);
  const now = clock.now();
  const [all, ...perWeek] = await alertCompliance(database.db, scope, org.id, now, weeks);
  return {
    org: ref(org),
    asOf: now.toISOString(),
    totals: complianceCounts(all),
    trend: perWeek.map((r) => ({
      week: (r.week as Date).toISOString().slice(0, 10),
      ...complianceCounts(r),
    })),
  };
}

export interface TopExposure {
  cve: string;
  description: string;
  cvss: { score: number | null; severity: string | null };
  kev: boolean;
  kevDueDate: string | null;
  epss: number | null;
  organisations: number;
  devices: number;
  actFindings: number;
}

/** The CVEs with open findings under the organisation, ranked by `order`. */
export async function topExposuresOverview(
  database: Database,
  actor: Actor,
  code: string | null,
  options: { order: TopExposureOrder; limit: number },
): Promise<TopExposures> {
  const { scope, org } = await overviewRoot(database, actor, code);
  const rows = await topExposures(database.db, scope, org.id, options.order, options.limit);
  return {
    org: ref(org),
    items: rows.map((r) => ({
      cve: r.cve_id,
      description: r.description,
      cvss: { score: r.cvss_score === null ? null : Number(r.cvss_score), severity: r.cvss_severity },
      kev: r.kev,
      kevDueDate: r.kev_due_date ? r.kev_due_date.toISOString().slice(0, 10) : null,
      epss: r.epss,
      organisations: r.organisations,
      devices: r.devices,
      actFindings: r.act,
    })),
  };
}

export interface TopExposures {
  org: OrgRef;
  items: TopExposure[];
}

export interface MedicalDevices {
  org: OrgRef;
  totals: { devices: number; atRisk: number; kev: number };
  /** Manufacturers with the most devices at risk first (at most `limit`). */
  manufacturers: { name: string; devices: number; atRisk: number; kev: number }[];
}

/** Medical devices under the organisation and those at risk, by manufacturer. */
export async function medicalDevicesOverview(
  database: Database,
  actor: Actor,
  code: string | null,
  limit: number,
): Promise<MedicalDevices> {
  const { org } = await overviewRoot(database, actor, code);
  const rows = await medicalDevicesByManufacturer(database.db, org.id);
  const sum = (k: 'devices' | 'at_risk' | 'kev') => rows.reduce((n, r) => n + r[k], 0);
  return {
    org: ref(org),
    totals: { devices: sum('devices'), atRisk: sum('at_risk'), kev: sum('kev') },
    manufacturers: rows
      .slice(0, limit)
      .map((r) => ({ name: r.manufacturer, devices: r.devices, atRisk: r.at_risk, kev: r.kev })),
  };
}
