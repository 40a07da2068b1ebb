/**
 * Tells which feed format a file holds from its first bytes (after gunzip), not its name.
 */
import { openBytes } from './source-bytes.js';

/** The formats Ward tells apart: the four it loads from files, two CSAF provider documents it syncs from, and unknown. */
export const FEED_FORMATS = ['nvd', 'kev', 'epss', 'csaf', 'csaf-provider', 'rolie', 'unknown'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** The intel sources Ward holds, each loaded from files or synced. */
export const INTEL_SOURCES = ['nvd', 'kev', 'epss', 'csaf'] as const;
export type IntelSource = (typeof INTEL_SOURCES)[number];

const PEEK_BYTES = 64 * 1024;

/** Classifies the text at the start of a document. */
export function classify(head: string): FeedFormat {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (/^#model_version|^cve,epss,percentile/i.test(text)) return 'epss';
  if (!text.startsWith('{')) return 'unknown';
  // A JSON Schema describing a feed (KEV ships one beside its catalogue) is not the feed.
  if (/"\$schema"\s*:\s*"https?:\/\/json-schema\.org/.test(text) && /"properties"\s*:/.test(text))
    return 'unknown';
  if (/"catalogVersion"\s*:/.test(text)) return 'kev';
  if (/"csaf_version"\s*:/.test(text) || (/"document"\s*:/.test(text) && /"tracking"\s*:/.test(text)))
    return 'csaf';
  if (/"canonical_url"\s*:/.test(text) && /"distributions"\s*:|"publisher"\s*:/.test(text))
    return 'csaf-provider';
  if (/^\{\s*"feed"\s*:/.test(text)) return 'rolie';
  if (/"vulnerabilities"\s*:\s*\[\s*(\{\s*"cve"|\])/.test(text) || /"format"\s*:\s*"NVD_CVE"/.test(text))
    return 'nvd';
  return 'unknown';
}

/** Reads up to 64 KiB of the (decompressed) file and classifies it. */
export async function detectFormat(file: string): Promise<FeedFormat> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = openBytes(file);
  try {
    for await (const chunk of stream) {
      chunks.push(Buffer.from(chunk));
      size += chunk.length;
      if (size >= PEEK_BYTES) break;
    }
  } catch {
    // A truncated or corrupt file: classify what was read; the parser reports the damage.
  } finally {
    await stream.return(undefined);
  }
  return classify(Buffer.concat(chunks).subarray(0, PEEK_BYTES).toString('utf8'));
}
