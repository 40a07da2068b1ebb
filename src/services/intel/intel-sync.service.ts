/**
 * Intel sync: fetches the official feeds (or mirrors) and loads them, incrementally. NVD is
 * read by last-modified windows from where the previous sync stopped; the position is saved after
 * every page, so a sync that fails (after the HTTP retries) resumes where it stopped, keeping what
 * earlier pages committed. CSAF providers are read through their provider metadata and ROLIE feeds,
 * fetching only advisories updated since they were stored.
 */
import type { Database } from '../../db/connect.js';
import {
  advisoryReleasesByUrl,
  getSourceStates,
  saveSourceState,
} from '../../db/repositories/intel.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { WardError } from '../../errors.js';
import { parseCsaf } from '../../feeds/csaf/parse-csaf.js';
import { parseProviderMetadata, parseRolieFeed } from '../../feeds/csaf/parse-provider.js';
import { classify, type IntelSource } from '../../feeds/detect-format.js';
import { fetchEpss } from '../../feeds/epss/fetch-epss.js';
import { downloadFeed } from '../../feeds/http/download-feed.js';
import type { FetchWithRetryOptions } from '../../feeds/http/fetch-with-retry.js';
import type { RateLimiter } from '../../feeds/http/rate-limiter.js';
import { fetchKev } from '../../feeds/kev/fetch-kev.js';
import { fetchNvdPages } from '../../feeds/nvd/fetch-nvd.js';
import { requireNational } from '../access/access.service.js';
import { storeAdvisory } from './csaf-load.service.js';
import { type LoadIssue, loadEpss, loadKev, storeNvdBatch } from './intel-load.service.js';

export interface SyncProgress {
  source: string;
  records: number;
  detail?: string;
}

export interface SyncOptions {
  http?: FetchWithRetryOptions;
  onProgress?: (p: SyncProgress) => void;
  now?: () => Date;
}

export interface NvdSyncOptions extends SyncOptions {
  baseUrl?: string | null;
  apiKey?: string | null;
  /** Where a first sync starts (default: 120 days before now). */
  since?: Date;
  limiter?: RateLimiter;
}

export interface SyncResult {
  source: string;
  records: number;
  changed: number;
  issues: LoadIssue[];
  /** Alert drafts proposed for review (KEV: entries for remote-working products in use). */
  alertDrafts?: number;
}

/** The saved NVD position: the window start and the index within it. */
export interface NvdCursor {
  windowStart: string;
  startIndex: number;
}

const SOURCE_NAMES: Record<IntelSource, string> = { nvd: 'NVD', kev: 'KEV', epss: 'EPSS', csaf: 'CSAF' };

/**
 * A sync that stopped (the service kept failing after the retries): what was fetched before is
 * kept, and for NVD the next sync resumes at `resumeAt`. The edges say how to run it again.
 */
export class SyncFailedError extends WardError {
  constructor(
    readonly source: IntelSource,
    readonly reason: string,
    readonly resumeAt: NvdCursor | null = null,
  ) {
    const resume = resumeAt
      ? `; the next sync resumes from ${resumeAt.windowStart} at index ${resumeAt.startIndex}`
      : '';
    super(
      'database',
      `${SOURCE_NAMES[source]} sync stopped: ${reason}. What was fetched before is kept${resume}`,
    );
  }
}

/** Syncing intel is national work (it changes every organisation's exposure). */
function requireSync(actor: Actor): void {
  requireNational(actor, 'national', 'sync intel');
}

export async function syncNvd(
  database: Database,
  actor: Actor,
  options: NvdSyncOptions = {},
): Promise<SyncResult> {
  requireSync(actor);
  const now = options.now?.() ?? new Date();
  const state = (await getSourceStates(database.db)).find((s) => s.source === 'nvd');
  const cursor = (state?.cursor ?? null) as NvdCursor | null;
  const start = cursor
    ? new Date(cursor.windowStart)
    : (state?.last_modified_seen ?? options.since ?? new Date(now.getTime() - 120 * 86_400_000));
  let records = 0;
  let changed = 0;
  const issues: LoadIssue[] = [];
  const warnings: LoadIssue[] = [];
  let position: NvdCursor = { windowStart: start.toISOString(), startIndex: cursor?.startIndex ?? 0 };
  try {
    for await (const page of fetchNvdPages({
      lastModStart: start,
      lastModEnd: now,
      startIndex: position.startIndex,
      baseUrl: options.baseUrl ?? undefined,
      apiKey: options.apiKey ?? undefined,
      limiter: options.limiter,
      http: options.http,
    })) {
      const url = `nvd window ${page.window.start} index ${page.startIndex}`;
      for (const bad of page.invalid)
        issues.push({ file: url, record: bad.id ?? `vulnerabilities[${bad.index}]`, reason: bad.reason });
      changed += (await storeNvdBatch(database, page.records, url, warnings, actor)).length;
      records += page.records.length;
      position =
        page.nextStartIndex === null
          ? { windowStart: page.window.end, startIndex: 0 }
          : { windowStart: page.window.start, startIndex: page.nextStartIndex };
      await saveSourceState(database.db, { source: 'nvd', success: false, cursor: position, error: null });
      options.onProgress?.({
        source: 'nvd',
        records,
        detail: `window ${page.windowIndex + 1}/${page.windowCount}`,
      });
    }
  } catch (error) {
    const reason = (error as Error).message;
    await saveSourceState(database.db, { source: 'nvd', success: false, cursor: position, error: reason });
    throw new SyncFailedError('nvd', reason, position);
  }
  await saveSourceState(database.db, {
    source: 'nvd',
    success: true,
    lastModifiedSeen: now.toISOString(),
    cursor: null,
    error: null,
  });
  return { source: 'nvd', records, changed, issues };
}

