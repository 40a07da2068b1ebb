/**
 * The remote-working watch: which of the catalogue's remote-access and remote-working products the
 * federation runs — from inventories (devices with the product's components, those facing the
 * internet) and from external observations (open services a scan names as the product) — and their
 * open known-exploited flaws, over the caller's subtree or one organisation's within it.
 */
import type { Database } from '../../db/connect.js';
import {
  cvesNamingKeys,
  inventoryUse,
  kevFlaws,
  kevNames,
  openObservations,
  type Where,
} from '../../db/repositories/outside/remote-working.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { cpeKey } from '../../domain/cpe/cpe-key.js';
import { parseCpe } from '../../domain/cpe/cpe-name.parser.js';
import {
  productKeys,
  productOfObservation,
  productsNamedByKev,
  REMOTE_WORKING,
  type RemoteWorkingCategory,
} from '../../domain/outside/remote-working.js';
import { orgOrRoot } from '../exposure/read.service.js';

export interface RemoteWorkingFlaw {
  cve: string;
  /** CISA's name for the flaw. */
  name: string;
  dateAdded: string;
  /** CISA's due date for federal agencies: the date by which the centre expects it fixed. */
  dueDate: string | null;
  organisations: number;
  /** Devices with an open finding for it (a device with two affected components counts twice). */
  devices: number;
}

export interface RemoteWorkingProductView {
  id: string;
  name: string;
  vendor: string;
  category: RemoteWorkingCategory;
  /** Organisations running it, from their inventories or seen from outside. */
  organisations: number;
  /** Inventory devices with one of its components. */
  devices: number;
  /** Those of the devices the inventory marks internet-facing. */
  internetFacing: number;
  /** Distinct addresses where an external scan sees it open (open observations). */
  seenFromOutside: number;
  /** Organisations with the most devices running it (up to ten codes), for following up. */
  topOrganisations: string[];
  kev: RemoteWorkingFlaw[];
}

export interface RemoteWorkingView {
  org: { code: string; name: string; kind: string };
  /** Every catalogue product: in use first (open KEV flaws, then organisations), then the rest. */
  products: RemoteWorkingProductView[];
  totals: {
    productsInUse: number;
    organisations: number;
    internetFacing: number;
    seenFromOutside: number;
    kevFlaws: number;
  };
}

function isoDay(d: Date | null): string | null {
  return d ? new Date(d).toISOString().slice(0, 10) : null;
}

function keyOfCpe(cpe: string | null): string | null {
  if (!cpe) return null;
  try {
    return cpeKey(parseCpe(cpe));
  } catch {
    return null;
  }
}

interface Tally {
  orgs: Map<string, number>;
  devices: number;
  internetFacing: number;
  addresses: Set<string>;
}

/** The remote-working products in use over the caller's subtree, or `code`'s within it. */
export async function remoteWorkingView(
  database: Database,
  actor: Actor,
  code?: string | null,
): Promise<RemoteWorkingView> {
  const scope = scopeFor(actor, 'read');
  const org = await orgOrRoot(database, scope, code);
  const where: Where = { scope, underOrgId: org.id };
  const keys = productKeys().map((k) => [k.key, k.product] as const);
  const namedAll = (await kevNames(database.db)).flatMap((e) =>
    productsNamedByKev({ vendorProject: e.vendor_project, product: e.product }).map(
      (p) => [e.cve_id, p] as const,
    ),
  );
  // A CVE KEV names a product for counts all its findings only where NVD's rules do not name the
  // product's keys (BlueKeep for Remote Desktop Services); otherwise its components' findings do.
  const keyed = new Set(
    (
      await cvesNamingKeys(
        database.db,
        [...new Set(namedAll.map(([cve]) => cve))],
        keys.map(([key]) => key),
      )
    ).map((r) => `${r.cve_id} ${keys.find(([key]) => key === r.key)?.[1]}`),
  );
  const named = namedAll.filter(([cve, product]) => !keyed.has(`${cve} ${product}`));
  const serviceKinds = [...new Set(REMOTE_WORKING.flatMap((p) => p.services))];
  const [used, seen, flaws] = await Promise.all([
    inventoryUse(database.db, where, keys),
    openObservations(database.db, where, serviceKinds),
    kevFlaws(database.db, where, keys, named),
  ]);

  const tallies = new Map<string, Tally>();
  const tally = (product: string): Tally => {
    const found = tallies.get(product);
    if (found) return found;
    const t: Tally = { orgs: new Map(), devices: 0, internetFacing: 0, addresses: new Set() };
    tallies.set(product, t);
    return t;
  };
  for (const u of used) {
    const t = tally(u.product);
    t.orgs.set(u.org_code, (t.orgs.get(u.org_code) ?? 0) + u.devices);
    t.devices += u.devices;
    t.internetFacing += u.internet_facing;
  }
  for (const s of seen) {
    const product = productOfObservation({
      kind: s.kind,
      cpeKey: keyOfCpe(s.cpe),
      vendor: s.vendor,
      product: s.product,
    });
    if (!product) continue;
    const t = tally(product);
    if (!t.orgs.has(s.org_code)) t.orgs.set(s.org_code, 0);
    t.addresses.add(`${s.org_id} ${s.address}`);
  }
  const allOrgs = new Set<string>();
  const products = REMOTE_WORKING.map((p): RemoteWorkingProductView => {
    const t = tallies.get(p.id);
    for (const o of t?.orgs.keys() ?? []) allOrgs.add(o);
    return {
      id: p.id,
      name: p.name,
      vendor: p.vendor,
      category: p.category,
      organisations: t?.orgs.size ?? 0,
      devices: t?.devices ?? 0,
      internetFacing: t?.internetFacing ?? 0,
      seenFromOutside: t?.addresses.size ?? 0,
      topOrganisations: [...(t?.orgs ?? [])]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 10)
        .map(([c]) => c),
      kev: flaws
        .filter((f) => f.product === p.id)
        .map((f) => ({
          cve: f.cve_id,
          name: f.kev_name,
          dateAdded: isoDay(f.date_added) as string,
          dueDate: isoDay(f.due_date),
          organisations: f.organisations,
          devices: f.devices,
        })),
    };
  });
  const inUse = (p: RemoteWorkingProductView) => p.organisations > 0 || p.kev.length > 0;
  products.sort(
    (a, b) =>
      Number(inUse(b)) - Number(inUse(a)) ||
      b.kev.length - a.kev.length ||
      b.organisations - a.organisations ||
      a.name.localeCompare(b.name),
  );
  return {
    org: { code: org.code, name: org.name, kind: org.kind },
    products,
    totals: {
      productsInUse: products.filter(inUse).length,
      organisations: allOrgs.size,
      internetFacing: products.reduce((n, p) => n + p.internetFacing, 0),
      seenFromOutside: products.reduce((n, p) => n + p.seenFromOutside, 0),
      kevFlaws: new Set(flaws.map((f) => f.cve_id)).size,
    },
  };
}
