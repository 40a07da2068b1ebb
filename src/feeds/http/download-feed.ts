/**
 * A whole-file feed download (KEV, EPSS, CSAF documents): fetched with retries, then handed to a
 * parser as a byte stream, with the validators a caller can keep for its next conditional request.
 */
import { Readable } from 'node:stream';
import { type FetchWithRetryOptions, fetchWithRetry } from './fetch-with-retry.js';

/** A downloaded feed file. */
export interface FeedDownload {
  url: string;
  status: number;
  /** `ETag` and `Last-Modified` of the response, when the server sent them. */
  etag: string | null;
  lastModified: string | null;
  attempts: number;
  /** Size in bytes as downloaded (still gzip for a `.gz` file: parsers gunzip by sniffing). */
  size: number;
  /** The bytes, for `parseKev`, `parseEpss`, `readCsaf`, … Readable once. */
  body: Readable;
}

/** Downloads `url` with {@link fetchWithRetry} and returns its bytes as a stream. */
export async function downloadFeed(url: string, options: FetchWithRetryOptions = {}): Promise<FeedDownload> {
  const response = await fetchWithRetry(url, options);
  return {
    url,
    status: response.status,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    attempts: response.attempts,
    size: response.body.length,
    body: Readable.from([response.body]),
  };
}

/** Joins a base URL (scheme, host, optional path prefix) and an absolute path. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
