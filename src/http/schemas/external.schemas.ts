/**
 * What is seen from outside, as the API shows it: imported scan reports, exposures, and the summary
 * by child organisation; with their presenters.
 */
import { z } from 'zod';
import { REPORT_FORMATS } from '../../domain/outside/observation.js';
import type {
  ExternalListResult,
  ExternalSummary as ExternalSummaryValue,
} from '../../services/outside/external.service.js';
import type { ObserveResult } from '../../services/outside/observe.service.js';
import { named, OrgCode } from './common.schemas.js';

export const ObservationImportQuery = z.object({
  source: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits and _ . : -')
    .optional()
    .describe(
      'the scanner or feed the reports come from; lifecycles are per source (default: the layout name)',
    ),
  format: z.enum(REPORT_FORMATS).optional().describe('the layout, detected from the first line when absent'),
  graceDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .optional()
    .describe(
      'close an exposure the source has not seen for this many days before its latest report (default 7)',
    ),
});

const UnknownAddress = z.object({
  address: z.string().describe('an address no organisation registered'),
  rows: z.number().int().describe('report rows naming it'),
});

export const ObservationImportResult = named(
  z.object({
    graceDays: z.number().int().describe('the grace period applied, in days'),
    reports: z
      .array(
        z.object({
          file: z.string().describe('the file as uploaded'),
          source: z.string().describe('the source it was imported as'),
          format: z.string().describe('its layout'),
          checksum: z.string().describe('SHA-256 of its content (after gunzip)'),
          alreadyImported: z.boolean().describe('the source sent this exact report before: nothing changed'),
          rows: z.number().int().describe('rows in the report'),
          attributed: z.number().int().describe('rows whose address lies in a registered range'),
          unknown: z.number().int().describe('rows for addresses no organisation registered'),
          unknownDistinct: z.number().int().describe('distinct unregistered addresses'),
          unknownAddresses: z
            .array(UnknownAddress)
            .describe('unregistered addresses, most rows first (at most 20)'),
          ignored: z.number().int().describe('attributed rows that match no rule and name no product'),
          opened: z.number().int().describe('exposures seen for the first time'),
          refreshed: z.number().int().describe('open exposures seen again'),
          reopened: z.number().int().describe('closed exposures seen again'),
          closed: z
            .number()
            .int()
            .describe("the source's exposures closed for not being seen within the grace period"),
          notified: z
            .number()
            .int()
            .describe('messages queued to organisations about critical and high exposures'),
          observedFrom: z.iso.datetime().nullable().describe('earliest row'),
          observedUntil: z.iso.datetime().nullable().describe('latest row'),
        }),
      )
      .describe('one per file, in order'),
  }),
  'ObservationImportResult',
);

export const ExternalQuery = z.object({
  org: OrgCode.optional().describe("only this organisation's subtree"),
  all: z.stringbool().default(false).describe('closed exposures too'),
  limit: z.coerce.number().int().min(1).max(5000).default(1000).describe('at most this many'),
});

export const ExternalService = named(
  z.object({
    org: z.string().describe('ODS code of the organisation the address is registered to'),
    orgName: z.string().describe('its name'),
    source: z.string().describe('the scanner or feed that saw it'),
    address: z.string().describe('IPv4 or IPv6 address'),
    port: z.number().int().describe('port'),
    protocol: z.string().describe('tcp or udp'),
    kind: z.string().describe('risky-services rule id (smb, rdp, …) or service for a banner only'),
    name: z.string().describe('the service as people name it, or the banner product'),
    severity: z.string().describe('critical, high, medium, low or info'),
    hostname: z.string().nullable().describe('host name the scanner reported'),
    tag: z.string().nullable().describe("the scanner's tags, ; separated"),
    vendor: z.string().nullable().describe('banner vendor'),
    product: z.string().nullable().describe('banner product'),
    version: z.string().nullable().describe('banner version'),
    firstSeen: z.iso.datetime().describe('first seen by the source'),
    lastSeen: z.iso.datetime().describe('last seen by the source'),
    closedAt: z.iso.datetime().nullable().describe('closed: not seen within the grace period'),
    reopenedAt: z.iso.datetime().nullable().describe('last reopened: seen again after closing'),
    why: z.string().nullable().describe('why it matters, in plain English (risky services)'),
    whatToDo: z.string().nullable().describe('what to do, in plain English'),
  }),
  'ExternalService',
);

export const ExternalList = named(
  z.object({
    org: z.string().nullable().describe('the subtree asked for'),
    all: z.boolean().describe('closed ones included'),
    items: z.array(ExternalService).describe('most severe first, then by organisation, address and port'),
    truncated: z.boolean().describe('more matched than the limit'),
  }),
  'ExternalList',
);

export const ExternalSummaryQuery = z.object({
  org: OrgCode.optional().describe('the organisation to summarise (your root by default)'),
});

export const ExternalSummary = named(
  z.object({
    org: z.string().describe('ODS code of the summarised organisation'),
    name: z.string().describe('its name'),
    open: z.number().int().describe('open exposures in its subtree'),
    closed: z.number().int().describe('closed exposures in its subtree'),
    rows: z
      .array(
        z.object({
          org: z.string().describe('ODS code'),
          name: z.string().describe('name'),
          own: z
            .boolean()
            .describe("the summarised organisation's own exposures (its children have their rows)"),
          open: z.number().int().describe('open exposures'),
          closed: z.number().int().describe('closed exposures'),
          counts: z
            .array(
              z.object({
                kind: z.string().describe('rule id or service'),
                severity: z.string().describe('severity'),
                open: z.number().int().describe('open'),
                closed: z.number().int().describe('closed'),
              }),
            )
            .describe('by kind and severity, most severe first'),
        }),
      )
      .describe('the organisation itself, then each child with its subtree'),
    recentReports: z
      .array(
        z.object({
          source: z.string().describe('source'),
          file: z.string().describe('file'),
          importedAt: z.iso.datetime().describe('when imported'),
          rows: z.number().int().describe('rows'),
          attributed: z.number().int().describe('rows attributed'),
          unknown: z.number().int().describe('rows for unregistered addresses'),
          unknownDistinct: z.number().int().describe('distinct unregistered addresses'),
          unknownAddresses: z
            .array(UnknownAddress)
            .describe('unregistered addresses, most rows first (at most 20)'),
        }),
      )
      .nullable()
      .describe(
        'national callers: the latest reports and the addresses no organisation registered; null for others',
      ),
  }),
  'ExternalSummary',
);

export const presentObservationImport = (r: ObserveResult): z.infer<typeof ObservationImportResult> => r;
export const presentExternalList = (r: ExternalListResult): z.infer<typeof ExternalList> => r;
export const presentExternalSummary = (r: ExternalSummaryValue): z.infer<typeof ExternalSummary> => r;
