/**
 * Importing and reading an organisation's network (zones, 445 reachability and the shared services it
 * provides or uses) for the worm simulation. An import is all-or-nothing: any bad line rejects the
 * file with every problem, and the database is left as it was.
 */
import type { Database } from '../../db/connect.js';
import {
  listNetworkRules,
  listNetworkZones,
  listSharedServices,
  replaceNetwork,
} from '../../db/repositories/network.repository.js';
import {
  findOrganisationIdsByCode,
  listAllOrganisations,
} from '../../db/repositories/organisation.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { FULL_SCOPE } from '../../domain/access/scope.js';
import { type NetworkFile, parseNetworkCsv } from '../../domain/network/network-csv.js';
import { zoneFlags } from '../../domain/network/reachability.js';
import { ZONE } from '../../domain/sim/federation.js';
import { WANNACRY_2017 } from '../../domain/sim/profile.js';
import { type InputProblem, InvalidInputError } from '../../errors.js';
import { requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';

export interface NetworkImportResult {
  readonly file: string;
  readonly org: string;
  readonly zones: number;
  readonly rules: number;
  /** Shared services declared (by name and provider). */
  readonly services: number;
  readonly replaced: { readonly zones: number; readonly rules: number; readonly services: number };
}

interface ServiceLink {
  readonly service: string;
  readonly provider_id: string;
  readonly consumer_id: string;
  readonly children: boolean;
}

/**
 * The file's service rows as rows to store, with a problem for each unknown organisation and each
 * service the importing organisation neither provides nor uses by name. Organisation codes are the
 * national reference (ODS): a trust names the practices using its PAS wherever they sit in the tree,
 * and learns nothing about them but that the codes exist.
 */
async function serviceLinks(
  database: Database,
  org: { id: string; code: string },
  file: string,
  parsed: NetworkFile,
): Promise<{ links: ServiceLink[]; problems: InputProblem[] }> {
  const codes = new Set<string>();
  for (const s of parsed.services) {
    if (s.provider) codes.add(s.provider);
    for (const c of s.consumers) codes.add(c.code);
  }
  const ids = await findOrganisationIdsByCode(database.db, [...codes], FULL_SCOPE);
  ids.set(org.code, org.id);
  const links: ServiceLink[] = [];
  const problems: InputProblem[] = [];
  for (const s of parsed.services) {
    const unknown = [s.provider, ...s.consumers.map((c) => c.code)].filter(
      (c): c is string => c !== null && !ids.has(c),
    );
    for (const code of new Set(unknown))
      problems.push({ file, line: s.line, reason: `unknown organisation ${code}` });
    const provider = s.provider ?? org.code;
    const consumers = s.consumers.length > 0 ? s.consumers : [{ code: org.code, children: false }];
    if (provider !== org.code && !consumers.some((c) => c.code === org.code && !c.children))
      problems.push({
        file,
        line: s.line,
        reason: `${org.code} may declare only the services it provides or uses: name it as the provider or a consumer`,
      });
    if (consumers.some((c) => c.code === provider && !c.children))
      problems.push({ file, line: s.line, reason: `${provider} cannot be a consumer of its own service` });
    if (unknown.length > 0) continue;
    for (const c of consumers)
      links.push({
        service: s.name,
        provider_id: ids.get(provider) as string,
        consumer_id: ids.get(c.code) as string,
        children: c.children,
      });
  }
  return { links, problems };
}

export async function importNetwork(
  database: Database,
  actor: Actor,
  orgCode: string,
  file: string,
  text: string,
): Promise<NetworkImportResult> {
  const org = await requireOrgAccess(database, actor, 'write', orgCode);
  const parsed = parseNetworkCsv(file, text);
  if (parsed.problems.length === 0 && parsed.zones.length === 0 && parsed.services.length === 0)
    parsed.problems.push({ file, line: 0, reason: 'the file declares no zone and no service' });
  const { links, problems } = await serviceLinks(database, org, file, parsed);
  parsed.problems.push(...problems);
  parsed.problems.sort((a, b) => a.line - b.line);
  if (parsed.problems.length > 0)
    throw new InvalidInputError(
      `${file}: not imported (${parsed.problems.length} problem${parsed.problems.length > 1 ? 's' : ''})`,
      parsed.problems,
    );
  const replaced = await database.db.transaction().execute(async (trx) => {
    const before = await replaceNetwork(
      trx,
      org.id,
      parsed.zones.map((z) => ({
        name: z.name,
        cidr: z.cidr,
        size: z.size,
        egress: z.egress,
        segment: z.segment,
      })),
      parsed.rules.map((r) => ({
        position: r.position,
        from_ref: r.from,
        to_ref: r.to,
        protocol: r.protocol,
        port: r.port,
        action: r.action,
      })),
      links,
    );
    await audit(
      trx,
      actor,
      org.id,
      'network.import',
      before,
      { zones: parsed.zones.length, rules: parsed.rules.length, services: parsed.services.length },
      file,
    );
    return before;
  });
  return {
    file,
    org: org.code,
    zones: parsed.zones.length,
    rules: parsed.rules.length,
    services: parsed.services.length,
    replaced,
  };
}

/** A zone as the simulation sees it: its reachability on the worm's port evaluated from the rules. */
export interface NetworkZoneView {
  readonly name: string;
  readonly cidr: string | null;
  readonly size: number;
  readonly egress: string;
  readonly segment: string;
  readonly internetIn: boolean;
  readonly wanIn: boolean;
  readonly orgIn: boolean;
  readonly internetOut: boolean;
  readonly wanOut: boolean;
}

/** A shared service as the organisation declared it: consumers as codes, `children:CODE` for a subtree. */
export interface SharedServiceView {
  readonly service: string;
  readonly provider: string;
  readonly consumers: readonly string[];
}

export async function showNetwork(
  database: Database,
  actor: Actor,
  orgCode: string,
  port = WANNACRY_2017.port,
): Promise<{
  org: string;
  port: number;
  zones: NetworkZoneView[];
  rules: number;
  services: SharedServiceView[];
}> {
  const org = await requireOrgAccess(database, actor, 'read', orgCode);
  const zones = await listNetworkZones(database.db, [org.id]);
  const rules = await listNetworkRules(database.db, [org.id]);
  const links = await listSharedServices(database.db, [org.id]);
  const codes = new Map(
    links.length === 0 ? [] : (await listAllOrganisations(database.db)).map((o) => [o.id, o.code]),
  );
  const services = new Map<string, { service: string; provider: string; consumers: string[] }>();
  for (const l of links) {
    const provider = codes.get(l.provider_id) ?? l.provider_id;
    const key = `${l.service}\u0000${provider}`;
    const entry = services.get(key) ?? { service: l.service, provider, consumers: [] };
    entry.consumers.push(`${l.children ? 'children:' : ''}${codes.get(l.consumer_id) ?? l.consumer_id}`);
    services.set(key, entry);
  }
  const flags = zoneFlags(
    zones,
    rules.map((r) => ({
      from: r.from_ref,
      to: r.to_ref,
      protocol: r.protocol,
      port: r.port,
      action: r.action,
    })),
    port,
  );
  return {
    org: org.code,
    port,
    rules: rules.length,
    services: [...services.values()].map((x) => ({ ...x, consumers: x.consumers.sort() })),
    zones: zones.map((z, i) => {
      const f = flags[i] as number;
      return {
        name: z.name,
        cidr: z.cidr,
        size: z.size,
        egress: z.egress,
        segment: z.segment,
        internetIn: (f & ZONE.INTERNET_IN) !== 0,
        wanIn: (f & ZONE.WAN_IN) !== 0,
        orgIn: (f & ZONE.ORG_IN) !== 0,
        internetOut: (f & ZONE.INTERNET_OUT) !== 0,
        wanOut: (f & ZONE.WAN_OUT) !== 0,
      };
    }),
  };
}
