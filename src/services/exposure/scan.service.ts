/**
 * `ward scan`: matches an inventory file against the stored intel without storing anything — for a
 * small organisation, a supplier's SBOM or a CI pipeline. Uses the domain's reference evaluator
 * (`matchAsset`) on the rules of the file's keys, so it also cross-checks the database path.
 */
import type { Database } from '../../db/connect.js';
import { rulesForKeys } from '../../db/repositories/exposure/match.repository.js';
import { cveFacts } from '../../db/repositories/intel.repository.js';
import { componentFromCpe } from '../../domain/cpe/cpe-key.js';
import { parseCpe } from '../../domain/cpe/cpe-name.parser.js';
import { CLINICAL_ZONES, type NormalisedComponent, type RawComponent } from '../../domain/inventory/asset.js';
import { installedFromStored } from '../../domain/inventory/normalise-component.js';
import { assumedReason } from '../../domain/platform/platform-defaults.js';
import {
  assetExposure,
  assetSafetyImpact,
  automatableOf,
  decide,
  exploitationOf,
  PRIORITIES,
  type Priority,
  reasonsFor,
} from '../../domain/priority/ssvc.js';
import { parsePurl } from '../../domain/purl/package-url.parser.js';
import { indexRules, matchAsset } from '../../domain/rules/match.js';
import type { FindingCertainty } from '../../domain/rules/match-rule.js';
import type { ParsedInventory } from '../../inventory/inventory-parse.js';
import { prepareInventory } from '../inventory/inventory.service.js';
import { fromStoredRules } from './match-rule-rows.js';

export interface ScanFinding {
  asset_id: string;
  component: {
    vendor: string | null;
    product: string | null;
    version: string | null;
    cpe: string | null;
    purl: string | null;
  };
  cve: string;
  cvss: { score: number | null; severity: string | null; vector: string | null };
  kev: boolean;
  kev_due_date: string | null;
  epss: number | null;
  /** `possible` when something the inventory does not say would settle it (see `evaluateCriterion`). */
  certainty: FindingCertainty;
  /** The component is not in the file but on by default on the device's platform (its label). */
  assumed_by: string | null;
  priority: Priority;
  reasons: string[];
}

export interface ScanResult {
  findings: ScanFinding[];
  stats: { assets: number; components: number; findings: number };
}

function describe(raw: RawComponent): ScanFinding['component'] {
  let vendor = raw.vendor;
  let product = raw.product;
  let version = raw.version;
  try {
    if (raw.cpe) {
      const cpe = parseCpe(raw.cpe);
      vendor ??= cpe.vendor;
      product ??= cpe.product;
      version ??= cpe.version === '*' ? null : cpe.version;
    } else if (raw.purl) {
      const purl = parsePurl(raw.purl);
      vendor ??= purl.namespace;
      product ??= purl.name;
      version ??= purl.version;
    }
  } catch {
    // prepareInventory has validated every identifier already.
  }
  return { vendor, product, version, cpe: raw.cpe, purl: raw.purl };
}

export async function scanInventory(
  database: Database,
  parsed: readonly ParsedInventory[],
): Promise<ScanResult> {
  const prepared = prepareInventory(parsed);
  const keys = [...new Set(prepared.components.map((c) => c.key))];
  const stored = await rulesForKeys(database.db, keys);
  const index = indexRules(fromStoredRules(stored.rules, stored.conditions));
  const hits: {
    asset: number;
    raw: RawComponent;
    cve: string;
    certainty: FindingCertainty;
    assumedBy: string;
  }[] = [];
  for (let i = 0; i < prepared.assets.length; i++) {
    const componentIdx = prepared.assetComponents[i] as number[];
    const installed = componentIdx.map((c) =>
      installedFromStored(prepared.components[c] as NormalisedComponent),
    );
    const raws = prepared.assetRaw[i] as RawComponent[];
    const seen = new Map<string, (typeof hits)[number]>();
    for (const m of matchAsset(installed, index)) {
      const id = `${m.componentIndex}:${m.rule.cve}`;
      const certainty = m.certainty === 'definite' ? 'confirmed' : 'possible';
      const earlier = seen.get(id);
      if (earlier) {
        if (certainty === 'confirmed') earlier.certainty = 'confirmed';
        continue;
      }
      const component = prepared.components[componentIdx[m.componentIndex] as number] as NormalisedComponent;
      const hit: (typeof hits)[number] = {
        asset: i,
        raw: raws[m.componentIndex] as RawComponent,
        cve: m.rule.cve,
        certainty,
        assumedBy: component.assumedBy,
      };
      seen.set(id, hit);
      hits.push(hit);
    }
  }
  const facts = await cveFacts(database.db, [...new Set(hits.map((h) => h.cve))]);
  const findings = hits.map(({ asset: i, raw, cve, certainty, assumedBy }) => {
    const asset = prepared.assets[i] as (typeof prepared.assets)[number];
    const f = facts.get(cve);
    const kevDue = f?.kev_due_date ? f.kev_due_date.toISOString().slice(0, 10) : null;
    const inputs = {
      exploitation: exploitationOf(f?.kev ?? false, f?.epss ?? null),
      exposure: assetExposure(asset, CLINICAL_ZONES),
      automatable: automatableOf(f?.cvss_vector ?? null),
      safetyImpact: assetSafetyImpact(asset),
    };
    return {
      asset_id: asset.assetKey,
      component: describe(raw),
      cve,
      cvss: {
        score: f?.cvss_score == null ? null : Number(f.cvss_score),
        severity: f?.cvss_severity ?? null,
        vector: f?.cvss_vector ?? null,
      },
      kev: f?.kev ?? false,
      kev_due_date: kevDue,
      epss: f?.epss ?? null,
      certainty,
      assumed_by: assumedBy || null,
      priority: decide(inputs),
      reasons: [
        ...(assumedBy && raw.cpe ? [assumedReason(componentFromCpe(raw.cpe).key, assumedBy)] : []),
        ...reasonsFor(inputs, { kevDueDate: kevDue, epss: f?.epss ?? null }),
      ],
    };
  });
  findings.sort(
    (a, b) =>
      PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
      Number(b.kev) - Number(a.kev) ||
      (b.cvss.score ?? 0) - (a.cvss.score ?? 0) ||
      a.asset_id.localeCompare(b.asset_id) ||
      a.cve.localeCompare(b.cve),
  );
  return {
    findings,
    stats: { assets: prepared.assets.length, components: prepared.rows, findings: findings.length },
  };
}
