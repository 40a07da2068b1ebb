/**
 * Reading exposure for people: the prioritised worklist, roll-ups per organisation and its
 * children, and who is exposed to a CVE — each in the caller's read scope. Services return these
 * values; the HTTP edge presents them (http/schemas/finding.schemas.ts), the CLI prints them.
 */
import type { Database } from '../../db/connect.js';
import { deviceCounts } from '../../db/repositories/exposure/device-exposure.repository.js';
import { exceptionsActive } from '../../db/repositories/exposure/exception.repository.js';
import {
  countSeenFromOutside,
  type ExposedOrgRow,
  exposedOrganisations,
  type FindingRow,
  listFindings,
  type SummaryRow,
  summariseFindings,
} from '../../db/repositories/exposure/exposure.repository.js';
import { rulesForCve } from '../../db/repositories/exposure/match.repository.js';
import {
  findOrganisationByCode,
  findScopeRoot,
  type OrgRow,
} from '../../db/repositories/organisation.repository.js';
import { subtreeOrgIds } from '../../db/scope.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import type { Scope } from '../../domain/access/scope.js';
import type { FindingStatus } from '../../domain/exposure/finding-state.js';
import { installedFromStored } from '../../domain/inventory/normalise-component.js';
import { normaliseCode } from '../../domain/org/organisation.js';
import { assumedReason, type FindingBasis } from '../../domain/platform/platform-defaults.js';
import {
  automatableOf,
  type Exposure,
  exploitationOf,
  type Priority,
  reasonsFor,
} from '../../domain/priority/ssvc.js';
import { explainCriterion } from '../../domain/rules/criterion-match.js';
import type { FindingCertainty, MatchRule } from '../../domain/rules/match-rule.js';
import { invalidFields, NotFoundError } from '../../errors.js';
import { fromStoredRules } from './match-rule-rows.js';

/** The organisation named (in scope), or the root of the scope when none is (other read views share it). */
export async function orgOrRoot(
  database: Database,
  scope: Scope,
  code: string | null | undefined,
): Promise<OrgRow> {
  const org = code
    ? await findOrganisationByCode(database.db, normaliseCode(code), scope)
    : await findScopeRoot(database.db, scope);
  if (!org && !code && !scope.all && scope.roots.length > 1)
    throw invalidFields({ org: 'you have roles on several organisations: name one (its ODS code)' });
  if (!org) throw new NotFoundError(code ? `no organisation ${normaliseCode(code)}` : 'no organisations yet');
  return org;
}

export interface Finding {
  org: string;
  cve: string;
  component: {
    key: string;
    version: string | null;
    update: string | null;
    cpe: string | null;
    purl: string | null;
  };
  assets: number;
  status: FindingStatus;
  /** `possible` when something unknown (version, attribute, platform) would settle it; never counted. */
  certainty: FindingCertainty;
  /** `assumed` when the component is not in the inventory but on by default on its platform. */
  basis: FindingBasis;
  /** The platform whose defaults the assumption rests on; null when reported. */
  assumedBy: string | null;
  priority: Priority;
  reasons: string[];
  cvss: { score: number | null; severity: string | null; vector: string | null };
  kev: boolean;
  kevDueDate: string | null;
  epss: number | null;
  exposure: Exposure;
  safetyImpact: boolean;
  firstSeen: string;
  /** On a component an external scan's banner names on one of the organisation's addresses. */
  seenFromOutside: boolean;
}

function isoDate(d: Date | null): string | null {
  return d ? d.toISOString().slice(0, 10) : null;
}

