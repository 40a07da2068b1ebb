/**
 * Incidents over the API: the report a responder sends, the list's summary with its reporting
 * deadlines, one incident's page, and the bodies and answers of updates, triage, sharing an
 * indicator and raising an alert.
 */
import { z } from 'zod';
import { SEVERITIES } from '../../domain/alerts/alert.js';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES } from '../../domain/incident/incident.js';
import { TLP_MARKINGS } from '../../domain/sharing/tlp.js';
import type { IncidentAlertResult } from '../../services/incident/incident-share.service.js';
import { AlertIssueResult, presentIssueResult } from './alert.schemas.js';
import { named, OrgCode } from './common.schemas.js';

export const IncidentReference = z
  .string()
  .regex(/^[Ii][Nn][Cc]-\d{4}-\d{1,9}$/, 'an incident reference such as INC-2026-000042')
  .describe('incident reference (INC-YYYY-NNNNNN)');

const Share = z
  .object({
    orgs: z
      .array(z.string().max(40))
      .max(200)
      .optional()
      .describe('ODS codes; `under:CODE` for an organisation and its subtree'),
    groups: z.array(z.string().max(200)).max(50).optional().describe('sharing group names'),
  })
  .describe('who may read it beyond the reporting organisation and those above it');

export const IncidentReport = z.object({
  org: OrgCode.describe('the reporting organisation'),
  title: z.string().max(200).describe('a short title'),
  summary: z.string().max(20_000).describe('what happened, in plain words'),
  category: z
    .string()
    .max(40)
    .describe(`one of ${INCIDENT_CATEGORIES.join(', ')}`),
  startedAt: z.string().max(40).describe('when it started (ISO 8601)'),
  detectedAt: z.string().max(40).describe('when it was detected (ISO 8601); deadlines count from here'),
  assets: z
    .array(z.string().max(200))
    .max(1000)
    .optional()
    .describe("affected assets of the organisation's own inventory: ids, host names or asset keys"),
  patientImpact: z
    .object({
      delayed: z.number().int().optional().describe('appointments or procedures delayed'),
      cancelled: z.number().int().optional().describe('cancelled'),
      diverted: z.number().int().optional().describe('patients or ambulances diverted'),
    })
    .optional()
    .describe('impact on patient care; absent or all zero: none'),
  personalData: z.boolean().describe('whether personal data is involved'),
  indicators: z
    .array(
      z.object({
        value: z
          .string()
          .max(2000)
          .describe('an address, domain, URL, e-mail address or file hash (defanged is fine)'),
        type: z.string().max(20).optional().describe('its kind; guessed when absent'),
        note: z.string().max(2000).optional().describe('where it was seen'),
      }),
    )
    .max(500)
    .optional()
    .describe('what was seen'),
  helpRequested: z.string().max(5000).optional().describe('the help asked of the centre'),
  shareWith: Share.optional(),
});

const Match = z.object({
  shared: z
    .array(z.object({ id: z.string(), producer: z.string(), tlp: z.string() }))
    .describe('shared indicators of the same value you may see'),
  incidents: z
    .array(z.object({ reference: z.string(), org: z.string() }))
    .describe('other incidents you may read holding the same value'),
});

export const IncidentReported = named(
  z.object({
    reference: z.string().describe('the new incident reference'),
    org: z.string().describe('the reporting organisation'),
    status: z.string().describe('reported'),
    assets: z.number().int().describe('affected assets recorded'),
    indicators: z
      .array(z.object({ type: z.string(), value: z.string().describe('canonical form'), matches: Match }))
      .describe('the indicators as kept, each with what Ward already holds of it'),
  }),
  'IncidentReported',
);

const Deadline = z.object({
  id: z.string().describe('initial-report, full-report…'),
  name: z.string(),
  dueAt: z.string().describe('when it is due (ISO 8601), counted from detection'),
  state: z.enum(['met', 'met_late', 'due', 'overdue', 'not_applicable']),
  metAt: z.string().nullable().describe('when it was met'),
});

const summaryShape = {
  reference: z.string(),
  org: z.object({ code: z.string(), name: z.string() }).describe('the reporting organisation'),
  title: z.string(),
  category: z.enum(INCIDENT_CATEGORIES),
  status: z.enum(INCIDENT_STATUSES),
  severity: z.enum(SEVERITIES).nullable().describe('set by the centre on triage'),
  significant: z.boolean().nullable().describe('set by the centre on triage'),
  detectedAt: z.string(),
  reportedAt: z.string(),
  deadlines: z.array(Deadline).describe('reporting deadlines, as of now'),
  overdue: z.boolean().describe('a reporting deadline has passed unmet'),
};

export const IncidentSummary = named(z.object(summaryShape), 'IncidentSummary');

