/**
 * The NVD-scale rule set: about 300,000 CVE records derived from the real NVD records in
 * ../shared/data, for benchmarks that must match on the real volume of intel. Each derived record
 * clones one real record picked at random, so the real share of AND / "running on"
 * configurations, of version ranges and of criteria counts is kept (in expectation). What varies:
 *  - the id (`CVE-9nnn-1nnnnn`, never a real one);
 *  - the vulnerable criteria's product keys: one clone in five (`KEEP_ESTATE`) keeps the product
 *    keys its real record names when they are products a health estate runs (the generator's
 *    inventory catalogue, src/generate), so those clones can hit the federation; every other
 *    vulnerable criterion gets a product suffix (`_v0` … `_v1999`), products nobody runs, spread
 *    like a real catalogue's keys;
 *  - the version bounds of the vulnerable criteria: the last number of each bound moved by -3 … +3,
 *    so kept clones hit some versions their real record does not, and miss some it hits.
 * Platform ("running on") criteria, which are not vulnerable, keep their real keys: real NVD
 * names the same few operating systems in thousands of configurations.
 */
import { join } from 'node:path';
import type { NvdConfiguration, NvdCpeMatch, NvdCveRecord } from '../src/feeds/nvd/nvd.types.js';
import { parseNvd } from '../src/feeds/nvd/parse-nvd.js';
import * as browsers from '../src/generate/catalogues/browser.catalog.js';
import * as clinical from '../src/generate/catalogues/clinical-software.catalog.js';
import * as desktop from '../src/generate/catalogues/desktop-software.catalog.js';
import * as iot from '../src/generate/catalogues/iot-device.catalog.js';
import * as libraries from '../src/generate/catalogues/library.catalog.js';
import * as medical from '../src/generate/catalogues/medical-device.catalog.js';
import * as microsoft from '../src/generate/catalogues/microsoft-software.catalog.js';
import * as mobile from '../src/generate/catalogues/mobile-device.catalog.js';
import * as network from '../src/generate/catalogues/network-device.catalog.js';
import * as os from '../src/generate/catalogues/operating-system.catalog.js';
import * as server from '../src/generate/catalogues/server-software.catalog.js';
import { Prng } from '../src/generate/prng.js';
import { Product } from '../src/generate/product.model.js';
import { seededRandom } from './harness.js';
import { SHARED_DATA } from './shared-data.js';

/** The share of clones that keep their real record's estate product keys. */
export const KEEP_ESTATE = 0.2;
/** How many product suffixes a varied key is spread over. */
const SUFFIXES = 2000;
const CPE_PRODUCT = /^(cpe:2\.3:([aoh]):([^:]+):)([^:]+)/;

/** The real NVD records of ../shared/data (both files, each CVE once), as Ward's parser reads them. */
export async function realNvdCveRecords(): Promise<NvdCveRecord[]> {
  const byId = new Map<string, NvdCveRecord>();
  for (const f of ['nvd/kev-cves.json.gz', 'nvd/CVE-2017.json.gz']) {
    for await (const item of parseNvd(join(SHARED_DATA, f))) {
      if (item.kind === 'record') byId.set(item.record.id, item.record);
    }
  }
  return [...byId.values()];
}

function collectProducts(value: unknown, into: Set<Product>, rng: Prng, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (value instanceof Product) {
    into.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectProducts(v, into, rng, depth + 1);
    return;
  }
  // An app recipe hides its bundled libraries in its picks: ask it for a few.
  const pick = (value as { pick?: unknown }).pick;
  if (typeof pick === 'function') {
    for (const lag of [0, 0.5, 1])
      for (const s of (pick as (r: Prng, l: number) => { product: Product }[]).call(value, rng, lag))
        into.add(s.product);
    return;
  }
  for (const v of Object.values(value)) collectProducts(v, into, rng, depth + 1);
}

let estateKeys: Set<string> | undefined;

/** Match keys (`part:vendor:product`) of the CPE products the generator's estates install. */
export function estateProductKeys(): ReadonlySet<string> {
  if (estateKeys) return estateKeys;
  const products = new Set<Product>();
  const rng = new Prng(1);
  for (const mod of [
    browsers,
    clinical,
    desktop,
    iot,
    libraries,
    medical,
    microsoft,
    mobile,
    network,
    os,
    server,
  ])
    collectProducts(mod, products, rng);
  estateKeys = new Set([...products].map((p) => p.id.toLowerCase()).filter((id) => /^[aoh]:/.test(id)));
  return estateKeys;
}

function cpeKeyOf(criteria: string): string | null {
  const m = CPE_PRODUCT.exec(criteria);
  return m ? `${m[2]}:${m[3]}:${m[4]}`.toLowerCase() : null;
}

/** The version with its last number moved by `delta` (never below 0); versions without a number unchanged. */
function shiftVersion(version: string, delta: number): string {
  return version.replace(/(\d+)(?!.*\d)/, (n) => String(Math.max(0, Number(n) + delta)));
}

const BOUNDS = [
  'versionStartIncluding',
  'versionStartExcluding',
  'versionEndIncluding',
  'versionEndExcluding',
] as const;

function cloneMatch(m: NvdCpeMatch, keep: boolean, suffix: string, random: () => number): NvdCpeMatch {
  if (!m.vulnerable) return { ...m };
  const key = cpeKeyOf(m.criteria);
  const estate = key !== null && estateProductKeys().has(key);
  const criteria = keep && estate ? m.criteria : m.criteria.replace(CPE_PRODUCT, `$1$4${suffix}`);
  const out: NvdCpeMatch = { ...m, criteria };
  delete out.matchCriteriaId;
  const delta = Math.floor(random() * 7) - 3;
  for (const b of BOUNDS) {
    const v = m[b];
    if (v !== undefined) out[b] = shiftVersion(v, delta);
  }
  return out;
}

function cloneConfigurations(
  configurations: readonly NvdConfiguration[],
  keep: boolean,
  suffix: string,
  random: () => number,
): NvdConfiguration[] {
  return configurations.map((c) => ({
    ...c,
    nodes: c.nodes.map((n) => ({
      ...n,
      cpeMatch: n.cpeMatch.map((m) => cloneMatch(m, keep, suffix, random)),
    })),
  }));
}

/** `count` records derived from `real` (see the file's comment), the same for the same seed. */
export function* nvdScaleRecords(real: NvdCveRecord[], count: number, seed: number): Generator<NvdCveRecord> {
  if (real.length === 0) throw new Error('nvdScaleRecords needs at least one real NVD record to derive from');
  const random = seededRandom(seed);
  for (let k = 0; k < count; k++) {
    const base = real[Math.floor(random() * real.length)] as NvdCveRecord;
    const keep = random() < KEEP_ESTATE;
    const suffix = `_v${Math.floor(random() * SUFFIXES)}`;
    const id = `CVE-9${String(Math.floor(k / 100_000)).padStart(3, '0')}-${100_000 + (k % 100_000)}`;
    yield {
      ...base,
      id,
      description: base.description?.split(base.id).join(id) ?? null,
      configurations: cloneConfigurations(base.configurations, keep, suffix, random),
    };
  }
}
