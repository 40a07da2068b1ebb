/**
 * The remote-working watch as the API shows it: per catalogue product, organisations, devices,
 * internet-facing devices, addresses seen from outside and open known-exploited flaws.
 */
import { z } from 'zod';
import { REMOTE_WORKING_CATEGORIES } from '../../domain/outside/remote-working.js';
import { named } from './common.schemas.js';

const RemoteAccessFlaw = z.object({
  cve: z.string().describe('CVE id'),
  name: z.string().describe("CISA's name for the flaw"),
  dateAdded: z.string().describe('when CISA added it to KEV (YYYY-MM-DD)'),
  dueDate: z.string().nullable().describe("CISA's due date (YYYY-MM-DD)"),
  organisations: z.number().int().describe('organisations with an open finding for it'),
  devices: z.number().int().describe('devices with an open finding for it (per finding)'),
});

const RemoteAccessProduct = z.object({
  id: z.string().describe('catalogue id'),
  name: z.string().describe('product name'),
  vendor: z.string().describe('vendor'),
  category: z.enum(REMOTE_WORKING_CATEGORIES).describe('kind of remote-working product'),
  organisations: z.number().int().describe('organisations running it (inventories or seen from outside)'),
  devices: z.number().int().describe('inventory devices with one of its components'),
  internetFacing: z.number().int().describe('of those, the devices marked internet-facing'),
  seenFromOutside: z.number().int().describe('addresses where an external scan sees it open'),
  topOrganisations: z
    .array(z.string())
    .describe('codes of the organisations with most devices running it (up to ten)'),
  kev: z.array(RemoteAccessFlaw).describe('open known-exploited flaws'),
});

export const RemoteAccessView = named(
  z.object({
    org: z
      .object({ code: z.string(), name: z.string(), kind: z.string() })
      .describe('the organisation whose subtree is shown'),
    products: z.array(RemoteAccessProduct).describe('every catalogue product, those in use first'),
    totals: z
      .object({
        productsInUse: z.number().int().describe('catalogue products in use or with open KEV flaws'),
        organisations: z.number().int().describe('organisations running any of them'),
        internetFacing: z.number().int().describe('internet-facing inventory devices running them'),
        seenFromOutside: z.number().int().describe('addresses where scans see them'),
        kevFlaws: z.number().int().describe('distinct known-exploited CVEs open on them'),
      })
      .describe('totals over the subtree'),
  }),
  'RemoteAccessView',
);
