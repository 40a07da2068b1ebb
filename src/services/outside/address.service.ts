/**
 * Registered public addresses: each organisation's IP ranges and domains, imported from CSV all or
 * nothing (every problem as FILE:LINE), listed within the caller's scope, and one address looked up
 * to the organisation with the most specific range holding it.
 *
 * An import is, for each organisation it names, that organisation's whole list: registrations the
 * file no longer gives are removed (with `add`, the file only adds). Organisations it does not name
 * are untouched. Re-importing a file changes nothing. Registering needs the admin permission on the
 * organisation (decided for the whole file in one question); an organisation the caller cannot see
 * reads as unknown. The same range registered by two organisations where neither is the other's
 * ancestor is a conflict, refused.
 */
import type { Database } from '../../db/connect.js';
import { ancestriesOf } from '../../db/repositories/access.repository.js';
import {
  findOrganisationById,
  findOrganisationIdsByCode,
} from '../../db/repositories/organisation.repository.js';
import {
  addressesOfOrgs,
  claimsOfRanges,
  deleteAddresses,
  insertAddresses,
  listAddresses,
  lockAddressRegister,
  ownerOfAddress,
  type RegisteredAddress,
} from '../../db/repositories/outside/address.repository.js';
import { type Actor, permittedOrgs, scopeFor } from '../../domain/access/actor.js';
import { type AddressKind, type AddressRow, parseAddressCsv } from '../../domain/outside/address-csv.js';
import { parseIp } from '../../domain/outside/ip.js';
import { ForbiddenError, type InputProblem, InvalidInputError } from '../../errors.js';
import { requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type Incoming, receive, type TextFile } from '../incoming.js';

export interface AddressImportOptions {
  /** Only add the file's registrations; keep those it does not give. */
  add?: boolean;
}

export interface AddressImportResult {
  file: string;
  mode: 'replace' | 'add';
  rows: number;
  /** Organisations the file names. */
  organisations: number;
  added: number;
  removed: number;
  unchanged: number;
}

/** A registration as people read it. */
export interface AddressView {
  org: string;
  orgName: string;
  kind: AddressKind;
  value: string;
  registeredAt: string;
}

export interface AddressLookup {
  ip: string;
  /** The organisation and range the address is attributed to; null when none the caller may see. */
  owner: { org: string; orgName: string; range: string } | null;
}

const key = (kind: string, value: string) => `${kind}|${value}`;

/** Imports one addresses CSV; any problem and nothing is written. */
export async function importAddresses(
  database: Database,
  actor: Actor,
  input: Incoming<TextFile>,
  options: AddressImportOptions = {},
): Promise<AddressImportResult> {
  const admin = scopeFor(actor, 'admin');
  if (!admin.all && admin.roots.length === 0)
    throw new ForbiddenError(`${actor.label} may not register addresses (needs the admin permission)`);
  const { name: file, text } = await receive(input);
  const parsed = parseAddressCsv(file, text);
  if (parsed.problems.length > 0 && parsed.rows.length === 0) throw notImported(file, parsed.problems);
  const mode = options.add ? 'add' : 'replace';
  return database.db.transaction().execute(async (trx) => {
    await lockAddressRegister(trx);
    const codes = [...new Set(parsed.rows.map((r) => r.orgCode))];
    const visible = await findOrganisationIdsByCode(trx, codes, scopeFor(actor, 'read'));
    const ranges = [...new Set(parsed.rows.filter((r) => r.kind === 'range').map((r) => r.value))];
    const claims = await claimsOfRanges(trx, ranges);
    const ancestries = await ancestriesOf(trx, [...visible.values(), ...claims.map((c) => c.orgId)]);
    const permitted = permittedOrgs(
      actor,
      'admin',
      new Map([...visible.values()].map((id) => [id, ancestries.get(id) ?? new Set([id])])),
    );
    const readable = permittedOrgs(actor, 'read', ancestries);
    const problems: InputProblem[] = [...parsed.problems];
    for (const r of parsed.rows) {
      const id = visible.get(r.orgCode);
      if (!id) problems.push({ file, line: r.line, reason: `unknown organisation ${r.orgCode}` });
      else if (!permitted.has(id))
        problems.push({
          file,
          line: r.line,
          reason: `${actor.label} may not register addresses for ${r.orgCode} (needs the admin permission)`,
        });
    }
    const named = new Set(visible.values());
    // What stays registered beside the file: in replace mode the named organisations' own rows go.
    const kept = claims.filter((c) => mode === 'add' || !named.has(c.orgId));
    problems.push(...conflicts(file, parsed.rows, visible, kept, ancestries, readable));
    if (problems.length > 0) throw notImported(file, problems);

    const orgIds = [...new Set(parsed.rows.map((r) => visible.get(r.orgCode) as string))];
    const existing = await addressesOfOrgs(trx, orgIds);
    const wanted = new Set(parsed.rows.map((r) => `${visible.get(r.orgCode)}|${key(r.kind, r.value)}`));
    const have = new Set(existing.map((e) => `${e.orgId}|${key(e.kind, e.value)}`));
    const toAdd = parsed.rows.filter((r) => !have.has(`${visible.get(r.orgCode)}|${key(r.kind, r.value)}`));
    const toRemove =
      mode === 'add' ? [] : existing.filter((e) => !wanted.has(`${e.orgId}|${key(e.kind, e.value)}`));
    await deleteAddresses(
      trx,
      toRemove.map((e) => e.id),
    );
    await insertAddresses(
      trx,
      toAdd.map((r) => ({ orgId: visible.get(r.orgCode) as string, kind: r.kind, value: r.value })),
    );
    // One record per organisation whose list changed, so its own audit log shows the change.
    const changes = new Map<string, { added: string[]; removed: string[] }>();
    const changeOf = (orgId: string) => {
      let c = changes.get(orgId);
      if (!c) {
        c = { added: [], removed: [] };
        changes.set(orgId, c);
      }
      return c;
    };
    for (const r of toAdd) changeOf(visible.get(r.orgCode) as string).added.push(key(r.kind, r.value));
    for (const e of toRemove) changeOf(e.orgId).removed.push(key(e.kind, e.value));
    for (const code of codes) {
      const id = visible.get(code) as string;
      const change = changes.get(id);
      if (!change) continue;
      await audit(
        trx,
        actor,
        id,
        'address.import',
        { removed: change.removed },
        { file, mode, added: change.added },
        code,
      );
    }
    return {
      file,
      mode,
      rows: parsed.rows.length,
      organisations: codes.length,
      added: toAdd.length,
      removed: toRemove.length,
      unchanged: parsed.rows.length - toAdd.length,
    };
  });
}

