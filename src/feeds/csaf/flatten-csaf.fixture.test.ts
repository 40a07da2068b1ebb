/**
 * `flattenCsafAdvisory` on the synthetic relationships fixture read by the CSAF parser: no real CISA
 * advisory has `relationships`, so this is where the parser and the rules meet on one.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { componentFromCpe } from '../../domain/cpe/cpe-key.js';
import { componentFromPurl } from '../../domain/purl/purl-component.js';
import { flattenCsafAdvisory } from '../../domain/rules/flatten-csaf.js';
import type { InstalledComponent } from '../../domain/rules/installed-component.js';
import { matchAsset } from '../../domain/rules/match.js';
import type { MatchCriterion } from '../../domain/rules/match-rule.js';
import { readCsaf } from './parse-csaf.js';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/feeds/csaf',
);

function criterion(key: string, fields: Partial<MatchCriterion>): MatchCriterion {
  return { key, scheme: 'generic', exact: null, start: null, end: null, update: null, raw: key, ...fields };
}

describe('flattenCsafAdvisory: relationships (synthetic fixture: no real CISA advisory has one)', () => {
  it('makes the component the vulnerable criterion and the product it relates to a platform condition', async () => {
    const parsed = await readCsaf(path.join(fixtures, 'relationships-advisory.json'));
    if (!parsed.ok) throw new Error('fixture must be valid');
    const { rules, issues } = flattenCsafAdvisory(parsed.advisory);
    const pumpX = criterion('h:example_medical:pump_x', {
      start: { version: '2.0', inclusive: true },
      end: { version: '2.4', inclusive: false },
      raw: 'cpe:2.3:h:example_medical:pump_x:*:*:*:*:*:*:*:*',
    });
    expect(rules).toEqual([
      {
        cve: 'CVE-2099-0001',
        source: 'csaf:EXM-2099-001',
        group: 3,
        vulnerable: criterion('pkg:generic/example/rtos', {
          exact: '7.1',
          raw: 'pkg:generic/example/rtos@7.1',
        }),
        conditions: [{ negate: false, anyOf: [pumpX] }],
      },
      { cve: 'CVE-2099-0001', source: 'csaf:EXM-2099-001', group: 0, vulnerable: pumpX, conditions: [] },
    ]);
    expect(issues).toEqual([
      {
        cve: 'CVE-2099-0001',
        productId: 'RTOS-7.1',
        reason: 'under investigation: not known to be affected, no rule',
      },
    ]);

    const rtos = componentFromPurl('pkg:generic/example/rtos@7.1');
    const onPump = (version: string) =>
      componentFromCpe(`cpe:2.3:h:example_medical:pump_x:${version}:*:*:*:*:*:*:*`);
    const groups = (components: InstalledComponent[]) =>
      matchAsset(components, rules).map((m) => m.rule.group);
    expect(groups([rtos, onPump('2.3')])).toEqual([3, 0]);
    expect(groups([rtos])).toEqual([]);
    expect(groups([rtos, onPump('2.4')])).toEqual([]);
  });
});
