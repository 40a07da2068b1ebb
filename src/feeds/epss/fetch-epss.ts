/**
 * Download of the daily FIRST EPSS scores (`.csv.gz`, about 2–3 MB). Parse the returned stream with
 * {@link parseEpss}, which gunzips it.
 */
import { downloadFeed, type FeedDownload, joinUrl } from '../http/download-feed.js';
import type { FetchWithRetryOptions } from '../http/fetch-with-retry.js';

/** Where FIRST's EPSS files are served now. */
export const EPSS_BASE_URL = 'https://epss.empiricalsecurity.com';
/** The host older FIRST documentation names. */
export const EPSS_LEGACY_BASE_URL = 'https://epss.cyentia.com';

/** Options for {@link fetchEpss}. */
export interface FetchEpssOptions {
  /** Host or mirror (default {@link EPSS_BASE_URL}). */
  baseUrl?: string;
  /** A past day (`YYYY-MM-DD`) instead of the current file. */
  date?: string;
  http?: FetchWithRetryOptions;
}

/** The file path: `/epss_scores-current.csv.gz`, or `/epss_scores-YYYY-MM-DD.csv.gz` for a past day. */
export function epssPath(date?: string): string {
  if (date === undefined) return '/epss_scores-current.csv.gz';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new RangeError(`expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return `/epss_scores-${date}.csv.gz`;
}

/** Downloads an EPSS score file. Throws {@link FetchFailedError} when the host stays unavailable. */
export function fetchEpss(options: FetchEpssOptions = {}): Promise<FeedDownload> {
  return downloadFeed(joinUrl(options.baseUrl ?? EPSS_BASE_URL, epssPath(options.date)), options.http);
}
