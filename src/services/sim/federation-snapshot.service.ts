/**
 * Takes the snapshot the worm simulation runs on: every organisation with live assets, its zones
 * (imported, or from the priors for its kind), its devices counted per class, which of them carry
 * an open finding for the worm's CVEs, and the shared services declared between organisations.
 * Returns the compiled federation, the names needed to explain results, and a hash of the inputs for
 * provenance.
 *
 * Internet reachability on SMB comes, in order, from what outside scans observed (an open port 445
 * makes the organisation's internet-facing SMB known open; a recent scan that covered its
 * registered ranges and found no 445 open makes it known closed), else from its network file
 * (declared), else from the priors for its kind (assumed). Which one each organisation rests on is
 * part of the snapshot.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../db/connect.js';
import {
  listNetworkRules,
  listNetworkZones,
  listSharedServices,
  type SharedServiceRow,
} from '../../db/repositories/network.repository.js';
import { listAllOrganisations, type OrgRow } from '../../db/repositories/organisation.repository.js';
import { observedSmbExposure } from '../../db/repositories/outside/outside-facts.repository.js';
import { assetGroups } from '../../db/repositories/sim-snapshot.repository.js';
import { zoneFlags } from '../../domain/network/reachability.js';
import {
  buildFederation,
  type Federation,
  type OrgInput,
  type SafetyLevel,
  ZONE,
  type ZoneInput,
} from '../../domain/sim/federation.js';
import { osClassOf, type Priors, priorDraw, simOrgKind } from '../../domain/sim/priors.js';
import type { OsClass, WormProfile } from '../../domain/sim/profile.js';

export interface FederationSnapshot {
  readonly federation: Federation;
  /** Ward organisation id per simulation organisation index. */
  readonly orgIds: readonly string[];
  readonly zoneNames: readonly string[];
  readonly hash: string;
  readonly devices: number;
  /** Where each simulated organisation's internet reachability on SMB comes from (by index). */
  readonly internetExposure: readonly InternetExposureSource[];
}

/**
 * `observed-open` / `observed-closed`: an outside scan saw port 445 open / covered the organisation
 * recently and saw it closed; `declared`: its network file; `assumed`: the priors for its kind.
 */
export const INTERNET_EXPOSURE_SOURCES = ['observed-open', 'observed-closed', 'declared', 'assumed'] as const;
export type InternetExposureSource = (typeof INTERNET_EXPOSURE_SOURCES)[number];

/** How recent a scan must be for "nothing open on 445" to count as known closed. */
export const OBSERVED_CLOSED_WITHIN_DAYS = 30;

const FLAT = ZONE.ORG_IN | ZONE.INTERNET_OUT | ZONE.WAN_OUT;

function safetyOf(criticality: string): SafetyLevel {
  if (criticality === 'life_critical') return 'critical';
  if (criticality === 'high') return 'diagnostic';
  return 'none';
}

interface ZoneDraft {
  name: string;
  flags: number;
  listeners: number;
  susceptible: { os: OsClass; safety: SafetyLevel; count: number }[];
}

/**
 * Declared shared services as links between simulated organisations: `children` declarations name
 * every organisation directly under the consumer; links to or from organisations with no devices,
 * from a provider to itself, and repeats are dropped.
 */
function serviceLinks(
  rows: readonly SharedServiceRow[],
  orgs: readonly OrgRow[],
  simulated: ReadonlySet<string>,
): { consumer: string; provider: string; name: string }[] {
  const code = new Map(orgs.map((o) => [o.id, o.code]));
  const children = new Map<string, string[]>();
  for (const o of orgs) {
    if (!o.parentId) continue;
    const list = children.get(o.parentId);
    if (list) list.push(o.id);
    else children.set(o.parentId, [o.id]);
  }
  const seen = new Set<string>();
  const out: { consumer: string; provider: string; name: string }[] = [];
  for (const r of rows) {
    if (!simulated.has(r.provider_id)) continue;
    for (const consumer of r.children ? (children.get(r.consumer_id) ?? []) : [r.consumer_id]) {
      const key = `${r.service}\u0000${r.provider_id}\u0000${consumer}`;
      if (consumer === r.provider_id || !simulated.has(consumer) || seen.has(key)) continue;
      seen.add(key);
      out.push({
        consumer: code.get(consumer) as string,
        provider: code.get(r.provider_id) as string,
        name: r.service,
      });
    }
  }
  return out;
}

