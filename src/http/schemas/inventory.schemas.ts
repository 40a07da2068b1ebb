/**
 * Inventory uploads as the API answers them — the result of an import and of a scan — and their
 * presenters.
 */
import { z } from 'zod';
import { PRIORITIES } from '../../domain/priority/ssvc.js';
import { FINDING_CERTAINTIES } from '../../domain/rules/match-rule.js';
import type { ScanResult as ScanValue } from '../../services/exposure/scan.service.js';
import type { InventoryImportResult } from '../../services/inventory/inventory.service.js';
import { named } from './common.schemas.js';

const count = (what: string) => z.number().int().describe(what);

export const ImportResult = named(
  z.object({
    org: z.string().describe('ODS code of the organisation'),
    source: z.string().describe('inventory source the snapshot replaced'),
    assets: count('assets in the snapshot'),
    assetsAdded: count('assets new to Ward'),
    assetsRetired: count('assets of the source no longer listed, now retired'),
    rows: count('component rows read'),
    components: count('distinct components'),
    installedAdded: count('installed components added'),
    installedRemoved: count('installed components gone'),
    findingsOpened: count('findings opened'),
    findingsReopened: count('findings reopened'),
    findingsFixed: count('findings fixed (their component is gone)'),
  }),
  'ImportResult',
);

export const ScanResult = named(
  z.object({
    findings: z
      .array(
        z.object({
          asset_id: z.string().describe("the file's asset id"),
          component: z
            .object({
              vendor: z.string().nullable().describe('vendor as the file gives it'),
              product: z.string().nullable().describe('product as the file gives it'),
              version: z.string().nullable().describe('version as the file gives it'),
              cpe: z.string().nullable().describe('CPE name as the file gives it'),
              purl: z.string().nullable().describe('package URL as the file gives it'),
            })
            .describe('the component the finding is on'),
          cve: z.string().describe('CVE id'),
          cvss: z
            .object({
              score: z.number().nullable().describe('CVSS base score'),
              severity: z.string().nullable().describe('CVSS severity'),
              vector: z.string().nullable().describe('CVSS vector'),
            })
            .describe('CVSS of the CVE'),
          kev: z.boolean().describe('in CISA KEV (known exploited)'),
          kev_due_date: z.string().nullable().describe("CISA KEV's due date"),
          epss: z.number().nullable().describe('EPSS probability of exploitation'),
          certainty: z
            .enum(FINDING_CERTAINTIES)
            .describe('possible: something the inventory does not say would settle it'),
          assumed_by: z
            .string()
            .nullable()
            .describe('the platform whose defaults the component is assumed from (not in the file)'),
          priority: z.enum(PRIORITIES).describe('SSVC priority'),
          reasons: z.array(z.string()).describe('why this priority'),
        }),
      )
      .describe('findings, highest priority first'),
    stats: z
      .object({
        assets: count('assets read'),
        components: count('components read'),
        findings: count('findings'),
      })
      .describe('what was read and found'),
  }),
  'ScanResult',
);

export function presentInventoryImport(r: InventoryImportResult): z.infer<typeof ImportResult> {
  return {
    org: r.org,
    source: r.source,
    assets: r.assets,
    assetsAdded: r.assetsAdded,
    assetsRetired: r.assetsRetired,
    rows: r.rows,
    components: r.components,
    installedAdded: r.installedAdded,
    installedRemoved: r.installedRemoved,
    findingsOpened: r.findingsOpened,
    findingsReopened: r.findingsReopened,
    findingsFixed: r.findingsFixed,
  };
}

/** The scan service already answers in the scan's document shape (`ward scan --json` prints the same). */
export function presentScan(r: ScanValue): z.infer<typeof ScanResult> {
  return { findings: r.findings, stats: r.stats };
}
