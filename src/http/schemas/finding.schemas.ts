/**
 * Exposure as the API shows it — a finding of the worklist, the roll-up of an organisation and its
 * children, who is exposed to a CVE, a full recompute's result — and the presenters that shape the
 * exposure services' values into them.
 */
import { z } from 'zod';
import { EXPOSURES, FINDING_STATUSES } from '../../domain/exposure/finding-state.js';
import { FINDING_BASES } from '../../domain/platform/platform-defaults.js';
import { PRIORITIES } from '../../domain/priority/ssvc.js';
import { FINDING_CERTAINTIES } from '../../domain/rules/match-rule.js';
import type {
  ExposureSummary as ExposureSummaryValue,
  Finding as FindingValue,
  WhoResult,
} from '../../services/exposure/read.service.js';
import type { RecomputeResult } from '../../services/exposure/recompute.service.js';
import { named } from './common.schemas.js';

export const Finding = named(
  z.object({
    org: z.string().describe('ODS code of the organisation'),
    cve: z.string().describe('CVE id'),
    component: z
      .object({
        key: z.string().describe('match key: CPE part:vendor:product or purl type/namespace/name'),
        version: z.string().nullable().describe('installed version (null: not known)'),
        update: z.string().nullable().describe('CPE update field, such as sp1 (null: none)'),
        cpe: z.string().nullable().describe('the CPE name as the inventory gave it'),
        purl: z.string().nullable().describe('the package URL as the inventory gave it'),
      })
      .describe('the installed component the finding is on'),
    assets: z.number().int().describe('assets with the component'),
    status: z.enum(FINDING_STATUSES).describe('open, reopened, excepted or fixed'),
    certainty: z
      .enum(FINDING_CERTAINTIES)
      .describe(
        'confirmed, or possible: something unknown would settle it (the first reason says what); never counted',
      ),
    basis: z
      .enum(FINDING_BASES)
      .describe('reported: the inventory lists the component; assumed: on by default on its platform'),
    assumedBy: z.string().nullable().describe('the platform whose defaults the assumed component comes from'),
    priority: z.enum(PRIORITIES).describe('SSVC decision: act, attend, track*, track'),
    reasons: z.array(z.string()).describe('why this priority'),
    cvss: z
      .object({
        score: z.number().nullable().describe('CVSS base score'),
        severity: z.string().nullable().describe('CVSS severity'),
        vector: z.string().nullable().describe('CVSS vector'),
      })
      .describe("the CVE's CVSS figures (null: none published)"),
    kev: z.boolean().describe('in CISA KEV'),
    kevDueDate: z.string().nullable().describe('KEV due date'),
    epss: z.number().nullable().describe('EPSS probability'),
    exposure: z.enum(EXPOSURES).describe('widest exposure of its assets: open, controlled or small'),
    safetyImpact: z.boolean().describe('on a medical device or clinical system'),
    firstSeen: z.string().describe('when first found'),
    seenFromOutside: z
      .boolean()
      .describe("on a product an external scan's banner names on one of the organisation's addresses"),
  }),
  'Finding',
);

const Counts = {
  findings: z.number().int().describe('open confirmed findings'),
  act: z.number().int().describe('of which priority act'),
  attend: z.number().int().describe('of which priority attend'),
  trackStar: z.number().int().describe('of which priority track*'),
  track: z.number().int().describe('of which priority track'),
  kev: z.number().int().describe('of which known-exploited (CISA KEV)'),
  kevOverdue: z.number().int().describe('of which known-exploited and past their KEV due date'),
  assets: z
    .number()
    .int()
    .describe('devices exposed, summed over the findings (a device with two findings counts twice)'),
  devicesExposed: z
    .number()
    .int()
    .describe('devices with an open finding, each counted once (additive over child organisations)'),
  cves: z.number().int().describe('distinct CVEs with open findings'),
  seenFromOutside: z
    .object({
      findings: z.number().int().describe('open confirmed findings seen from outside (on an external asset)'),
      act: z.number().int().describe('of which priority act'),
      organisations: z.number().int().describe('organisations with one'),
    })
    .describe('of the findings, those external scans see, beside the inventories'),
};

const OrgRef = {
  code: z.string().describe('ODS code'),
  name: z.string().describe('name'),
  kind: z.string().describe('kind of organisation'),
};

export const ExposureSummary = named(
  z.object({
    org: z.object(OrgRef).describe('the organisation asked about'),
    totals: z.object(Counts).describe('open findings of the whole subtree'),
    children: z.array(z.object({ ...OrgRef, ...Counts })).describe('per child subtree, worst first'),
  }),
  'ExposureSummary',
);

export const ExposedOrganisation = named(
  z.object({
    code: z.string().describe('ODS code'),
    name: z.string().describe('name'),
    kind: z.string().describe('kind of organisation'),
    parent: z.string().nullable().describe("its parent's ODS code (null: the national root)"),
    assets: z.number().int().describe('assets exposed to the CVE'),
    components: z.number().int().describe('distinct components exposed to it'),
    priority: z.enum(PRIORITIES).describe('its worst priority for the CVE'),
  }),
  'ExposedOrganisation',
);

export const WhoTotals = z
  .object({
    organisations: z.number().int().describe('organisations exposed'),
    assets: z.number().int().describe('assets exposed'),
  })
  .describe('over all pages');

export const RecomputeOutcome = z.object({
  components: z.number().int().describe('distinct components matched'),
  matches: z.number().int().describe('component-rule matches found'),
  opened: z.number().int().describe('findings opened'),
  reopened: z.number().int().describe('findings reopened'),
  fixed: z.number().int().describe('findings fixed'),
});

export const presentFinding = (f: FindingValue): z.infer<typeof Finding> => ({
  ...f,
  component: { ...f.component },
  reasons: [...f.reasons],
  cvss: { ...f.cvss },
});

export const presentExposureSummary = (s: ExposureSummaryValue): z.infer<typeof ExposureSummary> => ({
  org: { ...s.org },
  totals: { ...s.totals, seenFromOutside: { ...s.totals.seenFromOutside } },
  children: s.children.map((c) => ({ ...c, seenFromOutside: { ...c.seenFromOutside } })),
});

export const presentExposedOrganisation = (
  o: WhoResult['organisations'][number],
): z.infer<typeof ExposedOrganisation> => ({ ...o });

export function presentRecompute(r: RecomputeResult): z.infer<typeof RecomputeOutcome> {
  return {
    components: r.components,
    matches: r.matches,
    opened: r.opened,
    reopened: r.reopened,
    fixed: r.fixed,
  };
}
