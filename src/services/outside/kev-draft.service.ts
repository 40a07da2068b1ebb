/**
 * KEV-drafted alerts: when KEV entries land (inside the KEV load's transaction), each one for a CVE
 * that affects a remote-working catalogue product — CISA names the product (then every organisation
 * exposed to the CVE counts), or NVD's rules name one of its keys (then the organisations with the
 * flaw on that product's components) — becomes an alert draft targeted at exactly those
 * organisations, for the national centre to review and issue in one step. One draft per CVE, ever:
 * a re-sync drafts nothing new; a CVE a live alert already names is not drafted.
 */
import type { Transaction } from 'kysely';
import { cvesWithLiveAlerts, insertDraftOnce } from '../../db/repositories/alert-draft.repository.js';
import {
  cvesNamingKeys,
  exposureToCve,
  kevEntries,
} from '../../db/repositories/outside/remote-working.repository.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/access/actor.js';
import { composeKevDraft } from '../../domain/outside/kev-draft.js';
import { productKeys, productsNamedByKev, REMOTE_WORKING } from '../../domain/outside/remote-working.js';
import { audit } from '../audit/audit.service.js';

export interface KevDrafted {
  id: string;
  cve: string;
  products: string[];
  targets: number;
}

function isoDay(d: Date | null): string | null {
  return d ? new Date(d).toISOString().slice(0, 10) : null;
}

/** Drafts alerts for the KEV entries of `cveIds` (new or changed) that affect catalogue products in use. */
export async function draftKevAlerts(
  trx: Transaction<DB>,
  cveIds: readonly string[],
  actor: Actor,
  now: Date = new Date(),
): Promise<KevDrafted[]> {
  if (cveIds.length === 0) return [];
  const keys = productKeys();
  const byKey = new Map<string, Set<string>>();
  for (const hit of await cvesNamingKeys(
    trx,
    cveIds,
    keys.map((k) => k.key),
  )) {
    const product = keys.find((k) => k.key === hit.key)?.product;
    if (!product) continue;
    const set = byKey.get(hit.cve_id) ?? new Set<string>();
    set.add(product);
    byKey.set(hit.cve_id, set);
  }
  const entries = (await kevEntries(trx, cveIds))
    .map((e) => ({
      entry: e,
      named: new Set(productsNamedByKev({ vendorProject: e.vendor_project, product: e.product })),
      byRules: byKey.get(e.cve_id) ?? new Set<string>(),
    }))
    .filter((e) => e.named.size + e.byRules.size > 0);
  if (entries.length === 0) return [];
  const alerted = await cvesWithLiveAlerts(
    trx,
    entries.map((e) => e.entry.cve_id),
  );
  const drafted: KevDrafted[] = [];
  for (const { entry, named, byRules } of entries.sort((a, b) =>
    a.entry.cve_id.localeCompare(b.entry.cve_id),
  )) {
    if (alerted.has(entry.cve_id)) continue;
    // Exposure on the products' own components when NVD's rules name them (Log4Shell lists some
    // Cisco appliances; FortiOS flaws list FortiProxy too); every organisation exposed to the CVE
    // when KEV names a product whose keys the rules do not (BlueKeep for Remote Desktop Services).
    const unkeyed = [...named].some((p) => !byRules.has(p));
    const ruleKeys = keys.filter((k) => byRules.has(k.product)).map((k) => k.key);
    const exposed = await exposureToCve(trx, entry.cve_id, unkeyed ? null : ruleKeys);
    if (exposed.length === 0) continue;
    const hitKeys = new Set(exposed.flatMap((o) => o.keys));
    const ids = REMOTE_WORKING.filter(
      (p) => named.has(p.id) || (byRules.has(p.id) && p.cpe.some((k) => hitKeys.has(k))),
    );
    if (ids.length === 0) continue;
    const content = composeKevDraft(
      {
        cve: entry.cve_id,
        name: entry.name,
        shortDescription: entry.short_description,
        requiredAction: entry.required_action,
        dateAdded: isoDay(entry.date_added) as string,
        dueDate: isoDay(entry.due_date),
        ransomware: entry.ransomware,
      },
      ids.map((p) => p.name),
      exposed.map((o) => ({ code: o.org_code, devices: o.devices, internetFacing: o.internet_facing })),
    );
    const id = await insertDraftOnce(trx, {
      trigger: 'kev',
      trigger_key: entry.cve_id,
      products: ids.map((p) => p.id),
      title: content.title,
      severity: content.severity,
      action: content.action,
      cves: [entry.cve_id],
      targets: content.targets,
      why: content.why,
      created_at: now,
    });
    if (!id) continue;
    await audit(
      trx,
      actor,
      null,
      'alert.draft',
      null,
      { id, cve: entry.cve_id, targets: content.targets },
      `draft ${id}`,
    );
    drafted.push({ id, cve: entry.cve_id, products: ids.map((p) => p.id), targets: content.targets.length });
  }
  return drafted;
}