async function guarded<T>(source: IntelSource, actor: Actor, fn: () => Promise<T>): Promise<T> {
  requireSync(actor);
  try {
    return await fn();
  } catch (error) {
    if (error instanceof WardError) throw error;
    throw new SyncFailedError(source, (error as Error).message);
  }
}

export async function syncKev(
  database: Database,
  actor: Actor,
  options: SyncOptions & { baseUrl?: string | null } = {},
): Promise<SyncResult> {
  return guarded('kev', actor, async () => {
    const download = await fetchKev({ baseUrl: options.baseUrl ?? undefined, http: options.http });
    const result = await loadKev(database, download.body, { name: download.url, actor });
    options.onProgress?.({ source: 'kev', records: result.records });
    return {
      source: 'kev',
      records: result.records,
      changed: result.changed,
      issues: result.issues,
      alertDrafts: result.alertDrafts ?? 0,
    };
  });
}

export async function syncEpss(
  database: Database,
  actor: Actor,
  options: SyncOptions & { baseUrl?: string | null } = {},
): Promise<SyncResult> {
  return guarded('epss', actor, async () => {
    const download = await fetchEpss({ baseUrl: options.baseUrl ?? undefined, http: options.http });
    const result = await loadEpss(database, download.body, {
      name: download.url,
      actor,
      onProgress: (p) => options.onProgress?.({ source: 'epss', records: p.records }),
    });
    return { source: 'epss', records: result.records, changed: result.changed, issues: result.issues };
  });
}

async function fetchJson(url: string, http?: FetchWithRetryOptions): Promise<unknown> {
  const download = await downloadFeed(url, http);
  const chunks: Buffer[] = [];
  for await (const chunk of download.body) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Syncs CSAF advisories from a provider's `provider-metadata.json`, a ROLIE feed, or one advisory
 * URL. Advisories whose feed entry is not newer than what is stored are not fetched again.
 */
export async function syncCsaf(
  database: Database,
  actor: Actor,
  url: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  return guarded('csaf', actor, async () => {
    const issues: LoadIssue[] = [];
    let records = 0;
    let changed = 0;
    const doc = await fetchJson(url, options.http);
    const kind = classify(JSON.stringify(doc).slice(0, 4096));
    const feeds: string[] = [];
    const advisories: { url: string; updated: string | null }[] = [];
    if (kind === 'csaf-provider')
      feeds.push(...parseProviderMetadata(doc, { name: url }).rolieFeeds.map((f) => f.url));
    else if (kind === 'rolie') feeds.push(url);
    else advisories.push({ url, updated: null });
    for (const feedUrl of feeds) {
      const feed = parseRolieFeed(feedUrl === url ? doc : await fetchJson(feedUrl, options.http), {
        name: feedUrl,
      });
      for (const e of feed.entries) if (e.url) advisories.push({ url: e.url, updated: e.updated });
    }
    const stored = await advisoryReleasesByUrl(database.db);
    for (const a of advisories) {
      if (a.updated && (stored.get(a.url) ?? -1) >= new Date(a.updated).getTime()) continue;
      try {
        const parsed = parseCsaf(
          a.url === url && kind === 'csaf' ? doc : await fetchJson(a.url, options.http),
        );
        if (!parsed.ok) {
          issues.push(...parsed.errors.map((e) => ({ file: a.url, record: e.path, reason: e.message })));
          continue;
        }
        records++;
        if ((await storeAdvisory(database, parsed.advisory, a.url, actor)).changed) changed++;
        options.onProgress?.({ source: 'csaf', records, detail: a.url });
      } catch (error) {
        issues.push({ file: a.url, record: '/', reason: (error as Error).message });
      }
    }
    await saveSourceState(database.db, {
      source: 'csaf',
      success: issues.length === 0,
      error: issues[0]?.reason ?? null,
    });
    return { source: 'csaf', records, changed, issues };
  });
}
