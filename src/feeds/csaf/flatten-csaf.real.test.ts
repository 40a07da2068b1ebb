/**
 * `flattenCsafAdvisory` on CISA's real advisories (144 ICSMA + 21 Healthcare-sector ICSA), read from
 * the intel snapshot (`data/intel/csaf`). Three advisories are checked rule by rule against their JSON; no real one
 * has `relationships`, so those are checked on the synthetic fixture in `flatten-csaf.test.ts`.
 */

import { describe, expect, it } from 'vitest';
import { componentFromTriple } from '../../domain/cpe/cpe-key.js';
import { csafProductIdentity } from '../../domain/rules/csaf-product-key.js';
import { flattenCsafAdvisory } from '../../domain/rules/flatten-csaf.js';
import { indexRules, matchAsset, matchedCves } from '../../domain/rules/match.js';
import type { MatchCriterion, MatchRule } from '../../domain/rules/match-rule.js';
import { CSAF_DATA_AVAILABLE, csafSuite, realAdvisories, realAdvisory } from './csaf-fixture.test-helper.js';

const below = (version: string, inclusive: boolean) => ({ start: null, end: { version, inclusive } });
const from = (start: string, end: string) => ({
  start: { version: start, inclusive: true },
  end: { version: end, inclusive: false },
});

function criterion(key: string, raw: string, fields: Partial<MatchCriterion>): MatchCriterion {
  return { key, scheme: 'generic', exact: null, start: null, end: null, update: null, raw, ...fields };
}

/** The kind of an issue, to count them. */
function kind(reason: string): string {
  if (reason.endsWith('not understood; the rule matches any version'))
    return 'version not understood: any version';
  if (reason.includes('is a date, not a version')) return 'date, not a version: any version';
  if (reason.startsWith('ignored ')) return 'qualifier or comment ignored';
  if (reason.includes('read as their union')) return 'upper bounds read as their union';
  if (reason.startsWith('several upper bounds read as fixes of release lines'))
    return 'upper bounds read as release lines';
  return reason;
}

