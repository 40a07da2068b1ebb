/**
 * STIX 2.1 over the API: the export's filter and bundle, the import's options and result; with
 * their presenters.
 */
import { z } from 'zod';
import { TLP_MARKINGS } from '../../domain/sharing/tlp.js';
import type { StixImportResult as ImportResult } from '../../services/sharing/stix-import.service.js';
import { named, OrgCode } from './common.schemas.js';

const tlpChoice = z
  .string()
  .refine((t) => (TLP_MARKINGS as readonly string[]).includes(t.toUpperCase().replace(/^TLP:/, '')), {
    message: `one of ${TLP_MARKINGS.join(', ')}`,
  });

export const StixBundleQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional().describe('only indicators changed after this time'),
  tlp: tlpChoice
    .optional()
    .describe(`only indicators with this TLP 2.0 marking (${TLP_MARKINGS.join(', ')})`),
});

export const StixBundle = named(
  z
    .object({
      type: z.literal('bundle'),
      id: z.string().describe('bundle--<uuid>'),
      objects: z
        .array(z.record(z.string(), z.unknown()))
        .describe(
          'indicator, identity, sighting, report and TLP 2.0 marking-definition objects (STIX 2.1): what TLP lets the caller see',
        ),
    })
    .describe('A STIX 2.1 bundle'),
  'StixBundle',
);

export const StixImportQuery = z.object({
  org: OrgCode.optional().describe(
    "the organisation the intelligence is imported for (default: the caller's own)",
  ),
  source: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('where it came from, kept on each indicator (default: stix:<file name>)'),
  unmarked: tlpChoice
    .optional()
    .describe('the marking for objects that carry no TLP marking (default AMBER+STRICT)'),
});

export const StixImportResult = named(
  z.object({
    imports: z.array(
      z.object({
        file: z.string().describe('the file as uploaded (or "request" for a JSON body)'),
        source: z.string().describe('the source its indicators were kept under'),
        producer: z.string().describe('ODS code of the organisation it was imported for'),
        objects: z.number().int().describe('objects read'),
        indicators: z.object({ created: z.number().int(), updated: z.number().int() }),
        skipped: z
          .array(z.object({ id: z.string(), type: z.string(), reason: z.string() }))
          .describe('objects read but not imported, and why'),
      }),
    ),
  }),
  'StixImportResult',
);

export const presentStixImport = (imports: ImportResult[]): z.infer<typeof StixImportResult> => ({ imports });