/**
 * A problem for each file row whose range another organisation also claims (in the file or
 * already registered) where neither is the other's ancestor. An organisation the caller may not
 * read is named only as "another organisation".
 */
function conflicts(
  file: string,
  rows: readonly AddressRow[],
  ids: ReadonlyMap<string, string>,
  registered: readonly RegisteredAddress[],
  ancestries: ReadonlyMap<string, ReadonlySet<string>>,
  readable: ReadonlySet<string>,
): InputProblem[] {
  const related = (a: string, b: string) =>
    a === b || (ancestries.get(a)?.has(b) ?? false) || (ancestries.get(b)?.has(a) ?? false);
  const problems: InputProblem[] = [];
  const registeredBy = new Map<string, RegisteredAddress[]>();
  for (const c of registered) {
    const list = registeredBy.get(c.value);
    if (list) list.push(c);
    else registeredBy.set(c.value, [c]);
  }
  const earlier = new Map<string, { orgId: string; code: string; line: number }[]>();
  for (const r of rows) {
    const orgId = ids.get(r.orgCode);
    if (r.kind !== 'range' || !orgId) continue;
    const inFile = earlier.get(r.value) ?? [];
    for (const other of inFile)
      if (!related(orgId, other.orgId))
        problems.push({
          file,
          line: r.line,
          reason: `conflict: ${r.value} is claimed by ${r.orgCode} here and by ${other.code} on line ${other.line}, and neither organisation is the other's ancestor`,
        });
    for (const other of registeredBy.get(r.value) ?? [])
      if (!related(orgId, other.orgId))
        problems.push({
          file,
          line: r.line,
          reason: `conflict: ${r.value} is already registered by ${readable.has(other.orgId) ? other.code : 'another organisation'}, and neither it nor ${r.orgCode} is the other's ancestor`,
        });
    inFile.push({ orgId, code: r.orgCode, line: r.line });
    earlier.set(r.value, inFile);
  }
  return problems;
}

function notImported(file: string, problems: InputProblem[]): InvalidInputError {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  return new InvalidInputError(
    `${file}: not imported (${sorted.length} problem${sorted.length > 1 ? 's' : ''})`,
    sorted,
  );
}

/** The registrations the actor may read, all or of one organisation's subtree. */
export async function addressList(
  database: Database,
  actor: Actor,
  org: string | null,
): Promise<AddressView[]> {
  const under = org ? await requireOrgAccess(database, actor, 'read', org) : null;
  const rows = await listAddresses(database.db, scopeFor(actor, 'read'), under?.id ?? null);
  return rows.map((r) => ({
    org: r.code,
    orgName: r.orgName,
    kind: r.kind,
    value: r.value,
    registeredAt: new Date(r.createdAt).toISOString(),
  }));
}

/**
 * The organisation an address is attributed to (the most specific registered range; of an
 * organisation and its ancestor registering one range, the deeper). When that organisation is
 * outside the caller's scope the answer is "not registered", exactly as for an unknown address.
 */
export async function lookupAddress(database: Database, actor: Actor, ip: string): Promise<AddressLookup> {
  const address = parseIp(ip);
  if (!address)
    throw new InvalidInputError(`"${ip.slice(0, 60)}" is not an IPv4 or IPv6 address`, [
      { file: 'ip', line: 0, field: 'ip', reason: 'not an IPv4 or IPv6 address' },
    ]);
  const owner = await ownerOfAddress(database.db, ip.trim());
  const org = owner
    ? await findOrganisationById(database.db, owner.orgId, scopeFor(actor, 'read'))
    : undefined;
  return {
    ip: ip.trim(),
    owner: owner && org ? { org: org.code, orgName: org.name, range: owner.range } : null,
  };
}
