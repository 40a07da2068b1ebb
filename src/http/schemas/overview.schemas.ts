/**
 * The federation overview as the API shows it — alert compliance with its weekly trend, the top
 * exposures and medical devices at risk, each for a subtree — and their presenters.
 */
import { z } from 'zod';
import type {
  AlertCompliance as AlertComplianceValue,
  ComplianceCounts as ComplianceCountsValue,
  MedicalDevices as MedicalDevicesValue,
  OrgRef as OrgRefValue,
  TopExposures as TopExposuresValue,
} from '../../services/federation/overview.service.js';
import { named } from './common.schemas.js';
import { OrgKind } from './organisation.schemas.js';

const OverviewOrg = z
  .object({
    code: z.string().describe('ODS code'),
    name: z.string().describe('name'),
    kind: OrgKind,
  })
  .describe('the organisation whose subtree is counted');

const ComplianceCounts = {
  targets: z.number().int().describe('organisations targeted by live alerts (one per alert)'),
  acknowledgedInTime: z.number().int().describe('acknowledged no later than their deadline'),
  shareAcknowledgedInTime: z.number().describe('acknowledgedInTime / targets (0 when none)'),
  awaiting: z.number().int().describe('still awaiting acknowledgement'),
  overdue: z.number().int().describe('awaiting acknowledgement past the deadline'),
};

export const AlertCompliance = named(
  z.object({
    org: OverviewOrg,
    asOf: z.string().describe('the time overdue is reckoned at'),
    totals: z.object(ComplianceCounts).describe('every live alert'),
    trend: z
      .array(z.object({ week: z.string().describe('Monday of the week targeted'), ...ComplianceCounts }))
      .describe('per week in which organisations were targeted, oldest first; how those targets stand now'),
  }),
  'AlertCompliance',
);

export const TopExposures = named(
  z.object({
    org: OverviewOrg,
    items: z
      .array(
        z.object({
          cve: z.string().describe('CVE id'),
          description: z.string().describe('the start of the CVE description'),
          cvss: z
            .object({
              score: z.number().nullable().describe('CVSS base score (null: not scored)'),
              severity: z.string().nullable().describe("NVD's severity for the score"),
            })
            .describe('CVSS as NVD gives it'),
          kev: z.boolean().describe('in CISA KEV'),
          kevDueDate: z.string().nullable().describe("CISA KEV's due date (YYYY-MM-DD), when in KEV"),
          epss: z.number().nullable().describe('EPSS probability (0-1), when scored'),
          organisations: z.number().int().describe('organisations with open findings'),
          devices: z.number().int().describe('devices with a vulnerable component (summed over findings)'),
          actFindings: z.number().int().describe('findings of priority Act'),
        }),
      )
      .describe('the CVEs, in the order asked for'),
  }),
  'TopExposures',
);

const DeviceCounts = {
  devices: z.number().int().describe('live medical devices'),
  atRisk: z.number().int().describe('with a component that has an open finding'),
  kev: z.number().int().describe('at risk from a known-exploited vulnerability'),
};

export const MedicalDevices = named(
  z.object({
    org: OverviewOrg,
    totals: z.object(DeviceCounts).describe('every manufacturer'),
    manufacturers: z
      .array(z.object({ name: z.string().describe('manufacturer'), ...DeviceCounts }))
      .describe('most devices at risk first'),
  }),
  'MedicalDevices',
);

function presentOrg(o: OrgRefValue): z.infer<typeof OverviewOrg> {
  return { code: o.code, name: o.name, kind: o.kind };
}

function presentCounts(c: ComplianceCountsValue) {
  return {
    targets: c.targets,
    acknowledgedInTime: c.acknowledgedInTime,
    shareAcknowledgedInTime: c.shareAcknowledgedInTime,
    awaiting: c.awaiting,
    overdue: c.overdue,
  };
}

export function presentAlertCompliance(c: AlertComplianceValue): z.infer<typeof AlertCompliance> {
  return {
    org: presentOrg(c.org),
    asOf: c.asOf,
    totals: presentCounts(c.totals),
    trend: c.trend.map((w) => ({ week: w.week, ...presentCounts(w) })),
  };
}

export function presentTopExposures(t: TopExposuresValue): z.infer<typeof TopExposures> {
  return {
    org: presentOrg(t.org),
    items: t.items.map((i) => ({
      cve: i.cve,
      description: i.description,
      cvss: { score: i.cvss.score, severity: i.cvss.severity },
      kev: i.kev,
      kevDueDate: i.kevDueDate,
      epss: i.epss,
      organisations: i.organisations,
      devices: i.devices,
      actFindings: i.actFindings,
    })),
  };
}

export function presentMedicalDevices(m: MedicalDevicesValue): z.infer<typeof MedicalDevices> {
  return {
    org: presentOrg(m.org),
    totals: { devices: m.totals.devices, atRisk: m.totals.atRisk, kev: m.totals.kev },
    manufacturers: m.manufacturers.map((x) => ({
      name: x.name,
      devices: x.devices,
      atRisk: x.atRisk,
      kev: x.kev,
    })),
  };
}