export const IncidentDetail = named(
  z.object({
    ...summaryShape,
    summary: z.string().describe('what happened'),
    startedAt: z.string(),
    reportedBy: z.string(),
    patientImpact: z.object({
      delayed: z.number().int(),
      cancelled: z.number().int(),
      diverted: z.number().int(),
      summary: z.string().describe('none, or the kinds with their counts'),
    }),
    personalData: z.boolean(),
    helpRequested: z.string(),
    leadAnalyst: z.string().nullable(),
    triagedAt: z.string().nullable(),
    fullReportAt: z.string().nullable(),
    sharedWith: z
      .object({
        orgs: z.array(z.object({ code: z.string(), subtree: z.boolean() })),
        groups: z.array(z.string()),
      })
      .nullable()
      .describe('its audience beyond the hierarchy (shown to the reporting side and the centre)'),
    assets: z.array(
      z.object({
        id: z.number().int(),
        org: z.string(),
        hostname: z.string().nullable(),
        assetKey: z.string(),
        type: z.string(),
        criticality: z.string(),
      }),
    ),
    indicators: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        value: z.string(),
        note: z.string(),
        shared: z
          .object({
            stixId: z.string(),
            tlp: z.string().describe('its TLP marking'),
            producer: z.string(),
            sightedBy: z.number().int().describe('how many organisations saw it'),
          })
          .nullable()
          .describe('the shared indicator made from it, when you may see it'),
        matches: Match,
      }),
    ),
    timeline: z.array(
      z.object({
        kind: z.string().describe('report, note, full_report, triage, status, share, alert'),
        author: z.string(),
        org: z.string().describe('the organisation the author spoke for'),
        at: z.string(),
        text: z.string(),
        fromStatus: z.string().nullable(),
        toStatus: z.string().nullable(),
      }),
    ),
    sides: z
      .array(z.enum(['centre', 'reporter']))
      .describe('what you speak for on it: the centre triages; either side updates; neither: read only'),
  }),
  'IncidentDetail',
);

export const IncidentUpdateBody = z.object({
  kind: z.string().max(20).optional().describe('note (default) or full_report'),
  text: z.string().max(20_000).optional().describe('what has happened'),
  status: z.string().max(20).optional().describe('contained, closed, or triaged (the centre reopening it)'),
});

export const IncidentUpdated = named(
  z.object({
    reference: z.string(),
    status: z.enum(INCIDENT_STATUSES),
    kind: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
  }),
  'IncidentUpdated',
);

export const TriageBody = z.object({
  severity: z.string().max(20).describe(SEVERITIES.join(', ')),
  leadAnalyst: z.string().max(200).describe('who leads it at the centre'),
  significant: z.boolean().describe('significant: the full-report deadline applies'),
  text: z.string().max(20_000).optional(),
  shareWith: Share.optional(),
});

export const IncidentTriaged = named(
  IncidentUpdated.extend({ severity: z.string(), significant: z.boolean(), leadAnalyst: z.string() }),
  'IncidentTriaged',
);

export const ShareIndicatorBody = z.object({
  indicator: z.string().max(2000).describe("the incident's indicator: its value or id"),
  tlp: z
    .string()
    .max(20)
    .describe(`TLP marking: ${TLP_MARKINGS.join(', ')}`),
  shareWith: z
    .object({
      orgs: z.array(z.string().max(40)).max(200).optional(),
      groups: z.array(z.string().max(200)).max(50).optional(),
      people: z.array(z.string().max(200)).max(200).optional(),
    })
    .optional()
    .describe('AMBER: organisations and sharing groups; RED: people'),
  description: z.string().max(5000).optional(),
  confidence: z.number().int().nullable().optional(),
});

export const IndicatorShared = named(
  z.object({
    reference: z.string(),
    indicator: z.object({
      id: z.string(),
      stixId: z.string(),
      type: z.string(),
      value: z.string(),
      tlp: z.string(),
      producer: z.string(),
    }),
  }),
  'IncidentIndicatorShared',
);

export const IncidentAlertBody = z.object({
  title: z.string().max(200).optional().describe("default: the incident's category and reference"),
  severity: z.string().max(20).optional().describe("default: the incident's triage severity"),
  action: z.string().max(20_000).describe('the advice: what organisations should do'),
  targets: z.array(z.string().max(200)).max(100).optional().describe('target specs, as for any alert'),
  cves: z.array(z.string().max(30)).max(100).optional(),
  sighters: z
    .boolean()
    .optional()
    .describe("also the organisations that sighted the incident's shared indicators"),
  ackHours: z.number().int().optional(),
  draft: z.boolean().optional().describe('make a draft for review instead of issuing'),
});

export const IncidentAlert = named(
  z.object({
    reference: z.string(),
    alert: AlertIssueResult.nullable().describe('the alert issued'),
    draft: z.object({ id: z.string() }).nullable().describe('the draft made'),
    attached: z.array(z.object({ type: z.string(), value: z.string(), tlp: z.string() })),
    leftOut: z.array(z.object({ type: z.string(), value: z.string(), why: z.string() })),
    targets: z.array(z.string()),
  }),
  'IncidentAlert',
);

export function presentIncidentAlert(r: IncidentAlertResult): z.output<typeof IncidentAlert> {
  return { ...r, alert: r.alert ? presentIssueResult(r.alert) : null };
}
