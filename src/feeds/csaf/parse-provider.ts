/**
 * Discovery of CSAF advisories (CSAF 2.0 §7): a trusted provider's `provider-metadata.json` names
 * where its advisories are (ROLIE feeds and/or directories), and each ROLIE feed (RFC 8322) lists
 * advisory URLs with the time each was last updated, so a poller fetches only what changed.
 */
import { z } from 'zod';
import { FeedFormatError, formatZodIssues } from '../feed-format.error.js';
import { parseJsonDocument } from '../json/json-syntax.error.js';
import { type ByteSource, readAllBytes, sourceName } from '../source-bytes.js';

const providerSchema = z.object({
  canonical_url: z.string(),
  distributions: z
    .array(
      z.object({
        directory_url: z.string().optional(),
        rolie: z
          .object({
            feeds: z.array(
              z.object({ url: z.string(), tlp_label: z.string(), summary: z.string().optional() }),
            ),
          })
          .optional(),
      }),
    )
    .default([]),
  last_updated: z.string(),
  metadata_version: z.string(),
  publisher: z.object({ category: z.string(), name: z.string(), namespace: z.string() }),
  role: z.string(),
});

/** Where a CSAF provider publishes, from its `provider-metadata.json`. */
export interface CsafProviderMetadata {
  canonicalUrl: string;
  lastUpdated: string;
  metadataVersion: string;
  /** `csaf_publisher`, `csaf_provider` or `csaf_trusted_provider`. */
  role: string;
  publisher: { name: string; namespace: string; category: string };
  /** ROLIE feeds, each with the TLP label of the advisories it lists. */
  rolieFeeds: { url: string; tlpLabel: string; summary: string | null }[];
  /** Directory-based distributions (§7.1.13: `index.txt`, `changes.csv` under the URL). */
  directoryUrls: string[];
}

/** Options for the provider and feed readers. */
export interface ParseProviderOptions {
  /** Name of the source in errors. */
  name?: string;
}

/** Reads a parsed `provider-metadata.json`; throws {@link FeedFormatError} with the zod reasons. */
export function parseProviderMetadata(
  doc: unknown,
  options: ParseProviderOptions = {},
): CsafProviderMetadata {
  const parsed = providerSchema.safeParse(doc);
  const name = options.name ?? '<provider-metadata>';
  if (!parsed.success)
    throw new FeedFormatError(`not CSAF provider metadata: ${formatZodIssues(parsed.error)}`, name);
  const p = parsed.data;
  return {
    canonicalUrl: p.canonical_url,
    lastUpdated: p.last_updated,
    metadataVersion: p.metadata_version,
    role: p.role,
    publisher: { name: p.publisher.name, namespace: p.publisher.namespace, category: p.publisher.category },
    rolieFeeds: p.distributions.flatMap((d) =>
      (d.rolie?.feeds ?? []).map((f) => ({ url: f.url, tlpLabel: f.tlp_label, summary: f.summary ?? null })),
    ),
    directoryUrls: p.distributions.flatMap((d) => (d.directory_url ? [d.directory_url] : [])),
  };
}

const linkSchema = z.object({ href: z.string(), rel: z.string().optional(), ref: z.string().optional() });

const entrySchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  link: z.array(linkSchema).default([]),
  published: z.string().optional(),
  updated: z.string(),
  content: z.object({ src: z.string(), type: z.string().optional() }).optional(),
});

const feedSchema = z.object({
  feed: z.object({
    id: z.string(),
    title: z.string().optional(),
    updated: z.string(),
    link: z.array(linkSchema).default([]),
    entry: z.array(z.unknown()).default([]),
  }),
});

/** One advisory listed in a ROLIE feed. */
export interface RolieEntry {
  /** The advisory's tracking id (`ICSMA-24-200-01`). */
  id: string;
  title: string | null;
  /** The advisory JSON: `content.src`, else the `self` link. */
  url: string;
  published: string | null;
  /** When the advisory last changed; compare with what is stored to decide what to fetch. */
  updated: string;
  /** The `.sha512` (or `.sha256`) file, when linked. */
  hashUrl: string | null;
  /** The detached OpenPGP signature (`.asc`), when linked. */
  signatureUrl: string | null;
}

/** A ROLIE feed of CSAF advisories; entries that cannot be used are reported by index. */
export interface RolieFeed {
  id: string;
  title: string | null;
  updated: string;
  selfUrl: string | null;
  entries: RolieEntry[];
  issues: { index: number; id: string | null; reason: string }[];
}

/**
 * The relation of a link. CISA's IT feed writes `"ref": "hash"` where RFC 4287 says `rel`, so `ref`
 * stands in when `rel` is missing.
 */
function relOf(link: z.infer<typeof linkSchema>): string | undefined {
  return link.rel ?? link.ref;
}

/** Reads a parsed ROLIE feed; throws {@link FeedFormatError} when it is not one. */
export function parseRolieFeed(doc: unknown, options: ParseProviderOptions = {}): RolieFeed {
  const parsed = feedSchema.safeParse(doc);
  const name = options.name ?? '<rolie-feed>';
  if (!parsed.success) throw new FeedFormatError(`not a ROLIE feed: ${formatZodIssues(parsed.error)}`, name);
  const feed = parsed.data.feed;
  const entries: RolieEntry[] = [];
  const issues: RolieFeed['issues'] = [];
  feed.entry.forEach((raw, index) => {
    const e = entrySchema.safeParse(raw);
    const rawId = (raw as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'string' ? rawId : null;
    if (!e.success) {
      issues.push({ index, id, reason: formatZodIssues(e.error) });
      return;
    }
    const link = (rel: string): string | null => e.data.link.find((l) => relOf(l) === rel)?.href ?? null;
    const url = e.data.content?.src ?? link('self');
    if (url === null) {
      issues.push({ index, id, reason: 'no content.src and no self link' });
      return;
    }
    entries.push({
      id: e.data.id,
      title: e.data.title ?? null,
      url,
      published: e.data.published ?? null,
      updated: e.data.updated,
      hashUrl: link('hash'),
      signatureUrl: link('signature'),
    });
  });
  return {
    id: feed.id,
    title: feed.title ?? null,
    updated: feed.updated,
    selfUrl: feed.link.find((l) => relOf(l) === 'self')?.href ?? null,
    entries,
    issues,
  };
}

/** Reads `provider-metadata.json` from a file, stream or bytes. */
export async function readProviderMetadata(
  source: ByteSource,
  options: ParseProviderOptions = {},
): Promise<CsafProviderMetadata> {
  const name = sourceName(source, options.name);
  const text = (await readAllBytes(source, { name })).toString('utf8');
  return parseProviderMetadata(parseJsonDocument(text, name), { name });
}

/** Reads a ROLIE feed from a file, stream or bytes (plain or gzip). */
export async function readRolieFeed(
  source: ByteSource,
  options: ParseProviderOptions = {},
): Promise<RolieFeed> {
  const name = sourceName(source, options.name);
  const text = (await readAllBytes(source, { name })).toString('utf8');
  return parseRolieFeed(parseJsonDocument(text, name), { name });
}
