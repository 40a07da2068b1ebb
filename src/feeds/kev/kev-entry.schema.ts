/**
 * zod schemas of the CISA Known Exploited Vulnerabilities catalog
 * (https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities_schema.json).
 * Unknown fields are accepted and dropped, so a new CISA field never stops an import.
 */
import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/** One catalog entry. `notes` and `cwes` are optional because older catalogs lack them. */
export const kevEntrySchema = z.object({
  cveID: z.string().regex(/^CVE-\d{4}-\d{4,19}$/, 'expected a CVE id'),
  vendorProject: z.string(),
  product: z.string(),
  vulnerabilityName: z.string(),
  dateAdded: date,
  shortDescription: z.string(),
  requiredAction: z.string(),
  dueDate: date,
  /** `Known` or `Unknown` today; kept as text so a new value is not an error. */
  knownRansomwareCampaignUse: z.string(),
  notes: z.string().default(''),
  cwes: z.array(z.string()).default([]),
});

/** One KEV entry as Ward stores it. */
export type KevEntry = z.infer<typeof kevEntrySchema>;

/** The catalog around the entries; entries are validated one by one. */
export const kevCatalogSchema = z.object({
  title: z.string().optional(),
  catalogVersion: z.string(),
  dateReleased: z.string(),
  count: z.number().int().nonnegative(),
  vulnerabilities: z.array(z.unknown()),
});
