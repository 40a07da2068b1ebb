/**
 * Pulling a partner's or a national feed over TAXII 2.1 (`ward intel taxii pull`): discovery (or an
 * API root given directly) → the collection → its objects with `added_after` and `next`, page by
 * page, each page imported all or nothing through the STIX import (source: the collection's URL;
 * markings kept). After each page the feed's `X-TAXII-Date-Added-Last` is stored per URL and
 * collection, so an interrupted pull loses nothing and the next one resumes there; `since`
 * overrides it.
 */
import type { Database } from '../../db/connect.js';
import { readPullCursor, savePullCursor } from '../../db/repositories/sharing/taxii.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { type ErrorCode, invalidFields, WardError } from '../../errors.js';
import { importStixObjects, type StixImportResult } from './stix-import.service.js';

const TAXII = 'application/taxii+json;version=2.1';
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export interface PullOptions {
  /** The server's discovery URL (…/taxii2/) or an API root's URL. */
  url: string;
  collection: string;
  /** Objects added after this time; else where the last pull of this URL and collection stopped. */
  since?: string;
  token?: string;
  user?: string;
  password?: string;
  /** The organisation the intelligence is imported for (ODS code). */
  org?: string;
  /** Objects per page asked for (the server may send fewer). */
  limit?: number;
  onPage?: (page: { page: number; objects: number; imported: number; addedLast: string | null }) => void;
}

export interface PullSummary {
  url: string;
  apiRoot: string;
  collection: { id: string; title: string };
  source: string;
  /** Where this pull started: `since`, the stored position, or null (from the beginning). */
  from: string | null;
  pages: number;
  objects: number;
  indicators: { created: number; updated: number };
  skipped: StixImportResult['skipped'];
  /** The last `X-TAXII-Date-Added-Last` read: the next pull starts after it. */
  addedLast: string | null;
}

/** A pull that stopped: what was imported before it is kept, and the next pull resumes there. */
export class TaxiiPullError extends WardError {
  constructor(code: ErrorCode, reason: string, resumeFrom: string | null) {
    const resume = resumeFrom
      ? `; pages imported before are kept and the next pull resumes after ${resumeFrom}`
      : '';
    super(code, `TAXII pull stopped: ${reason}${resume}`);
  }
}

interface Answer {
  body: Record<string, unknown>;
  headers: Headers;
}

function authorization(o: PullOptions): Record<string, string> {
  if (o.token) return { authorization: `Bearer ${o.token}` };
  if (o.user !== undefined || o.password !== undefined)
    return {
      authorization: `Basic ${Buffer.from(`${o.user ?? ''}:${o.password ?? ''}`).toString('base64')}`,
    };
  return {};
}

const withSlash = (u: string) => (u.endsWith('/') ? u : `${u}/`);

