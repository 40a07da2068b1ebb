/**
 * Errors and messages shared by the feed parsers: a feed whose shape is wrong as a whole (not one bad
 * record, which parsers report and skip), and a one-line rendering of zod issues for record reports.
 */
import type { z } from 'zod';

/** A feed document that cannot be read at all: wrong root shape, missing array, bad header line. */
export class FeedFormatError extends Error {
  /** Name of the source (file path, URL or `<stream>`). */
  readonly source: string;
  constructor(message: string, source: string) {
    super(`${source}: ${message}`);
    this.name = 'FeedFormatError';
    this.source = source;
  }
}

/**
 * Renders zod issues as `path: message; path: message` (at most `limit` of them), the form in which
 * parsers report a rejected record, e.g. `cve.published: Invalid input: expected string, received undefined`.
 */
export function formatZodIssues(error: z.ZodError, limit = 5): string {
  const shown = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; … ${more} more` : shown.join('; ');
}
