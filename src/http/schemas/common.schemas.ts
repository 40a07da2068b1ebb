/**
 * Schemas shared by every route: problem documents, pages with cursors, and common parameters.
 */
import { z } from 'zod';

/** RFC 9457 problem document (every error). */
export const Problem = z
  .object({
    type: z.string().describe('always about:blank: the status and title say what went wrong'),
    title: z.string().describe('short, stable summary (the error code in words)'),
    status: z.number().int().describe('HTTP status'),
    detail: z.string().describe('what went wrong, for a person'),
    instance: z.string().describe('the request path'),
    problems: z
      .array(
        z.object({
          file: z.string(),
          line: z.number().int(),
          field: z.string().optional().describe('the request field the problem is with, when there is one'),
          reason: z.string(),
        }),
      )
      .optional()
      .describe('bad input: every problem, with file and line'),
    issues: z.unknown().optional().describe('request validation issues'),
    requestId: z.string().optional().describe('quote it when reporting an internal error'),
  })
  .describe('application/problem+json (RFC 9457)');
named(Problem, 'Problem');

export const ERRORS = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  429: Problem,
} as const;

export const OrgCode = z
  .string()
  .min(1)
  .max(16)
  .regex(/^[A-Za-z0-9]+$/, 'an ODS code: letters and digits')
  .describe('ODS code of an organisation');

export const Uuid = z.uuid().describe('identifier (UUID)');

export const CveId = z
  .string()
  .regex(/^(?:CVE|cve)-\d{4}-\d{4,}$/, 'a CVE id such as CVE-2017-0144')
  .describe('CVE id');

export const PageQuery = {
  cursor: z.string().max(2000).optional().describe('the nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('items per page (1-500, default 50)'),
};

/** A page of items and the cursor of the next page (null on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
  });
}

export const Empty = z.null().describe('no content');

/**
 * Names a response schema in the OpenAPI document (a component rather than an inline copy), so the
 * dashboard's generated types read `components['schemas']['AlertSummary']`.
 */
export function named<T extends z.ZodType>(schema: T, id: string): T {
  z.globalRegistry.add(schema, { id });
  return schema;
}
