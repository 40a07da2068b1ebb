/**
 * A day's NVD delta as the CVE API 2.0 delivers it, derived from real records: new CVEs cloned
 * from real ones under new ids (most for products few trusts run, one in ten unchanged so it
 * matches like the original), and modifications of CVEs the federation already has findings for —
 * a widened version range, a configuration replaced by another CVE's, a re-score (CVSS vector and
 * score changed), a rejection. Every record carries a `lastModified` inside the day.
 */
import { seededRandom } from './harness.js';

/** One element of an NVD page's `vulnerabilities` array, as the API sends it. */
export interface NvdVulnerability {
  cve: Record<string, unknown> & { id: string };
}

export const MODIFICATIONS = ['widen', 'replace', 'rescore', 'reject'] as const;
export type Modification = (typeof MODIFICATIONS)[number];

export interface DeltaOptions {
  /** Records in the delta (new + modified). */
  records: number;
  /** How many of them modify existing CVEs. */
  modified: number;
  /** Start of the day the delta covers (UTC). */
  day: Date;
  seed: number;
}

export interface NvdDelta {
  vulnerabilities: NvdVulnerability[];
  /** The CVEs modified, by kind of modification. */
  modified: Record<Modification, string[]>;
  added: number;
}

interface CpeMatch {
  vulnerable?: boolean;
  criteria: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
  [k: string]: unknown;
}
interface Node {
  cpeMatch?: CpeMatch[];
  [k: string]: unknown;
}
interface Configuration {
  nodes?: Node[];
  [k: string]: unknown;
}

const clone = <T>(v: T): T => structuredClone(v);

function configurations(v: NvdVulnerability): Configuration[] {
  return (v.cve.configurations as Configuration[] | undefined) ?? [];
}

/** Raises the first number of a version by 10 (`4.2.1` → `14.2.1`), or gives `999` when there is none. */
function raised(version: string): string {
  const m = /^(\D*)(\d+)(.*)$/.exec(version);
  return m ? `${m[1]}${Number(m[2]) + 10}${m[3]}` : '999';
}

/**
 * Widens every vulnerable criterion: a range loses its lower bound and its upper bound moves up;
 * an exact version becomes every version before the next major one ten up.
 */
function widen(v: NvdVulnerability): void {
  for (const config of configurations(v))
    for (const node of config.nodes ?? [])
      for (const m of node.cpeMatch ?? []) {
        if (m.vulnerable === false) continue;
        delete m.versionStartIncluding;
        delete m.versionStartExcluding;
        if (m.versionEndExcluding) m.versionEndExcluding = raised(m.versionEndExcluding);
        else if (m.versionEndIncluding) m.versionEndIncluding = raised(m.versionEndIncluding);
        else {
          const f = m.criteria.split(':');
          const version = f[5] ?? '*';
          if (version !== '*' && version !== '-') {
            f[5] = '*';
            f[6] = '*';
            m.criteria = f.join(':');
            m.versionEndExcluding = raised(version);
          }
        }
      }
}

