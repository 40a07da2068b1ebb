import { describe, expect, it } from 'vitest';
import { componentFromTriple } from '../cpe/cpe-key.js';
import { componentFromPurl } from '../purl/purl-component.js';
import type {
  CsafProductStatus,
  CsafRuleAdvisory,
  CsafRuleProduct,
  CsafRuleVulnerability,
} from './csaf-document.js';
import { flattenCsafAdvisory } from './flatten-csaf.js';
import type { InstalledComponent } from './installed-component.js';
import { matchAsset, matchedCves } from './match.js';
import type { MatchCriterion, MatchRule } from './match-rule.js';

/** A branch product of Example Medical's Pump X unless told otherwise. */
function product(productId: string, fields: Partial<CsafRuleProduct> = {}): CsafRuleProduct {
  return {
    productId,
    name: `Example Medical Pump X ${productId}`,
    vendor: 'Example Medical',
    product: 'Pump X',
    family: null,
    version: null,
    versionRange: null,
    cpe: null,
    purl: null,
    relationship: null,
    ...fields,
  };
}

function status(lists: Partial<CsafProductStatus>): CsafProductStatus {
  return {
    first_affected: [],
    first_fixed: [],
    fixed: [],
    known_affected: [],
    known_not_affected: [],
    last_affected: [],
    recommended: [],
    under_investigation: [],
    ...lists,
  };
}

function vulnerability(cve: string | null, lists: Partial<CsafProductStatus>): CsafRuleVulnerability {
  return { cve, title: null, productStatus: status(lists) };
}

function advisory(products: CsafRuleProduct[], vulnerabilities: CsafRuleVulnerability[]): CsafRuleAdvisory {
  return { document: { tracking: { id: 'EXM-2099-002' } }, products, vulnerabilities };
}

const PUMP = 'a:example_medical:pump_x';

function criterion(key: string, fields: Partial<MatchCriterion>): MatchCriterion {
  return { key, scheme: 'generic', exact: null, start: null, end: null, update: null, raw: key, ...fields };
}

const versionsOf = (rules: MatchRule[]) =>
  rules.map((r) => ({ exact: r.vulnerable.exact, start: r.vulnerable.start, end: r.vulnerable.end }));

const pump = (version: string): InstalledComponent =>
  componentFromTriple({ vendor: 'Example Medical', product: 'Pump X', version });

describe('flattenCsafAdvisory: relationships', () => {
  it('keeps the rule without the condition, with an issue, when the platform is not defined', () => {
    const component = product('FW-1', {
      vendor: 'Example Medical',
      product: 'Firmware',
      version: '1.0',
      relationship: {
        category: 'installed_on',
        productReference: 'FW',
        relatesToProductReference: 'MISSING',
      },
    });
    const result = flattenCsafAdvisory(
      advisory([component], [vulnerability('CVE-2099-0002', { known_affected: ['FW-1'] })]),
    );
    expect(result.rules.map((r) => [r.vulnerable.key, r.vulnerable.exact, r.conditions])).toEqual([
      ['a:example_medical:firmware', '1.0', []],
    ]);
    expect(result.issues).toEqual([
      {
        cve: 'CVE-2099-0002',
        productId: 'FW-1',
        reason:
          'platform MISSING of installed_on is not defined: rule without the platform condition (over-matches)',
      },
    ]);
  });
});

