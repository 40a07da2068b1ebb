/**
 * Download of the CISA KEV catalog (JSON, about 1.3 MB, updated on weekdays). Parse the returned
 * stream with {@link parseKev}.
 */
import { downloadFeed, type FeedDownload, joinUrl } from '../http/download-feed.js';
import type { FetchWithRetryOptions } from '../http/fetch-with-retry.js';

/** CISA's host. */
export const KEV_BASE_URL = 'https://www.cisa.gov';
/** Path of the catalog JSON on {@link KEV_BASE_URL}. */
export const KEV_PATH = '/sites/default/files/feeds/known_exploited_vulnerabilities.json';

/** Options for {@link fetchKev}. */
export interface FetchKevOptions {
  /** Host or mirror (default {@link KEV_BASE_URL}); {@link KEV_PATH} is appended. */
  baseUrl?: string;
  http?: FetchWithRetryOptions;
}

/** Downloads the KEV catalog. Throws {@link FetchFailedError} when CISA stays unavailable. */
export function fetchKev(options: FetchKevOptions = {}): Promise<FeedDownload> {
  return downloadFeed(joinUrl(options.baseUrl ?? KEV_BASE_URL, KEV_PATH), options.http);
}