export async function pullTaxii(database: Database, actor: Actor, o: PullOptions): Promise<PullSummary> {
  const problems: Record<string, string> = {};
  let start: URL | null = null;
  try {
    start = new URL(withSlash(o.url));
    if (start.protocol !== 'https:' && start.protocol !== 'http:') problems.url = 'give an http(s) URL';
  } catch {
    problems.url = `"${o.url}" is not a URL`;
  }
  if (o.since !== undefined && (!TIMESTAMP.test(o.since) || Number.isNaN(Date.parse(o.since))))
    problems.since = 'give a timestamp like 2026-01-31T00:00:00Z';
  if (o.token && (o.user !== undefined || o.password !== undefined))
    problems.token = 'give a token or a user and password, not both';
  if (!o.collection.trim()) problems.collection = 'name the collection (its id)';
  if (Object.keys(problems).length > 0 || !start) throw invalidFields(problems);
  const url = start.href;
  const headers = { accept: TAXII, ...authorization(o) };
  let resumeFrom: string | null = null;

  async function get(target: string): Promise<Answer> {
    let res: Response;
    try {
      res = await fetch(target, { headers, redirect: 'follow' });
    } catch (error) {
      throw new TaxiiPullError('database', `${target}: ${(error as Error).message}`, resumeFrom);
    }
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const said = (body as { description?: unknown; title?: unknown } | undefined) ?? {};
      const why = typeof said.description === 'string' ? `: ${said.description}` : '';
      const code: ErrorCode =
        res.status === 401 || res.status === 403
          ? 'unauthenticated'
          : res.status === 404
            ? 'not_found'
            : 'database';
      const hint = res.status === 401 ? ' (check --token, or --user and --password)' : '';
      throw new TaxiiPullError(code, `${target} answered ${res.status}${why}${hint}`, resumeFrom);
    }
    const type = (res.headers.get('content-type') ?? '').replace(/\s/g, '').toLowerCase();
    if (!type.startsWith('application/taxii+json'))
      throw new TaxiiPullError(
        'database',
        `${target} is not a TAXII 2.1 server (it sent ${type || 'no type'})`,
        resumeFrom,
      );
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new TaxiiPullError(
        'database',
        `${target}: the answer was cut short or is not a JSON object`,
        resumeFrom,
      );
    return { body: body as Record<string, unknown>, headers: res.headers };
  }

  // Discovery, or an API root given directly.
  const first = await get(url);
  let apiRoot = url;
  if (Array.isArray(first.body.api_roots)) {
    const chosen = typeof first.body.default === 'string' ? first.body.default : first.body.api_roots[0];
    if (typeof chosen !== 'string') throw new TaxiiPullError('not_found', `${url} lists no API root`, null);
    apiRoot = withSlash(new URL(chosen, url).href);
  }
  const collectionUrl = new URL(`collections/${encodeURIComponent(o.collection)}/`, apiRoot).href;
  const info = (await get(collectionUrl)).body;
  if (info.can_read === false)
    throw new TaxiiPullError(
      'unauthenticated',
      `the collection ${o.collection} is not readable with these credentials`,
      null,
    );
  const source = `taxii:${collectionUrl}`;
  const stored = await readPullCursor(database.db, url, o.collection);
  const from = o.since ?? stored;
  resumeFrom = from;
  const summary: PullSummary = {
    url,
    apiRoot,
    collection: { id: o.collection, title: typeof info.title === 'string' ? info.title : o.collection },
    source,
    from,
    pages: 0,
    objects: 0,
    indicators: { created: 0, updated: 0 },
    skipped: [],
    addedLast: from,
  };

  let next: string | null = null;
  let addedAfter = from;
  for (;;) {
    const params = new URLSearchParams();
    if (addedAfter) params.set('added_after', addedAfter);
    if (o.limit) params.set('limit', String(o.limit));
    if (next) params.set('next', next);
    const query = params.toString();
    const page = await get(`${collectionUrl}objects/${query ? `?${query}` : ''}`);
    const objects = page.body.objects ?? [];
    if (!Array.isArray(objects))
      throw new TaxiiPullError('database', `${collectionUrl}objects/: "objects" is not a list`, resumeFrom);
    let imported = 0;
    if (objects.length > 0) {
      const result = await importStixObjects(database, actor, objects, {
        source,
        producerCode: o.org,
        file: `${collectionUrl}objects/ page ${summary.pages + 1}`,
      });
      imported = result.indicators.created + result.indicators.updated;
      summary.indicators.created += result.indicators.created;
      summary.indicators.updated += result.indicators.updated;
      summary.skipped.push(...result.skipped);
    }
    summary.pages += 1;
    summary.objects += objects.length;
    const last = page.headers.get('x-taxii-date-added-last');
    if (last) {
      await savePullCursor(database.db, url, o.collection, last);
      summary.addedLast = last;
      resumeFrom = last;
    }
    o.onPage?.({ page: summary.pages, objects: objects.length, imported, addedLast: summary.addedLast });
    if (page.body.more !== true || objects.length === 0) break;
    if (typeof page.body.next === 'string' && page.body.next !== '') {
      if (page.body.next === next)
        throw new TaxiiPullError('database', 'the server sent the same "next" twice', resumeFrom);
      next = page.body.next;
    } else {
      // A server that pages by time alone: continue after the last object it sent.
      if (!last || last === addedAfter)
        throw new TaxiiPullError(
          'database',
          'the server says there is more but gives no way to it',
          resumeFrom,
        );
      next = null;
      addedAfter = last;
    }
  }
  return summary;
}
