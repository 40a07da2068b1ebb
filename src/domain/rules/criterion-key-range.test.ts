import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { versionSortKey } from '../versions/version-scheme.js';
import { criterionKeyRanges, keyInRanges } from './criterion-key-range.js';
import { evaluateCriterion } from './criterion-match.js';
import { flattenNvdConfigurations } from './flatten-nvd.js';
import { component, criterion } from './match-criterion.test-helper.js';
import type { MatchCriterion } from './match-rule.js';
import { NVD_DATA_AVAILABLE, nvdConfigurations, nvdSuite } from './nvd-fixture.test-helper.js';

const KEY = 'a:apache:log4j';
const VERSIONS = [
  '2.0-beta9',
  '2.0-rc1',
  '2.0',
  '2.0.1',
  '2.3',
  '2.3.1',
  '2.12.1',
  '2.12.2',
  '2.14.1',
  '2.15.0',
  '2.17.1',
  '4.0e',
  '1.0.1f',
];

describe('criterionKeyRanges', () => {
  it('is null for ANY and NA', () => {
    expect(criterionKeyRanges(criterion(KEY))).toBeNull();
    expect(criterionKeyRanges(criterion(KEY, { exact: '-' }))).toBeNull();
  });

  it('finds exactly the versions evaluateCriterion accepts, for ranges and exact versions', () => {
    const version = fc.constantFrom(...VERSIONS);
    const bound = fc.option(fc.record({ version, inclusive: fc.boolean() }));
    const criteria: fc.Arbitrary<MatchCriterion> = fc.oneof(
      fc.record({ start: bound, end: bound }).map((b) => criterion(KEY, b)),
      version.map((exact) => criterion(KEY, { exact })),
      fc
        .tuple(version, fc.constantFrom('beta9', 'rc1', '-'))
        .map(([exact, update]) => criterion(KEY, { exact, update })),
    );
    fc.assert(
      fc.property(criteria, version, (c, v) => {
        const found = keyInRanges(versionSortKey('generic', v), criterionKeyRanges(c));
        const matched = evaluateCriterion(c, component(KEY, v)) !== 'none';
        if (matched) expect(found).toBe(true);
        // Bounds are inclusive at the key level: only a bound's own key may be found without a match.
        const atBound = [c.start, c.end, c.exact && { version: c.exact }].some(
          (b) => b && versionSortKey('generic', b.version) === versionSortKey('generic', v),
        );
        if (c.update === null && !atBound) expect(found).toBe(matched);
      }),
      { numRuns: 3000 },
    );
  });

  it('adds the version-with-update point for NVD pre-releases in the update field', () => {
    const ranges = criterionKeyRanges(criterion(KEY, { exact: '2.0', update: 'beta9' }));
    expect(keyInRanges(versionSortKey('generic', '2.0-beta9'), ranges)).toBe(true);
    expect(keyInRanges(versionSortKey('generic', '2.0-beta8'), ranges)).toBe(false);
  });
});

describe.skipIf(!NVD_DATA_AVAILABLE)(
  nvdSuite('criterionKeyRanges on every criterion of the real NVD sample'),
  () => {
    it('selects exactly the versions evaluateCriterion accepts, among every version NVD names for the key', () => {
      const distinct = new Map<string, MatchCriterion>();
      for (const [cve, configurations] of nvdConfigurations()) {
        for (const rule of flattenNvdConfigurations(cve, configurations).rules) {
          for (const c of [rule.vulnerable, ...rule.conditions.flatMap((x) => x.anyOf)])
            distinct.set(JSON.stringify(c), c);
        }
      }
      const criteria = [...distinct.values()];
      const versionsByKey = new Map<string, Set<string>>();
      for (const c of criteria) {
        const named = [c.exact, c.start?.version, c.end?.version].filter(
          (v): v is string => !!v && v !== '-',
        );
        const set = versionsByKey.get(c.key) ?? new Set<string>();
        for (const v of named) set.add(v).add(`${v}.1`).add(`${v}a`).add(`${v}-rc1`);
        versionsByKey.set(c.key, set);
      }
      let checked = 0;
      for (const c of criteria) {
        const ranges = criterionKeyRanges(c);
        for (const v of versionsByKey.get(c.key) ?? []) {
          const found = keyInRanges(versionSortKey('generic', v), ranges);
          const matched =
            evaluateCriterion(c, component(c.key, v, '-')) !== 'none' ||
            evaluateCriterion(c, component(c.key, v)) !== 'none';
          if (matched) expect(found, `${c.raw} ${v}`).toBe(true);
          const atBound = [c.start?.version, c.end?.version].some(
            (b) => b !== undefined && versionSortKey('generic', b) === versionSortKey('generic', v),
          );
          if ((c.update === null || c.update === '-') && !atBound)
            expect(found, `${c.raw} ${v}`).toBe(matched);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(20_000);
    });
  },
);