describe.skipIf(!CSAF_DATA_AVAILABLE)(csafSuite('flattenCsafAdvisory on the real CISA advisories'), () => {
  it('flattens every advisory without throwing; every affected product gives rules or an issue', () => {
    const all = realAdvisories();
    expect(all).toHaveLength(165);
    for (const { file, advisory } of all) {
      const { rules, issues } = flattenCsafAdvisory(advisory);
      const source = `csaf:${advisory.document.tracking.id}`;
      const cves = new Set(advisory.vulnerabilities.map((v) => v.cve));
      for (const rule of rules) {
        expect(rule.source, file).toBe(source);
        expect(cves.has(rule.cve), file).toBe(true);
        expect(rule.vulnerable.key, file).toMatch(/^a:.+:.+$/);
        expect(rule.group, file).toBeLessThan(advisory.products.length);
        expect(
          rule.vulnerable.exact === null || (rule.vulnerable.start ?? rule.vulnerable.end) === null,
          file,
        ).toBe(true);
        expect(rule.conditions, file).toEqual([]);
      }
      for (const v of advisory.vulnerabilities) {
        for (const id of v.productStatus.known_affected) {
          const index = advisory.products.findIndex((p) => p.productId === id);
          const keys = csafProductIdentity(advisory.products[index]!);
          const covered =
            rules.some((r) => r.cve === v.cve && (r.group === index || keys.has(r.vulnerable.key))) ||
            issues.some((i) => i.cve === v.cve && i.productId === id);
          expect(covered, `${file} ${v.cve} ${id}`).toBe(true);
        }
      }
    }
  });

  it('summary: rules for every advisory; issues by kind', () => {
    const rows = realAdvisories().map(({ file, advisory }) => ({ file, ...flattenCsafAdvisory(advisory) }));
    const issues = rows.flatMap((r) => r.issues.map((i) => ({ file: r.file, ...i })));
    const byKind = new Map<string, number>();
    for (const i of issues) byKind.set(kind(i.reason), (byKind.get(kind(i.reason)) ?? 0) + 1);
    const distinct = new Set(issues.map((i) => `${i.file} ${i.productId} ${i.reason}`));
    const summary = {
      advisories: rows.length,
      withRules: rows.filter((r) => r.rules.length > 0).length,
      rules: rows.reduce((n, r) => n + r.rules.length, 0),
      issues: issues.length,
      distinctProductIssues: distinct.size,
      byKind: Object.fromEntries([...byKind].sort((a, b) => b[1] - a[1])),
    };
    console.log(`CSAF flatten summary: ${JSON.stringify(summary, null, 2)}`);
    expect(summary).toEqual({
      advisories: 165,
      withRules: 165,
      rules: 3832,
      issues: 330,
      distinctProductIssues: 118,
      byKind: {
        'version not understood: any version': 151,
        'qualifier or comment ignored': 98,
        'date, not a version: any version': 41,
        'upper bounds read as their union': 31,
        'upper bounds read as release lines': 9,
      },
    });
    expect(issues.every((i) => i.cve !== null && i.productId !== null)).toBe(true);
  });

  it('has no relationship products and no status other than known_affected and known_not_affected', () => {
    const all = realAdvisories();
    expect(all.flatMap((a) => a.advisory.products).filter((p) => p.relationship || p.cpe || p.purl)).toEqual(
      [],
    );
    const used = new Set(
      all.flatMap((a) =>
        a.advisory.vulnerabilities.flatMap((v) =>
          Object.entries(v.productStatus).flatMap(([name, ids]) => (ids.length > 0 ? [name] : [])),
        ),
      ),
    );
    expect([...used].sort()).toEqual(['known_affected', 'known_not_affected']);
  });

  it('ICSMA-22-298-01 (AliveCor): a vers:all/* range and a <= text range', () => {
    expect(flattenCsafAdvisory(realAdvisory('icsma-22-298-01.json'))).toEqual({
      rules: [
        {
          cve: 'CVE-2022-40703',
          source: 'csaf:ICSMA-22-298-01',
          group: 0,
          vulnerable: criterion(
            'a:alivecor:kardia_app_android_application',
            'CSAFPID-0001: AliveCor Kardia App Android application: <=5.17.1-754993421',
            below('5.17.1-754993421', true),
          ),
          conditions: [],
        },
        {
          cve: 'CVE-2022-41627',
          source: 'csaf:ICSMA-22-298-01',
          group: 1,
          vulnerable: criterion(
            'a:alivecor:kardiamobile_iot_device',
            'CSAFPID-0002: AliveCor KardiaMobile IoT device: vers:all/*',
            {},
          ),
          conditions: [],
        },
      ],
      issues: [],
    });
  });

  it('ICSA-19-141-01 (Computrols): "< 19.0.1 | < 18.0.1 | …" as one interval per release line', () => {
    const { rules, issues } = flattenCsafAdvisory(realAdvisory('icsa-19-141-01.json'));
    expect(rules).toHaveLength(9 * 9);
    const raw =
      'CSAFPID-0001: CBAS Web a Web Building Management System (BMS): all versions prior to 19.0.1 18.0.1 15.0.1 14.0.1 8.0.7 7.2.1-Beta 6.9.2 4.8.2 3.15.1';
    const key = 'a:computrols:cbas_web_a_web_building_management_system_\\(bms\\)';
    expect(rules.filter((r) => r.cve === 'CVE-2019-10847').map((r) => r.vulnerable)).toEqual(
      [
        below('3.15.1', false),
        from('4', '4.8.2'),
        from('5', '6.9.2'),
        from('7', '7.2.1-Beta'),
        from('8', '8.0.7'),
        from('9', '14.0.1'),
        from('15', '15.0.1'),
        from('16', '18.0.1'),
        from('19', '19.0.1'),
      ].map((bounds) => criterion(key, raw, bounds)),
    );
    expect(new Set(issues.map((i) => i.reason))).toEqual(
      new Set([
        'several upper bounds read as fixes of release lines: (*, 3.15.1), [4, 4.8.2), [5, 6.9.2), [7, 7.2.1-Beta), [8, 8.0.7), [9, 14.0.1), [15, 15.0.1), [16, 18.0.1), [19, 19.0.1)',
      ]),
    );
    expect(issues).toHaveLength(9);
    const cbas = (version: string) =>
      matchAsset(
        [
          componentFromTriple({
            vendor: 'Computrols',
            product: 'CBAS Web a Web Building Management System (BMS)',
            version,
          }),
        ],
        rules,
      ).length;
    expect([cbas('18.0.0'), cbas('18.0.1'), cbas('12.3'), cbas('7.2.1-Beta'), cbas('19.0.1')]).toEqual([
      9, 0, 9, 0, 0,
    ]);
  });

  it('ICSMA-23-194-01 (BD): text ranges and an exact version, under every vendor/product spelling', () => {
    const { rules, issues } = flattenCsafAdvisory(realAdvisory('icsma-23-194-01.json'));
    expect(issues).toEqual([]);
    // 8 CVEs × (6 + 6 + 6 keys for the BD-prefixed products, 3 + 3 for the others), plus 12.1.3 for one CVE.
    expect(rules).toHaveLength(8 * 24 + 6);
    const editor = (rule: MatchRule) => rule.vulnerable.key.endsWith(':alaris_guardrails_editor');
    const bd = rules.filter(
      (r) => r.cve === 'CVE-2023-30562' && r.vulnerable.key === 'a:bd:alaris_guardrails_editor',
    );
    expect(bd).toEqual([
      {
        cve: 'CVE-2023-30562',
        source: 'csaf:ICSMA-23-194-01',
        group: 1,
        vulnerable: criterion(
          'a:bd:alaris_guardrails_editor',
          'CSAFPID-0002: BD Alaris Guardrails Editor: <=12.1.2',
          below('12.1.2', true),
        ),
        conditions: [],
      },
      {
        cve: 'CVE-2023-30562',
        source: 'csaf:ICSMA-23-194-01',
        group: 2,
        vulnerable: criterion(
          'a:bd:alaris_guardrails_editor',
          'CSAFPID-0006: BD Alaris Guardrails Editor: 12.1.3',
          {
            exact: '12.1.3',
          },
        ),
        conditions: [],
      },
    ]);
    expect(new Set(rules.filter(editor).map((r) => r.vulnerable.key))).toEqual(
      new Set([
        'a:becton\\,_dickinson_and_company_\\(bd\\):alaris_guardrails_editor',
        'a:bd:alaris_guardrails_editor',
        'a:becton\\,_dickinson:alaris_guardrails_editor',
      ]),
    );
  });

  it('end to end: components spelled as an inventory spells them match; fixed versions do not', () => {
    const index = indexRules(realAdvisories().flatMap((a) => flattenCsafAdvisory(a.advisory).rules));
    /** The CVEs an installed vendor/product/version matches, over all real rules or one advisory's. */
    const cves = (vendor: string, product: string, version: string | null, advisory?: string) =>
      matchedCves(
        matchAsset([componentFromTriple({ vendor, product, version })], index).filter(
          (m) => advisory === undefined || m.rule.source === `csaf:${advisory}`,
        ),
      );

    const guardrails = cves('BD', 'Alaris Guardrails Editor', '12.1.2');
    expect(guardrails.size).toBe(8);
    expect([...guardrails.values()].every((c) => c === 'definite')).toBe(true);
    expect(cves('BD', 'Alaris Guardrails Editor', '12.1.3')).toEqual(
      new Map([['CVE-2023-30562', 'definite']]),
    );
    expect(cves('BD', 'Alaris Guardrails Editor', '12.3').size).toBe(0);
    expect(cves('Becton, Dickinson and Company (BD)', 'BD Alaris Guardrails Editor', '12.1.2').size).toBe(8);

    expect(cves('Philips', 'Vue PACS', '12.2.8.409', 'ICSMA-24-200-01').size).toBe(13);
    expect(cves('Philips', 'Vue PACS', '12.2.8.410', 'ICSMA-24-200-01').size).toBe(0);
    // ICSMA-21-187-01 says "12.2.x.x and prior": the whole 12.2 line, up to 12.3.
    expect(cves('Philips', 'Vue PACS', '12.2.8.410', 'ICSMA-21-187-01').size).toBeGreaterThan(0);
    expect(cves('Philips', 'Vue PACS', '12.3', 'ICSMA-21-187-01').size).toBe(0);

    expect(cves('Medtronic', 'InterStim X Clinician', 'A51300')).toEqual(
      new Map([['CVE-2023-25931', 'definite']]),
    );
    expect(cves('ZOLL', 'Defibrillator Dashboard', '2.1.9').size).toBe(6);
    expect(cves('ZOLL', 'Defibrillator Dashboard', '2.2').size).toBe(0);
    const unknownVersion = cves('ZOLL', 'Defibrillator Dashboard', null);
    expect([unknownVersion.size, new Set(unknownVersion.values())]).toEqual([6, new Set(['assumed'])]);
  });
});