describe('flattenCsafAdvisory: fixes bound a product that names no version', () => {
  it('ends below first_fixed; the fixed version does not match', () => {
    const products = [product('ALL', { versionRange: 'vers:all/*' }), product('FIX', { version: 'V2.4' })];
    const result = flattenCsafAdvisory(
      advisory(products, [vulnerability('CVE-2099-0003', { known_affected: ['ALL'], first_fixed: ['FIX'] })]),
    );
    expect(result.rules).toEqual([
      {
        cve: 'CVE-2099-0003',
        source: 'csaf:EXM-2099-002',
        group: 0,
        vulnerable: criterion(PUMP, {
          end: { version: '2.4', inclusive: false },
          raw: 'ALL: Example Medical Pump X ALL',
        }),
        conditions: [],
      },
    ]);
    expect(result.issues).toEqual([]);
    expect(matchAsset([pump('2.3.9')], result.rules)).toHaveLength(1);
    expect(matchAsset([pump('2.4')], result.rules)).toEqual([]);
  });

  it('also takes the start of an open fixed range, and leaves products with their own version alone', () => {
    const products = [
      product('ALL'),
      product('OWN', { version: '1.0' }),
      product('FIX', { versionRange: 'vers:generic/>=3.1' }),
      product('OTHER', { product: 'Pump Y', version: '9.0' }),
    ];
    const { rules } = flattenCsafAdvisory(
      advisory(products, [
        vulnerability('CVE-2099-0004', { known_affected: ['ALL', 'OWN'], fixed: ['FIX', 'OTHER'] }),
      ]),
    );
    expect(versionsOf(rules)).toEqual([
      { exact: null, start: null, end: { version: '3.1', inclusive: false } },
      { exact: '1.0', start: null, end: null },
    ]);
  });

  it('reads several fixes as release lines, with an issue', () => {
    const products = [
      product('ALL'),
      product('F1', { version: '1.4.3' }),
      product('F2', { version: '2.1.1' }),
    ];
    const result = flattenCsafAdvisory(
      advisory(products, [
        vulnerability('CVE-2099-0005', { known_affected: ['ALL'], first_fixed: ['F2', 'F1'] }),
      ]),
    );
    expect(versionsOf(result.rules)).toEqual([
      { exact: null, start: null, end: { version: '1.4.3', inclusive: false } },
      { exact: null, start: { version: '2', inclusive: true }, end: { version: '2.1.1', inclusive: false } },
    ]);
    expect(result.issues.map((i) => i.reason)).toEqual([
      'fixes of a product without a version: several upper bounds read as fixes of release lines: (*, 1.4.3), [2, 2.1.1)',
    ]);
    const cves = (version: string) => matchAsset([pump(version)], result.rules).length;
    expect([cves('1.4.2'), cves('1.4.3'), cves('2.1.0'), cves('2.1.1')]).toEqual([1, 0, 1, 0]);
  });
});

describe('flattenCsafAdvisory: first_affected and last_affected', () => {
  it('opens at first_affected and closes at the nearest last_affected or fix of the same product', () => {
    const products = [
      product('F2', { version: '2.0' }),
      product('L2', { version: '2.2' }),
      product('F3', { version: '3.0' }),
      product('X3', { version: '3.1' }),
      product('L1', { version: '1.5' }),
      product('F9', { version: '9.0' }),
    ];
    const { rules, issues } = flattenCsafAdvisory(
      advisory(products, [
        vulnerability('CVE-2099-0006', {
          first_affected: ['F2', 'F3', 'F9'],
          last_affected: ['L2', 'L1'],
          first_fixed: ['X3'],
        }),
      ]),
    );
    expect(versionsOf(rules)).toEqual([
      { exact: null, start: { version: '2.0', inclusive: true }, end: { version: '2.2', inclusive: true } },
      { exact: null, start: { version: '3.0', inclusive: true }, end: { version: '3.1', inclusive: false } },
      { exact: null, start: { version: '9.0', inclusive: true }, end: null },
      { exact: null, start: null, end: { version: '1.5', inclusive: true } },
    ]);
    expect(issues).toEqual([]);
  });
});

