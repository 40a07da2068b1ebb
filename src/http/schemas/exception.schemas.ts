/**
 * Exceptions as the API takes and shows them — the request that records one and an exception as
 * listed — and the presenter that shapes the exception service's values into them.
 */
import { z } from 'zod';
import type { ExceptionView } from '../../services/exposure/exception.service.js';
import { CveId, named, OrgCode } from './common.schemas.js';

export const ExceptionRequest = z.object({
  org: OrgCode,
  cve: CveId,
  asset: z
    .string()
    .min(1)
    .max(256)
    .nullable()
    .optional()
    .describe("the organisation's asset id; all its assets when absent"),
  reason: z.string().min(1).max(2000).describe('why the finding cannot be fixed now'),
  controls: z.string().min(1).max(2000).describe('what protects the asset meanwhile'),
  expires: z.iso.date().describe('expiry date (YYYY-MM-DD), in the future'),
});

export const Exception = named(
  z.object({
    id: z.string().describe('exception id'),
    org: z.string().describe('ODS code'),
    cve: z.string().describe('CVE id'),
    asset: z.string().nullable().describe("the organisation's asset id, or null for all its assets"),
    reason: z.string().describe('why the finding cannot be fixed now'),
    controls: z.string().describe('compensating controls'),
    expiresAt: z.string().describe('when it expires and its findings reopen'),
    active: z.boolean().describe('not yet expired'),
    createdBy: z.string().describe('who recorded it'),
    createdAt: z.string().describe('when it was recorded'),
  }),
  'Exception',
);

export const presentException = (e: ExceptionView): z.infer<typeof Exception> => ({ ...e });
