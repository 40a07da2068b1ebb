/**
 * Differential test: the engine's matching against a small, strict reading of NVD's configuration
 * semantics (NISTIR 7696 name matching, NVD's four range bounds) written here from scratch — it
 * shares none of the engine's parsing, version ordering or matching. Inventory components are
 * generated from the real records of the KEV sample at every version bound (at it, one step below
 * and above, an extra part, a missing part) and with each attribute the criterion sets known, left
 * unknown, or different. Every disagreement is listed; the engine must confirm exactly what the
 * reference confirms. (Where the reference cannot decide — unknown data — the engine must not
 * confirm; whether it says "possible" or nothing there is its own choice.)
 *
 * The reference orders versions by numeric and letter runs with separators ignored and trailing
 * parts significant (`2.0` < `2.0.0`); to compare like with like, only bounds written as digits,
 * dots and dashes are used (the engine's pre-release and post-release letter rules are its own).
 */
import { describe, expect, it } from 'vitest';
import { componentFromCpe } from '../../src/domain/cpe/cpe-key.js';
import { flattenNvdConfigurations } from '../../src/domain/rules/flatten-nvd.js';
import { matchAsset } from '../../src/domain/rules/match.js';
import { NVD_DATA_AVAILABLE, nvdSuite } from '../../src/domain/rules/nvd-fixture.test-helper.js';
import type { NvdConfiguration, NvdCpeMatch } from '../../src/feeds/nvd/nvd.types.js';
import { kevSampleRecords } from '../factories/nvd-records.factory.js';

// ---- The reference: a strict reader of CPE names and NVD configurations ------------------------

/** CPE 2.3 formatted string → its 11 attribute values (escapes kept, lower-case). */
function attributesOf(cpe: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < cpe.length; i++) {
    const ch = cpe[i] as string;
    if (ch === '\\') {
      current += ch + (cpe[i + 1] ?? '');
      i++;
    } else if (ch === ':') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.slice(2).map((p) => p.toLowerCase());
}

const VERSION = 3;
type Truth = 0 | 1 | 2; // no, unknown, yes

/** Numeric and letter runs; separators ignored. */
function runs(version: string): (number | string)[] {
  return [...version.toLowerCase().matchAll(/[0-9]+|[a-z]+/g)].map((m) =>
    /^[0-9]/.test(m[0]) ? Number(m[0]) : m[0],
  );
}

/** Strict order: run by run; a version that goes on is after one that stops (2.0 < 2.0.0). */
function strictCompare(a: string, b: string): number {
  const x = runs(a);
  const y = runs(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] as number | string;
    const q = y[i] as number | string;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p < q ? -1 : 1;
    if (typeof p === 'string' && typeof q === 'string') return p < q ? -1 : 1;
    return typeof p === 'number' ? 1 : -1;
  }
  return Math.sign(x.length - y.length);
}

/** Does one installed CPE satisfy one cpeMatch entry? Unknown (`*`) installed values cannot confirm. */
function referenceMatch(entry: NvdCpeMatch, installed: string): Truth {
  const want = attributesOf(entry.criteria);
  const have = attributesOf(installed);
  for (const i of [0, 1, 2]) if (want[i] !== have[i]) return 0;
  let truth: Truth = 2;
  for (let i = 3; i < 11; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w === '*') continue;
    // NVD's `-` version: an installed product without a version (or `-`) is it (Ward's documented rule).
    if (i === VERSION && w === '-' && h === '*') continue;
    if (h === '*') truth = 1;
    else if (w !== h) return 0;
  }
  const bounded =
    entry.versionStartIncluding ||
    entry.versionStartExcluding ||
    entry.versionEndIncluding ||
    entry.versionEndExcluding;
  if (bounded) {
    const version = have[VERSION] as string;
    if (version === '*') return Math.min(truth, 1) as Truth;
    if (version === '-') return 0;
    const ok =
      (!entry.versionStartIncluding || strictCompare(version, entry.versionStartIncluding) >= 0) &&
      (!entry.versionStartExcluding || strictCompare(version, entry.versionStartExcluding) > 0) &&
      (!entry.versionEndIncluding || strictCompare(version, entry.versionEndIncluding) <= 0) &&
      (!entry.versionEndExcluding || strictCompare(version, entry.versionEndExcluding) < 0);
    if (!ok) return 0;
  }
  return truth;
}

/** Whether the CVE is confirmed on an asset with these CPEs: some configuration holds definitely. */
function referenceConfirms(configurations: readonly NvdConfiguration[], asset: readonly string[]): boolean {
  return configurations.some((configuration) => {
    if (configuration.negate) return false;
    const nodes = configuration.nodes.map((node) => {
      const hasVulnerable = node.cpeMatch.some((m) => m.vulnerable);
      const values = node.cpeMatch.map(
        (m) => Math.max(0, ...asset.map((cpe) => referenceMatch(m, cpe))) as Truth,
      );
      let value: Truth =
        node.operator === 'AND' ? (Math.min(...values) as Truth) : (Math.max(0, ...values) as Truth);
      if (node.negate) value = (2 - value) as Truth;
      return { value, hasVulnerable: hasVulnerable && !node.negate };
    });
    if (!nodes.some((n) => n.hasVulnerable)) return false;
    const value =
      configuration.operator === 'AND'
        ? Math.min(...nodes.map((n) => n.value))
        : Math.max(0, ...nodes.filter((n) => n.hasVulnerable).map((n) => n.value));
    return value === 2;
  });
}