describe('flattenCsafAdvisory: what gives no rule, or a wider one, is reported', () => {
  it('reports products under investigation, undefined or unidentifiable, and vulnerabilities without CVE', () => {
    const products = [
      product('NONAME', { vendor: null, product: null, name: 'Something' }),
      product('INV', { version: '1.0' }),
    ];
    const result = flattenCsafAdvisory(
      advisory(products, [
        vulnerability(null, { known_affected: ['INV'] }),
        vulnerability('CVE-2099-0007', {
          known_affected: ['NONAME', 'GHOST'],
          under_investigation: ['INV'],
          known_not_affected: ['INV'],
        }),
      ]),
    );
    expect(result.rules).toEqual([]);
    expect(result.issues).toEqual([
      { cve: null, productId: null, reason: 'vulnerability "(untitled)" has no CVE: no rules' },
      {
        cve: 'CVE-2099-0007',
        productId: 'INV',
        reason: 'under investigation: not known to be affected, no rule',
      },
      {
        cve: 'CVE-2099-0007',
        productId: 'NONAME',
        reason:
          'product "Something" has no CPE, no purl and no vendor and product names: it cannot be matched',
      },
      { cve: 'CVE-2099-0007', productId: 'GHOST', reason: 'not defined in the product tree: no rule' },
    ]);
  });

  it('makes a rule for any version when the version text is not understood', () => {
    const result = flattenCsafAdvisory(
      advisory(
        [product('P', { versionRange: '< august 28' })],
        [vulnerability('CVE-2099-0008', { known_affected: ['P'] })],
      ),
    );
    expect(versionsOf(result.rules)).toEqual([{ exact: null, start: null, end: null }]);
    expect(result.issues).toEqual([
      {
        cve: 'CVE-2099-0008',
        productId: 'P',
        reason: 'version "< august 28" is a date, not a version; the rule matches any version',
      },
    ]);
  });

  it('keeps identical rules from two products once', () => {
    const products = [product('A', { version: '1.0' }), product('B', { version: '1.0' })];
    const { rules } = flattenCsafAdvisory(
      advisory(products, [vulnerability('CVE-2099-0009', { known_affected: ['A', 'B'] })]),
    );
    expect(rules.map((r) => r.group)).toEqual([0]);
  });
});

describe('flattenCsafAdvisory: CPE and purl identification', () => {
  it('uses a CPE 2.3 name with its version and update, or the branch range when it has none', () => {
    const products = [
      product('C1', { cpe: 'cpe:2.3:o:example:rtos:7.1:sp2:*:*:*:*:*:*' }),
      product('C2', { cpe: 'cpe:2.3:h:example:pump_x:*:*:*:*:*:*:*:*', versionRange: '< V2.4' }),
      product('C3', { cpe: 'cpe:/a:example:gateway:3.0' }),
      product('C4', { cpe: 'cpe:2.3:bad', version: '5.0' }),
    ];
    const result = flattenCsafAdvisory(
      advisory(products, [vulnerability('CVE-2099-0010', { known_affected: ['C1', 'C2', 'C3', 'C4'] })]),
    );
    expect(result.rules.map((r) => r.vulnerable)).toEqual([
      criterion('o:example:rtos', {
        exact: '7.1',
        update: 'sp2',
        raw: 'cpe:2.3:o:example:rtos:7.1:sp2:*:*:*:*:*:*',
      }),
      criterion('h:example:pump_x', {
        end: { version: '2.4', inclusive: false },
        raw: 'cpe:2.3:h:example:pump_x:*:*:*:*:*:*:*:*',
      }),
      criterion('a:example:gateway', { exact: '3.0', raw: 'cpe:/a:example:gateway:3.0' }),
      criterion(PUMP, { exact: '5.0', raw: 'C4: Example Medical Pump X C4' }),
    ]);
    expect(result.issues).toEqual([
      {
        cve: 'CVE-2099-0010',
        productId: 'C4',
        reason: 'Invalid CPE "cpe:2.3:bad": has 1 attributes after "cpe:2.3:", expected 11; CPE not used',
      },
    ]);
  });

  it('uses a purl with its ecosystem scheme, and a vers range from the branch', () => {
    const products = [
      product('N', { purl: 'pkg:npm/%40example/dicom-viewer', versionRange: 'vers:npm/>=1.0.0|<1.2.3' }),
    ];
    const { rules } = flattenCsafAdvisory(
      advisory(products, [vulnerability('CVE-2099-0011', { known_affected: ['N'] })]),
    );
    expect(rules.map((r) => r.vulnerable)).toEqual([
      criterion('pkg:npm/%40example/dicom-viewer', {
        scheme: 'semver',
        start: { version: '1.0.0', inclusive: true },
        end: { version: '1.2.3', inclusive: false },
        raw: 'pkg:npm/%40example/dicom-viewer',
      }),
    ]);
    const viewer = (v: string) => componentFromPurl(`pkg:npm/%40example/dicom-viewer@${v}`);
    expect(matchedCves(matchAsset([viewer('1.2.3-rc.1')], rules))).toEqual(
      new Map([['CVE-2099-0011', 'definite']]),
    );
    expect(matchAsset([viewer('1.2.3')], rules)).toEqual([]);
  });
});