/** Read-time explanation of possible findings: what would settle each, from its CVE's rules. */
async function possibleReasons(
  database: Database,
  rows: readonly FindingRow[],
): Promise<Map<FindingRow, string[]>> {
  const out = new Map<FindingRow, string[]>();
  const possible = rows.filter((r) => r.certainty === 'possible');
  const byCve = new Map<string, MatchRule[]>();
  for (const cve of new Set(possible.map((r) => r.cve_id))) {
    const stored = await rulesForCve(database.db, cve);
    byCve.set(cve, fromStoredRules(stored.rules, stored.conditions));
  }
  for (const r of possible) {
    const component = installedFromStored(r);
    const reasons = new Set<string>();
    let platform = false;
    for (const rule of byCve.get(r.cve_id) ?? []) {
      const explained = explainCriterion(rule.vulnerable, component);
      if (explained.verdict === 'assumed') for (const reason of explained.reasons) reasons.add(reason);
      if (explained.verdict === 'match' && rule.conditions.length > 0) platform = true;
    }
    if (reasons.size === 0 && platform) reasons.add(POSSIBLE_PLATFORM);
    out.set(r, [`possible: ${[...reasons].join('; ') || 'the inventory does not say enough to confirm it'}`]);
  }
  return out;
}

const POSSIBLE_PLATFORM =
  'the platform NVD says it must run on is only possibly present (its version, update or attributes are unknown)';

function toFinding(r: FindingRow, possible: string[] = []): Finding {
  const inputs = {
    exploitation: exploitationOf(r.kev, r.epss),
    exposure: r.exposure as Exposure,
    automatable: automatableOf(r.cvss_vector),
    safetyImpact: r.safety_impact,
  };
  return {
    org: r.org_code,
    cve: r.cve_id,
    component: { key: r.key, version: r.version || null, update: r.update || null, cpe: r.cpe, purl: r.purl },
    assets: r.asset_count,
    status: r.status as FindingStatus,
    certainty: r.certainty,
    basis: r.assumed_by ? 'assumed' : 'reported',
    assumedBy: r.assumed_by || null,
    priority: r.priority as Priority,
    reasons: [
      ...possible,
      ...(r.assumed_by ? [assumedReason(r.key, r.assumed_by)] : []),
      ...reasonsFor(inputs, { kevDueDate: isoDate(r.kev_due_date), epss: r.epss }),
    ],
    cvss: {
      score: r.cvss_score === null ? null : Number(r.cvss_score),
      severity: r.cvss_severity,
      vector: r.cvss_vector,
    },
    kev: r.kev,
    kevDueDate: isoDate(r.kev_due_date),
    epss: r.epss,
    exposure: r.exposure as Exposure,
    safetyImpact: r.safety_impact,
    firstSeen: r.first_seen.toISOString(),
    seenFromOutside: r.seen_from_outside,
  };
}

export interface ListOptions {
  org?: string | null;
  kev?: boolean;
  priority?: Priority;
  cve?: string;
  basis?: FindingBasis;
  certainty?: FindingCertainty;
  /** Only findings seen from outside (true) or only those that are not (false). */
  seenFromOutside?: boolean;
  all?: boolean;
  limit?: number;
  offset?: number;
}

/** The prioritised worklist for an organisation's subtree (or the whole scope). */
export async function listExposure(
  database: Database,
  actor: Actor,
  options: ListOptions,
): Promise<Finding[]> {
  const scope = scopeFor(actor, 'read');
  const org = options.org ? await orgOrRoot(database, scope, options.org) : null;
  const rows = await listFindings(database.db, scope, {
    underOrgId: org?.id ?? null,
    kev: options.kev,
    priority: options.priority,
    cve: options.cve?.toUpperCase(),
    basis: options.basis,
    certainty: options.certainty,
    seenFromOutside: options.seenFromOutside,
    all: options.all,
    limit: options.limit ?? 100,
    offset: options.offset,
  });
  return findingsOf(database, rows);
}

/** Findings as people read them from the rows of the worklist query (or one reading the same columns). */
export async function findingsOf(database: Database, rows: readonly FindingRow[]): Promise<Finding[]> {
  const possible = await possibleReasons(database, rows);
  return rows.map((r) => toFinding(r, possible.get(r)));
}

