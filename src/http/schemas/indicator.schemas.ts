/**
 * Indicators shared under TLP 2.0 as the API shows them, what adding, importing, sighting and
 * revoking them return, the counts, the flags of an organisation's own things, and their presenters.
 */
import { z } from 'zod';
import { INDICATOR_FILE_FORMATS } from '../../domain/sharing/indicator-file.js';
import { INDICATOR_TYPES } from '../../domain/sharing/indicator-value.js';
import { TLP_MARKINGS, TLP_MEANING, type Tlp } from '../../domain/sharing/tlp.js';
import type {
  AddedIndicator as AddedValue,
  IndicatorDetail as DetailValue,
  Indicator as IndicatorValue,
  SightingsView,
  IndicatorSummary as SummaryValue,
} from '../../services/sharing/indicator.service.js';
import type { IndicatorImportResult as ImportValue } from '../../services/sharing/indicator-import.service.js';
import type { IndicatorFlag as FlagValue } from '../../services/sharing/indicator-match.service.js';
import { named, OrgCode } from './common.schemas.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const Marking = z.enum(TLP_MARKINGS).describe('TLP 2.0 marking');
const Time = z.string().describe('ISO 8601 time');

export const IndicatorRef = z
  .string()
  .min(1)
  .max(200)
  .describe("the indicator's id (UUID) or STIX id (indicator--…)");

