/**
 * Reading what is seen from outside, within the caller's scope: the exposures (open, or all), and
 * a summary by child organisation (counts by kind and severity, open and closed) with, for national
 * callers, the addresses of recent reports that no organisation registered.
 */
import type { Database } from '../../db/connect.js';
import { findScopeRoot, listSubtree } from '../../db/repositories/organisation.repository.js';
import {
  recentReports,
  type UnknownAddress,
} from '../../db/repositories/outside/external-report.repository.js';
import {
  countExternalServices,
  type ExternalServiceRow,
  listExternalServices,
} from '../../db/repositories/outside/external-service.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { RISKY_SERVICES, severityRank } from '../../domain/outside/risky-services.js';
import { InvalidInputError } from '../../errors.js';
import { requireOrgAccess } from '../access/access.service.js';

export interface ExternalView {
  org: string;
  orgName: string;
  source: string;
  address: string;
  port: number;
  protocol: string;
  kind: string;
  /** The rule's name, or the banner's product for a plain service. */
  name: string;
  severity: string;
  hostname: string | null;
  tag: string | null;
  vendor: string | null;
  product: string | null;
  version: string | null;
  firstSeen: string;
  lastSeen: string;
  closedAt: string | null;
  reopenedAt: string | null;
  why: string | null;
  whatToDo: string | null;
}

export interface ExternalListResult {
  org: string | null;
  all: boolean;
  items: ExternalView[];
  /** More matched than `limit`. */
  truncated: boolean;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function view(r: ExternalServiceRow): ExternalView {
  const rule = RISKY_SERVICES.rule(r.kind);
  return {
    org: r.code,
    orgName: r.org_name,
    source: r.source,
    address: r.address,
    port: r.port,
    protocol: r.protocol,
    kind: r.kind,
    name: rule?.name ?? ([r.vendor, r.product].filter(Boolean).join(' ') || r.kind),
    severity: r.severity,
    hostname: r.hostname,
    tag: r.tag,
    vendor: r.vendor,
    product: r.product,
    version: r.version,
    firstSeen: iso(r.first_seen) as string,
    lastSeen: iso(r.last_seen) as string,
    closedAt: iso(r.closed_at),
    reopenedAt: iso(r.reopened_at),
    why: rule?.why ?? null,
    whatToDo: rule?.whatToDo ?? null,
  };
}

/** Exposures in the caller's scope (one organisation's subtree when `org` is given), most severe first. */
export async function listExternal(
  database: Database,
  actor: Actor,
  options: { org?: string; all?: boolean; limit?: number } = {},
): Promise<ExternalListResult> {
  const org = options.org ? await requireOrgAccess(database, actor, 'read', options.org) : null;
  const limit = options.limit ?? 1000;
  const rows = await listExternalServices(database.db, {
    scope: scopeFor(actor, 'read'),
    underOrgId: org?.id,
    all: options.all === true,
    limit: limit + 1,
  });
  return {
    org: org?.code ?? null,
    all: options.all === true,
    items: rows.slice(0, limit).map(view),
    truncated: rows.length > limit,
  };
}

export interface SummaryCount {
  kind: string;
  severity: string;
  open: number;
  closed: number;
}

export interface SummaryRow {
  org: string;
  name: string;
  /** The summary's root itself: its own exposures only (its children have their rows). */
  own: boolean;
  open: number;
  closed: number;
  counts: SummaryCount[];
}

export interface RecentReport {
  source: string;
  file: string;
  importedAt: string;
  rows: number;
  attributed: number;
  unknown: number;
  unknownDistinct: number;
  unknownAddresses: UnknownAddress[];
}

export interface ExternalSummary {
  org: string;
  name: string;
  open: number;
  closed: number;
  rows: SummaryRow[];
  /** National callers: recent reports with the addresses no organisation registered; null for others. */
  recentReports: RecentReport[] | null;
}

/** Recent reports shown in a national summary. */
const RECENT_REPORTS = 10;

/** Counts under the caller's root (or `org`) by child organisation, kind and severity. */
export async function externalSummary(
  database: Database,
  actor: Actor,
  options: { org?: string } = {},
): Promise<ExternalSummary> {
  const scope = scopeFor(actor, 'read');
  const root = options.org
    ? await requireOrgAccess(database, actor, 'read', options.org)
    : await findScopeRoot(database.db, scope);
  if (!root)
    throw new InvalidInputError('org: name the organisation to summarise (you have access to several)', [
      {
        file: 'request',
        line: 0,
        field: 'org',
        reason: 'name the organisation to summarise (you have access to several)',
      },
    ]);
  const children = (await listSubtree(database.db, root.id, 1, scope)).filter((o) => o.id !== root.id);
  const counts = await countExternalServices(
    database.db,
    scope,
    children.map((c) => c.id),
    [root.id],
  );
  const rows: SummaryRow[] = [root, ...children].map((o) => {
    const mine = counts
      .filter((c) => c.code === o.code)
      .map(({ kind, severity, open, closed }) => ({ kind, severity, open, closed }))
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.kind.localeCompare(b.kind));
    return {
      org: o.code,
      name: o.name,
      own: o.id === root.id,
      open: mine.reduce((n, c) => n + c.open, 0),
      closed: mine.reduce((n, c) => n + c.closed, 0),
      counts: mine,
    };
  });
  const national = scopeFor(actor, 'national').all;
  const reports = national ? await recentReports(database.db, RECENT_REPORTS) : null;
  return {
    org: root.code,
    name: root.name,
    open: rows.reduce((n, r) => n + r.open, 0),
    closed: rows.reduce((n, r) => n + r.closed, 0),
    rows,
    recentReports:
      reports?.map((r) => ({
        source: r.source,
        file: r.file,
        importedAt: new Date(r.imported_at).toISOString(),
        rows: r.rows,
        attributed: r.attributed,
        unknown: r.unknown,
        unknownDistinct: r.unknown_distinct,
        unknownAddresses: ((r.unknown_addresses as UnknownAddress[]) ?? []).slice(0, 20),
      })) ?? null,
  };
}