export interface Counts {
  findings: number;
  act: number;
  attend: number;
  trackStar: number;
  track: number;
  kev: number;
  kevOverdue: number;
  assets: number;
  /** Distinct devices with an open finding (each device once, however many findings). */
  devicesExposed: number;
  cves: number;
  /** Of the findings, those seen from outside (on an external asset), and the organisations with one. */
  seenFromOutside: OutsideCounts;
}

export interface OutsideCounts {
  findings: number;
  act: number;
  organisations: number;
}

export interface ExposureSummary {
  org: { code: string; name: string; kind: string };
  totals: Counts;
  children: ({ code: string; name: string; kind: string } & Counts)[];
}

const NONE_OUTSIDE: OutsideCounts = { findings: 0, act: 0, organisations: 0 };

function counts(
  r: SummaryRow,
  devicesExposed: Map<string, number>,
  outside: Map<string, OutsideCounts>,
): Counts {
  return {
    findings: r.findings,
    act: r.act,
    attend: r.attend,
    trackStar: r.track_star,
    track: r.track,
    kev: r.kev,
    kevOverdue: r.kev_overdue,
    assets: r.assets,
    devicesExposed: devicesExposed.get(r.org_id) ?? 0,
    cves: r.cves,
    seenFromOutside: outside.get(r.org_id) ?? NONE_OUTSIDE,
  };
}

/** Counts by priority and KEV for the organisation and for each child organisation's subtree. */
export async function summariseExposure(
  database: Database,
  actor: Actor,
  code?: string | null,
): Promise<ExposureSummary> {
  const scope = scopeFor(actor, 'read');
  const org = await orgOrRoot(database, scope, code);
  // The subtree by value, so each statement routes to the shards that hold it on Citus.
  const subtree = await subtreeOrgIds(database.db, [org.id]);
  // Asked once: both the findings and the device counts read their roll-ups as they are without one.
  const exceptions = await exceptionsActive(database.db, subtree);
  const rows = await summariseFindings(database.db, scope, org.id, subtree, exceptions);
  const self = rows.find((r) => r.self);
  if (!self) throw new NotFoundError(`no organisation ${org.code}`);
  const groupIds = rows.map((r) => r.org_id);
  const devices = new Map<string, number>();
  for (const d of await deviceCounts(database.db, groupIds, false, subtree, exceptions))
    devices.set(d.group_id, (devices.get(d.group_id) ?? 0) + d.exposed);
  const outside = new Map(
    (await countSeenFromOutside(database.db, groupIds, subtree)).map((o) => [
      o.group_id,
      { findings: o.findings, act: o.act, organisations: o.organisations },
    ]),
  );
  return {
    org: { code: org.code, name: org.name, kind: org.kind },
    totals: counts(self, devices, outside),
    children: rows
      .filter((r) => !r.self)
      .map((r) => ({ code: r.code, name: r.name, kind: r.kind, ...counts(r, devices, outside) }))
      .sort(
        (a, b) => b.act - a.act || b.kev - a.kev || b.findings - a.findings || a.code.localeCompare(b.code),
      ),
  };
}

export interface WhoResult {
  cve: string;
  organisations: {
    code: string;
    name: string;
    kind: string;
    parent: string | null;
    assets: number;
    components: number;
    priority: Priority;
  }[];
  totals: { organisations: number; assets: number };
}

/** Every organisation exposed to the CVE, with asset counts: the targets of an alert. */
export async function whoIsExposed(database: Database, actor: Actor, cveId: string): Promise<WhoResult> {
  const cve = cveId.trim().toUpperCase();
  const rows: ExposedOrgRow[] = await exposedOrganisations(database.db, scopeFor(actor, 'read'), cve);
  return {
    cve,
    organisations: rows.map((r) => ({
      code: r.org_code,
      name: r.org_name,
      kind: r.kind,
      parent: r.parent_code,
      assets: r.assets,
      components: r.components,
      priority: r.priority as Priority,
    })),
    totals: { organisations: rows.length, assets: rows.reduce((s, r) => s + r.assets, 0) },
  };
}