// ---- Generating inventory components from the records ------------------------------------------

const NUMERIC = /^[0-9]+([.-][0-9]+)*$/;

/** Versions around a bound: at it, one step below and above in the last part, an extra part, a missing part. */
function around(bound: string): string[] {
  const m = /^(.*?)([0-9]+)$/.exec(bound);
  if (!m) return [bound];
  const [, head, last] = m as unknown as [string, string, string];
  const n = Number(last);
  const out = [bound, `${head}${n + 1}`, `${bound}.1`, `${bound}.0`];
  if (n > 0) out.push(`${head}${n - 1}`);
  const shorter = bound.replace(/[.-][0-9]+$/, '');
  if (shorter !== bound) out.push(shorter);
  return out;
}

function withAttributes(values: string[]): string {
  return `cpe:2.3:${values.join(':')}`;
}

/** Installed CPEs generated from one vulnerable entry (none unless its versions are all numeric). */
function componentsFor(entry: NvdCpeMatch): string[] {
  const want = attributesOf(entry.criteria);
  const named = [
    want[VERSION] as string,
    entry.versionStartIncluding,
    entry.versionStartExcluding,
    entry.versionEndIncluding,
    entry.versionEndExcluding,
  ].filter((v): v is string => v !== undefined && v !== '*' && v !== '-');
  if (named.some((v) => !NUMERIC.test(v))) return [];
  const versions = new Set<string>();
  const exact = want[VERSION] as string;
  if (exact === '-') versions.add('-').add('1.0');
  else if (exact !== '*') {
    if (NUMERIC.test(exact)) for (const v of around(exact)) versions.add(v);
    else versions.add(exact);
  }
  for (const bound of [
    entry.versionStartIncluding,
    entry.versionStartExcluding,
    entry.versionEndIncluding,
    entry.versionEndExcluding,
  ]) {
    if (bound && NUMERIC.test(bound)) for (const v of around(bound)) versions.add(v);
  }
  if (versions.size === 0) versions.add('1.0');
  const out: string[] = [];
  const setAttributes = [4, 5, 6, 7, 8, 9, 10].filter((i) => want[i] !== '*');
  for (const version of versions) {
    const known = [...want];
    known[VERSION] = version;
    out.push(withAttributes(known));
    for (const i of setAttributes) {
      const unknown = [...known];
      unknown[i] = '*';
      out.push(withAttributes(unknown));
      const other = [...known];
      other[i] = 'someother';
      out.push(withAttributes(other));
    }
  }
  return out;
}

/** A platform to run on: the first entry of each other node of an AND configuration, as it names itself. */
function platformsFor(configuration: NvdConfiguration, nodeIndex: number): string[] | null {
  if (configuration.operator !== 'AND') return [];
  const platforms: string[] = [];
  for (const [i, node] of configuration.nodes.entries()) {
    if (i === nodeIndex) continue;
    if (node.negate) return null;
    const first = node.cpeMatch[0];
    if (!first || first.versionStartIncluding || first.versionStartExcluding) return null;
    if (first.versionEndIncluding || first.versionEndExcluding) return null;
    const values = attributesOf(first.criteria);
    if (values[VERSION] === '*') values[VERSION] = '-';
    platforms.push(withAttributes(values));
  }
  return platforms;
}

describe.skipIf(!NVD_DATA_AVAILABLE)(
  nvdSuite('the engine against a strict reference on real NVD records'),
  () => {
    it('confirms exactly what the reference confirms, at every version bound and attribute', () => {
      const disagreements: string[] = [];
      let assets = 0;
      let engineConfirmed = 0;
      for (const record of kevSampleRecords()) {
        const configurations = record.configurations ?? [];
        const rules = flattenNvdConfigurations(record.id, configurations).rules;
        for (const configuration of configurations) {
          for (const [n, node] of configuration.nodes.entries()) {
            const platforms = platformsFor(configuration, n);
            if (platforms === null) continue;
            for (const entry of node.cpeMatch.filter((m) => m.vulnerable)) {
              for (const cpe of componentsFor(entry)) {
                const asset = [cpe, ...platforms];
                let engine: boolean;
                try {
                  engine = matchAsset(
                    asset.map((c) => componentFromCpe(c)),
                    rules,
                  ).some((m) => m.certainty === 'definite');
                } catch {
                  continue; // a generated name the engine's CPE parser refuses: not an inventory it would import
                }
                const reference = referenceConfirms(configurations, asset);
                assets++;
                if (engine) engineConfirmed++;
                if (engine !== reference)
                  disagreements.push(
                    `${record.id} ${asset.join(' + ')}: engine ${engine ? 'confirms' : 'does not confirm'}, reference ${reference ? 'confirms' : 'does not'}`,
                  );
              }
            }
          }
        }
      }
      expect(assets).toBeGreaterThan(10_000);
      expect(engineConfirmed).toBeGreaterThan(1_000);
      expect(disagreements.slice(0, 50)).toEqual([]);
      expect(disagreements.length).toBe(0);
    });
  },
);
