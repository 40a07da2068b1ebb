/**
 * Importing and reading an organisation's network (zones and 445 reachability) for the worm
 * simulation. An import is all-or-nothing: any bad line rejects the file with every problem, and the
 * database is left as it was.
 */
import type { Database } from '../../db/connect.js';
import {
  listNetworkRules,
  listNetworkZones,
  replaceNetwork,
} from '../../db/repositories/network.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { parseNetworkCsv } from '../../domain/network/network-csv.js';
import { zoneFlags } from '../../domain/network/reachability.js';
import { ZONE } from '../../domain/sim/federation.js';
import { WANNACRY_2017 } from '../../domain/sim/profile.js';
import { InvalidInputError } from '../../errors.js';
import { requireOrgAccess } from '../access.service.js';
import { audit } from '../audit.service.js';

export interface NetworkImportResult {
  readonly file: string;
  readonly org: string;
  readonly zones: number;
  readonly rules: number;
  readonly replaced: { readonly zones: number; readonly rules: number };
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
  if (parsed.problems.length === 0 && parsed.zones.length === 0)
    parsed.problems.push({ file, line: 0, reason: 'the file declares no zone' });
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
    );
    await audit(
      trx,
      actor,
      org.id,
      'network.import',
      before,
      { zones: parsed.zones.length, rules: parsed.rules.length },
      file,
    );
    return before;
  });
  return { file, org: org.code, zones: parsed.zones.length, rules: parsed.rules.length, replaced };
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

export async function showNetwork(
  database: Database,
  actor: Actor,
  orgCode: string,
  port = WANNACRY_2017.port,
): Promise<{ org: string; port: number; zones: NetworkZoneView[]; rules: number }> {
  const org = await requireOrgAccess(database, actor, 'read', orgCode);
  const zones = await listNetworkZones(database.db, [org.id]);
  const rules = await listNetworkRules(database.db, [org.id]);
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