export const IndicatorQuery = z.object({
  type: z.enum(INDICATOR_TYPES).optional().describe('only this kind'),
  value: z.string().min(1).max(2000).optional().describe('only this value (any form: defanged, upper case)'),
  tlp: z.string().max(20).optional().describe('only this marking (GREEN, TLP:AMBER+STRICT, …)'),
  since: z.iso.datetime({ offset: true }).optional().describe('changed after this time (ISO 8601)'),
  cursor: z.string().max(2000).optional().describe('the nextCursor of the previous page'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .describe('items per page (1-1000, default 100)'),
});

export const Indicator = named(
  z.object({
    id: z.string().describe('Ward id (UUID)'),
    stixId: z.string().describe('STIX 2.1 id (indicator--…)'),
    type: z.string().describe(`the kind: ${INDICATOR_TYPES.join(', ')}`),
    value: z.string().describe('the value in its canonical form'),
    tlp: Marking,
    tlpMeaning: z.string().describe('what the marking lets a recipient do'),
    producer: z.string().describe('ODS code of the producing organisation'),
    confidence: z.number().int().nullable().describe('how sure the producer is (0-100)'),
    description: z.string().describe('what it is and where it was seen'),
    source: z.string().describe('where it came from (ward, a feed)'),
    firstSeen: Time.nullable(),
    lastSeen: Time.nullable(),
    validUntil: Time.nullable().describe('when it stops being worth matching'),
    warnings: z.array(z.string()).describe('warning lists it is on (likely false positives)'),
    createdAt: Time,
    modifiedAt: Time,
    revoked: z.boolean().describe('withdrawn by its producer'),
    sightings: z
      .object({
        organisations: z.number().int().describe('organisations that saw it'),
        total: z.number().int().describe('sightings counted'),
      })
      .describe('"N organisations saw this"'),
  }),
  'Indicator',
);

const Sighting = z.object({
  code: z.string().describe('ODS code'),
  name: z.string(),
  count: z.number().int(),
  firstSeen: Time,
  lastSeen: Time,
});
const YourSighting = z.object({ code: z.string(), count: z.number().int(), lastSeen: Time });
const OtherReport = z.object({
  id: z.string(),
  producer: z.string().describe('ODS code of its producer'),
  tlp: z.string(),
});

export const IndicatorDetail = named(
  Indicator.extend({
    audience: z
      .object({
        orgs: z.array(z.object({ code: z.string(), subtree: z.boolean() })),
        groups: z.array(z.string()),
        people: z.array(z.string()),
      })
      .nullable()
      .describe('whom it is shared with: shown to its producer and the national centre only'),
    sightedBy: z
      .array(Sighting)
      .nullable()
      .describe('which organisations saw it: its producer and the national centre only; else null'),
    yourSightings: z.array(YourSighting).describe("your organisations' own sightings"),
    alsoReportedBy: z.array(OtherReport).describe('other producers of the same value that you may see'),
  }),
  'IndicatorDetail',
);

export const IndicatorSightings = named(
  z.object({
    indicator: z.string().describe('STIX id'),
    organisations: z.number().int(),
    total: z.number().int(),
    sightedBy: z.array(Sighting).nullable().describe('its producer and the national centre only; else null'),
    yourSightings: z.array(YourSighting),
  }),
  'IndicatorSightings',
);

export const IndicatorInput = z.object({
  value: z.string().min(1).max(2000).describe('the value; defanged forms (hxxp, [.]) are read'),
  type: z.enum(INDICATOR_TYPES).optional().describe('the kind (default: recognised from the value)'),
  tlp: z.string().min(1).max(20).describe('TLP 2.0 marking (CLEAR, GREEN, AMBER, AMBER+STRICT, RED)'),
  confidence: z.number().int().min(0).max(100).nullable().optional(),
  description: z.string().max(4000).optional(),
  firstSeen: z.string().max(40).nullable().optional(),
  lastSeen: z.string().max(40).nullable().optional(),
  validUntil: z.string().max(40).nullable().optional(),
  shareWith: z
    .array(z.string().max(40))
    .max(500)
    .optional()
    .describe('AMBER: organisations, CODE or under:CODE (it and its subtree)'),
  groups: z.array(z.string().max(80)).max(100).optional().describe('AMBER: sharing groups by name'),
  people: z.array(z.string().max(80)).max(100).optional().describe('RED: people by username'),
});

export const AddIndicatorsBody = z.object({
  org: OrgCode.describe('the producing organisation'),
  indicators: z.array(IndicatorInput).min(1).max(1000),
});

export function toIndicatorInput(i: z.infer<typeof IndicatorInput>) {
  return {
    value: i.value,
    type: i.type,
    tlp: i.tlp,
    confidence: i.confidence ?? null,
    description: i.description,
    firstSeen: i.firstSeen,
    lastSeen: i.lastSeen,
    validUntil: i.validUntil,
    shareWith: { orgs: i.shareWith, groups: i.groups, people: i.people },
  };
}

const Warning = z.object({ id: z.string(), name: z.string(), why: z.string() });
const Flagged = z.object({
  org: z.string().describe('ODS code (organisations you may read only)'),
  kind: z.string().describe('range, domain or service'),
  detail: z.string().describe('its own thing the indicator names'),
});

export const AddedIndicator = named(
  z.object({
    id: z.string(),
    stixId: z.string(),
    type: z.string(),
    value: z.string(),
    tlp: Marking,
    created: z.boolean().describe('false: the same value from the same producer was updated'),
    warnings: z.array(Warning).describe('likely false positives'),
    alsoReportedBy: z.array(OtherReport),
    flagged: z.array(Flagged).describe('organisations whose own address, range, domain or service it names'),
  }),
  'AddedIndicator',
);

export const AddedIndicators = z.object({ items: z.array(AddedIndicator) });

export const IndicatorImportQuery = z.object({
  org: OrgCode.describe('the producing organisation'),
  format: z
    .enum(INDICATOR_FILE_FORMATS)
    .optional()
    .describe('default: .json or a leading [ or { is JSON, else CSV'),
  source: z.string().min(1).max(80).optional().describe('where the indicators came from (default ward)'),
});

export const IndicatorImportResult = named(
  z.object({
    file: z.string(),
    format: z.enum(INDICATOR_FILE_FORMATS),
    org: z.string(),
    added: z.number().int(),
    updated: z.number().int(),
    items: z.array(AddedIndicator),
  }),
  'IndicatorImportResult',
);

export const SightingBody = z.object({
  org: OrgCode.describe('the organisation that saw it'),
  count: z.number().int().min(1).max(1_000_000).optional().describe('how many times (default 1)'),
  at: z.iso.datetime({ offset: true }).optional().describe('when (default now)'),
});

export const SightingResult = z.object({
  indicator: z.string().describe('STIX id'),
  org: z.string(),
  count: z.number().int().describe("the organisation's sightings in all"),
  organisations: z.number().int().describe('organisations that saw it'),
});

export const RevokeResult = z.object({ indicator: z.string(), revoked: z.boolean() });

export const IndicatorSummary = named(
  z.object({
    total: z.number().int().describe('indicators you may see, revoked ones apart'),
    revoked: z.number().int(),
    byTlp: z.array(z.object({ tlp: Marking, count: z.number().int() })),
    byType: z.array(z.object({ type: z.string(), count: z.number().int() })),
    byTlpAndType: z.array(z.object({ tlp: Marking, type: z.string(), count: z.number().int() })),
  }),
  'IndicatorSummary',
);

export const IndicatorFlag = named(
  z.object({
    org: z.string().describe('ODS code of the organisation flagged'),
    kind: z.enum(['range', 'domain', 'service']).describe('what of its own was named'),
    detail: z.string().describe('its address (in its range), range, domain, or address:port'),
    flaggedAt: Time,
    indicator: z
      .object({
        id: z.string(),
        stixId: z.string(),
        type: z.string(),
        value: z.string(),
        tlp: Marking,
        producer: z.string(),
        revoked: z.boolean(),
      })
      .nullable()
      .describe(
        'the indicator, when its marking lets you see it; null: "an indicator shared in Ward names your …"',
      ),
  }),
  'IndicatorFlag',
);

export const FlagQuery = z.object({
  org: OrgCode.describe('the organisation'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function presentIndicator(i: IndicatorValue): z.infer<typeof Indicator> {
  return {
    id: i.id,
    stixId: i.stixId,
    type: i.type,
    value: i.value,
    tlp: i.tlp as Tlp,
    tlpMeaning: TLP_MEANING[i.tlp as Tlp],
    producer: i.producer,
    confidence: i.confidence,
    description: i.description,
    source: i.source,
    firstSeen: iso(i.firstSeen),
    lastSeen: iso(i.lastSeen),
    validUntil: iso(i.validUntil),
    warnings: i.warnings,
    createdAt: i.createdAt.toISOString(),
    modifiedAt: i.modifiedAt.toISOString(),
    revoked: i.revoked,
    sightings: i.sightings,
  };
}

const presentSighting = (s: NonNullable<DetailValue['sightedBy']>[number]) => ({
  code: s.code,
  name: s.name,
  count: s.count,
  firstSeen: s.firstSeen.toISOString(),
  lastSeen: s.lastSeen.toISOString(),
});
const presentYours = (s: DetailValue['yourSightings'][number]) => ({
  code: s.code,
  count: s.count,
  lastSeen: s.lastSeen.toISOString(),
});

export function presentIndicatorDetail(d: DetailValue): z.infer<typeof IndicatorDetail> {
  return {
    ...presentIndicator(d),
    audience: d.audience,
    sightedBy: d.sightedBy?.map(presentSighting) ?? null,
    yourSightings: d.yourSightings.map(presentYours),
    alsoReportedBy: d.alsoReportedBy,
  };
}

export function presentSightings(v: SightingsView): z.infer<typeof IndicatorSightings> {
  return {
    indicator: v.indicator,
    organisations: v.organisations,
    total: v.total,
    sightedBy: v.sightedBy?.map(presentSighting) ?? null,
    yourSightings: v.yourSightings.map(presentYours),
  };
}

export function presentAdded(a: AddedValue): z.infer<typeof AddedIndicator> {
  return {
    id: a.id,
    stixId: a.stixId,
    type: a.type,
    value: a.value,
    tlp: a.tlp,
    created: a.created,
    warnings: a.warnings.map((w) => ({ id: w.id, name: w.name, why: w.why })),
    alsoReportedBy: a.alsoReportedBy,
    flagged: a.flagged,
  };
}

export function presentImport(r: ImportValue): z.infer<typeof IndicatorImportResult> {
  return {
    file: r.file,
    format: r.format,
    org: r.org,
    added: r.added,
    updated: r.updated,
    items: r.indicators.map(presentAdded),
  };
}

export function presentSummary(s: SummaryValue): z.infer<typeof IndicatorSummary> {
  return {
    total: s.total,
    revoked: s.revoked,
    byTlp: s.byTlp.map((t) => ({ tlp: t.tlp as Tlp, count: t.count })),
    byType: s.byType,
    byTlpAndType: s.byTlpAndType.map((c) => ({ tlp: c.tlp as Tlp, type: c.type, count: c.count })),
  };
}

export function presentFlag(f: FlagValue): z.infer<typeof IndicatorFlag> {
  return {
    org: f.org,
    kind: f.kind,
    detail: f.detail,
    flaggedAt: f.flaggedAt.toISOString(),
    indicator: f.indicator && { ...f.indicator, tlp: f.indicator.tlp as Tlp },
  };
}
