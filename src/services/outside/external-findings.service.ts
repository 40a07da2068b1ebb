/**
 * Vulnerabilities found on banners, for people: each open finding on an organisation's external
 * assets with the observed address it is on — read in the caller's scope, prioritised as the
 * worklist is (the same findings, marked seen from outside there).
 */
import type { Database } from '../../db/connect.js';
import { listExternalFindings as listRows } from '../../db/repositories/outside/external-finding.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import type { Priority } from '../../domain/priority/ssvc.js';
import { type Finding, findingsOf, orgOrRoot } from '../exposure/read.service.js';

export interface ExternalFinding {
  /** The observed address (IPv4 or IPv6, as PostgreSQL prints it). */
  address: string;
  hostname: string | null;
  /** Ports open on the address in the open observations. */
  ports: number[];
  /** When the address's open observations were first and last seen. */
  firstSeen: string;
  lastSeen: string;
  finding: Finding;
}

export interface ExternalFindingOptions {
  org?: string | null;
  kev?: boolean;
  priority?: Priority;
  limit?: number;
  offset?: number;
}

/** Open findings on external assets under the organisation (or the whole scope), Act first. */
export async function listExternalFindings(
  database: Database,
  actor: Actor,
  options: ExternalFindingOptions,
): Promise<ExternalFinding[]> {
  const scope = scopeFor(actor, 'read');
  const org = options.org ? await orgOrRoot(database, scope, options.org) : null;
  const rows = await listRows(database.db, scope, {
    underOrgId: org?.id ?? null,
    kev: options.kev,
    priority: options.priority,
    limit: options.limit ?? 100,
    offset: options.offset,
  });
  const findings = await findingsOf(database, rows);
  return rows.map((r, i) => ({
    address: r.address,
    hostname: r.hostname,
    ports: r.ports,
    firstSeen: r.observed_first.toISOString(),
    lastSeen: r.observed_last.toISOString(),
    finding: findings[i] as Finding,
  }));
}
