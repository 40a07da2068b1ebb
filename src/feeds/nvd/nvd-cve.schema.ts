/**
 * zod schema of one element of an NVD CVE API 2.0 `vulnerabilities` array
 * (https://csrc.nist.gov/schema/nvd/api/2.0/cve_api_json_2.0.schema), covering only the fields Ward
 * reads. Unknown fields are stripped, not rejected: NVD adds fields over time, and mirrors add their
 * own (the securezeron copies carry `affected`, `techniques`, `stix_bundle`, …).
 */
import { z } from 'zod';

const isoDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/,
    'expected an ISO 8601 date-time',
  );
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const score = z.number().min(0).max(10);

const cpeMatch = z.object({
  vulnerable: z.boolean(),
  criteria: z.string().regex(/^cpe:2\.3:[aho*-]:/, 'expected a CPE 2.3 formatted string'),
  matchCriteriaId: z.string().optional(),
  versionStartIncluding: z.string().optional(),
  versionStartExcluding: z.string().optional(),
  versionEndIncluding: z.string().optional(),
  versionEndExcluding: z.string().optional(),
});

const node = z.object({
  operator: z.enum(['AND', 'OR']),
  negate: z.boolean().optional(),
  cpeMatch: z.array(cpeMatch),
});

const configuration = z.object({
  operator: z.enum(['AND', 'OR']).optional(),
  negate: z.boolean().optional(),
  nodes: z.array(node),
});

const metricSource = { source: z.string(), type: z.enum(['Primary', 'Secondary']) };

function cvssMetric<V extends string>(version: V) {
  return z.object({
    ...metricSource,
    cvssData: z.object({
      version: z.literal(version),
      vectorString: z.string(),
      baseScore: score,
      baseSeverity: z.string().optional(),
    }),
  });
}

const cvssMetricV2 = z.object({
  ...metricSource,
  cvssData: z.object({ version: z.literal('2.0'), vectorString: z.string(), baseScore: score }),
  baseSeverity: z.string().optional(),
});

const langString = z.object({ lang: z.string(), value: z.string() });

/** The `cve` object of one `vulnerabilities` element. */
export const nvdCveSchema = z.object({
  id: z.string().regex(/^CVE-\d{4}-\d{4,}$/, 'expected a CVE id'),
  published: isoDateTime,
  lastModified: isoDateTime,
  vulnStatus: z.string(),
  descriptions: z.array(langString),
  metrics: z
    .object({
      cvssMetricV40: z.array(cvssMetric('4.0')).optional(),
      cvssMetricV31: z.array(cvssMetric('3.1')).optional(),
      cvssMetricV30: z.array(cvssMetric('3.0')).optional(),
      cvssMetricV2: z.array(cvssMetricV2).optional(),
    })
    .optional(),
  weaknesses: z.array(z.object({ source: z.string(), description: z.array(langString) })).optional(),
  configurations: z.array(configuration).optional(),
  references: z.array(z.object({ url: z.string() })).optional(),
  cisaExploitAdd: isoDate.optional(),
  cisaActionDue: isoDate.optional(),
  cisaRequiredAction: z.string().optional(),
  cisaVulnerabilityName: z.string().optional(),
});

/** One element of the `vulnerabilities` array: `{ "cve": { … } }`. */
export const nvdVulnerabilitySchema = z.object({ cve: nvdCveSchema });

/** A `cve` object as validated (unknown fields stripped). */
export type NvdCveInput = z.infer<typeof nvdCveSchema>;