/** Flips a CVSS 3.x vector between local-with-privileges and network-without (score and severity with it). */
function rescore(v: NvdVulnerability): void {
  const metrics = (v.cve.metrics ?? {}) as Record<string, { cvssData: Record<string, unknown> }[]>;
  const list = metrics.cvssMetricV31 ?? metrics.cvssMetricV30;
  const data = list?.[0]?.cvssData;
  if (!data) {
    metrics.cvssMetricV31 = [
      {
        source: 'nvd@nist.gov',
        type: 'Primary',
        cvssData: {
          version: '3.1',
          vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
          baseScore: 9.8,
          baseSeverity: 'CRITICAL',
        },
      } as never,
    ];
    v.cve.metrics = metrics;
    return;
  }
  const vector = String(data.vectorString ?? '');
  const network = vector.includes('/AV:N/') && vector.includes('/PR:N/') && vector.includes('/UI:N/');
  data.vectorString = network
    ? vector.replace('/AV:N/', '/AV:L/').replace('/PR:N/', '/PR:L/')
    : vector
        .replace(/\/AV:[ALP]\//, '/AV:N/')
        .replace(/\/PR:[LH]\//, '/PR:N/')
        .replace('/UI:R/', '/UI:N/');
  data.baseScore = network ? 7.8 : 9.8;
  data.baseSeverity = network ? 'HIGH' : 'CRITICAL';
}

function reject(v: NvdVulnerability): void {
  v.cve.vulnStatus = 'Rejected';
  v.cve.descriptions = [{ lang: 'en', value: 'Rejected reason: this candidate is a duplicate.' }];
  v.cve.configurations = [];
  v.cve.metrics = {};
}

/** Varies the product names of a clone's CPE criteria (as a real catalogue's spread of products). */
function varyProducts(text: string, k: number): string {
  return text.replace(/(cpe:2\.3:[aoh]:[^:]+:)([^:]+)/g, `$1$2_n${k % 700}`);
}

/**
 * Builds the delta: `modified` records modifying `affected` CVEs first (those with findings, in the
 * order given), then other real CVEs with configurations; the rest new CVEs cloned from `real`.
 * Modification kinds go round in the order widen, replace, rescore, widen, replace, rescore, … with
 * one in ten rejected.
 */
export function nvdDelta(
  real: readonly NvdVulnerability[],
  affected: readonly string[],
  options: DeltaOptions,
): NvdDelta {
  const random = seededRandom(options.seed);
  const byId = new Map(real.map((v) => [v.cve.id, v]));
  const withConfig = real.filter((v) => configurations(v).length > 0);
  const targets = [
    ...affected.filter((id) => byId.has(id)),
    ...withConfig.map((v) => v.cve.id).filter((id) => !affected.includes(id)),
  ].slice(0, options.modified);
  const dayMs = options.day.getTime();
  const total = options.records;
  const stamp = (i: number) =>
    new Date(dayMs + Math.floor((i * 86_000_000) / total)).toISOString().slice(0, 23);
  const out: NvdVulnerability[] = [];
  const modified: Record<Modification, string[]> = { widen: [], replace: [], rescore: [], reject: [] };
  const cycle: Modification[] = ['widen', 'replace', 'rescore'];
  for (const [i, id] of targets.entries()) {
    const v = clone(byId.get(id) as NvdVulnerability);
    const kind: Modification = i % 10 === 9 ? 'reject' : (cycle[i % 3] as Modification);
    if (kind === 'widen') widen(v);
    else if (kind === 'rescore') rescore(v);
    else if (kind === 'reject') reject(v);
    else {
      const other = withConfig[Math.floor(random() * withConfig.length)] as NvdVulnerability;
      v.cve.configurations = clone(
        configurations(other.cve.id === id ? (withConfig[0] as NvdVulnerability) : other),
      );
    }
    modified[kind].push(id);
    out.push(v);
  }
  const added = total - out.length;
  for (let k = 0; k < added; k++) {
    const base = withConfig[Math.floor(random() * withConfig.length)] as NvdVulnerability;
    const id = `CVE-2026-${String(90_000 + k).padStart(6, '0')}`;
    let text = JSON.stringify(base).split(base.cve.id).join(id);
    if (k % 10 !== 0) text = varyProducts(text, k);
    const v = JSON.parse(text) as NvdVulnerability;
    v.cve.published = stamp(k);
    v.cve.vulnStatus = 'Received';
    out.push(v);
  }
  // NVD orders a window's results by lastModified; interleave new and modified as a day would.
  const order = out.map((v, i) => ({ v, key: random(), i }));
  order.sort((a, b) => a.key - b.key);
  const vulnerabilities = order.map(({ v }, i) => {
    v.cve.lastModified = stamp(i);
    return v;
  });
  return { vulnerabilities, modified, added };
}