export async function takeSnapshot(
  database: Database,
  profile: WormProfile,
  priors: Priors,
  seed: number,
  now: Date = new Date(),
): Promise<FederationSnapshot> {
  const db = database.db;
  const orgs = await listAllOrganisations(db);
  const observed = await observedSmbExposure(
    db,
    new Date(now.getTime() - OBSERVED_CLOSED_WITHIN_DAYS * 86_400_000),
  );
  const internetExposure: InternetExposureSource[] = [];
  const groups = await assetGroups(db, profile.cves);
  const withAssets = [...new Set(groups.map((g) => g.org_id))];
  const zoneRows = await listNetworkZones(db, withAssets);
  const ruleRows = await listNetworkRules(db, withAssets);
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const orgInputs: OrgInput[] = [];
  const orgIds: string[] = [];
  const zoneNames: string[] = [];
  let devices = 0;
  for (const orgId of withAssets) {
    const org = byId.get(orgId);
    if (!org) continue;
    const kind = simOrgKind(org.kind);
    const prior = priors[kind];
    const imported = zoneRows.filter((z) => z.org_id === orgId);
    const drafts = new Map<string, ZoneDraft>();
    if (imported.length > 0) {
      const rules = ruleRows
        .filter((r) => r.org_id === orgId)
        .map((r) => ({
          from: r.from_ref,
          to: r.to_ref,
          protocol: r.protocol,
          port: r.port,
          action: r.action,
        }));
      const flags = zoneFlags(imported, rules, profile.port);
      imported.forEach((z, i) => {
        drafts.set(z.name.toLowerCase(), {
          name: z.name,
          flags: flags[i] as number,
          listeners: 0,
          susceptible: [],
        });
      });
    }
    const exposedWan = priorDraw(org.code, seed, 1) < prior.wanExposedShare;
    const exposedInternet = priorDraw(org.code, seed, 2) < prior.internetExposedShare;
    for (const g of groups) {
      if (g.org_id !== orgId) continue;
      devices += g.devices;
      const flat = imported.length === 0 && prior.devicesPerZone === Number.POSITIVE_INFINITY;
      const key = flat ? 'flat' : (g.network_zone ?? 'unassigned').toLowerCase();
      let zone = drafts.get(key);
      if (!zone) {
        // A zone the organisation did not declare (or every zone, when it declared none): priors.
        let flags = FLAT | ZONE.PRIOR;
        if (imported.length === 0 && drafts.size === 0) {
          if (exposedWan) flags |= ZONE.WAN_IN;
          if (exposedInternet) flags |= ZONE.INTERNET_IN;
        }
        if (priorDraw(`${org.code}/${key}`, seed, 3) < prior.directEgressShare) flags |= ZONE.DIRECT_EGRESS;
        zone = {
          name: flat ? org.code : (g.network_zone ?? 'unassigned'),
          flags,
          listeners: 0,
          susceptible: [],
        };
        drafts.set(key, zone);
      }
      // With no OS recorded, a device the worm's CVEs are found on is taken for Windows 7, the common case.
      const os = g.os === null && g.vulnerable ? 'windows-7' : osClassOf(g.os);
      if (os === 'other') continue;
      zone.listeners += g.devices;
      if (g.vulnerable)
        zone.susceptible.push({ os, safety: safetyOf(g.clinical_criticality), count: g.devices });
    }
    const zones: ZoneInput[] = [...drafts.values()];
    const seen = observed.get(orgId);
    internetExposure.push(seen ? `observed-${seen}` : imported.length > 0 ? 'declared' : 'assumed');
    if (seen) applyObservedSmb(zones as ZoneDraft[], seen);
    orgInputs.push({ code: org.code, kind, zones });
    orgIds.push(orgId);
    for (const z of drafts.values()) zoneNames.push(`${org.code}/${z.name}`);
  }
  const services = serviceLinks(await listSharedServices(db, null), orgs, new Set(orgIds));
  const federation = buildFederation({ orgs: orgInputs, services });
  const hash = createHash('sha256');
  hash.update(JSON.stringify(federation.orgCodes));
  hash.update(JSON.stringify(services));
  for (const a of [
    federation.orgKind,
    federation.orgZoneStart,
    federation.zoneFlags,
    federation.zoneListeners,
    federation.susceptible,
  ])
    hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return { federation, orgIds, zoneNames, hash: hash.digest('hex').slice(0, 16), devices, internetExposure };
}

/**
 * An observation replaces what was declared or assumed: open, and a zone is reachable from the
 * internet (the first with SMB listeners, unless one already is); closed, and none is.
 */
function applyObservedSmb(zones: ZoneDraft[], seen: 'open' | 'closed'): void {
  if (seen === 'closed') {
    for (const z of zones) z.flags &= ~ZONE.INTERNET_IN;
    return;
  }
  if (zones.some((z) => z.flags & ZONE.INTERNET_IN)) return;
  const zone = zones.find((z) => z.listeners > 0) ?? zones[0];
  if (zone) zone.flags |= ZONE.INTERNET_IN;
}
