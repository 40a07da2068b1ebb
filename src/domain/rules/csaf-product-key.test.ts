import { describe, expect, it } from 'vitest';
import { componentFromTriple } from '../cpe/cpe-key.js';
import type { CsafRuleProduct } from './csaf-document.js';
import {
  csafProductCriteria,
  productSpellings,
  tripleKeys,
  vendorSpellings,
  withoutLegalForm,
} from './csaf-product-key.js';

function branchProduct(vendor: string, product: string, versionRange: string | null = null): CsafRuleProduct {
  return {
    productId: 'CSAFPID-0001',
    name: `${product}: ${versionRange}`,
    vendor,
    product,
    family: null,
    version: null,
    versionRange,
    cpe: null,
    purl: null,
    relationship: null,
  };
}

describe('vendorSpellings (vendor names as CISA writes them)', () => {
  it('adds the abbreviation in parentheses and the name without legal form', () => {
    expect(vendorSpellings('Becton, Dickinson and Company (BD)')).toEqual([
      'Becton, Dickinson and Company (BD)',
      'BD',
      'Becton, Dickinson',
    ]);
    expect(vendorSpellings('General Electric (GE)')).toEqual([
      'General Electric (GE)',
      'GE',
      'General Electric',
    ]);
    expect(vendorSpellings('Natus Medical, Inc. (Natus)')).toEqual([
      'Natus Medical, Inc. (Natus)',
      'Natus',
      'Natus Medical',
    ]);
    expect(vendorSpellings('Hamilton Medical AG')).toEqual(['Hamilton Medical AG', 'Hamilton Medical']);
  });

  it('splits a list of companies', () => {
    expect(vendorSpellings('Siemens Healthineers, Siemens')).toEqual([
      'Siemens Healthineers, Siemens',
      'Siemens Healthineers',
      'Siemens',
    ]);
    expect(vendorSpellings('Silex Technology and GE Healthcare')).toEqual([
      'Silex Technology and GE Healthcare',
      'Silex Technology',
      'GE Healthcare',
    ]);
    expect(vendorSpellings('Sensormatic Electronics, LLC, Johnson Controls Inc.')).toEqual([
      'Sensormatic Electronics, LLC, Johnson Controls Inc.',
      'Sensormatic Electronics, LLC, Johnson Controls',
      'Sensormatic Electronics',
      'Johnson Controls',
    ]);
  });

  it('keeps single names as they are, trimmed', () => {
    expect(vendorSpellings('Medtronic ')).toEqual(['Medtronic']);
    expect(vendorSpellings('Philips')).toEqual(['Philips']);
    expect(vendorSpellings('Johnson & Johnson')).toEqual(['Johnson & Johnson']);
    expect(withoutLegalForm('SOOIL Developments Co, Ltd.')).toBe('SOOIL Developments');
  });
});

describe('productSpellings', () => {
  it('adds the product without a leading vendor name', () => {
    expect(
      productSpellings('BD Alaris Guardrails Editor', vendorSpellings('Becton, Dickinson and Company (BD)')),
    ).toEqual(['BD Alaris Guardrails Editor', 'Alaris Guardrails Editor']);
    expect(productSpellings('Vue PACS', ['Philips'])).toEqual(['Vue PACS']);
  });
});

describe('tripleKeys', () => {
  it('gives the keys an inventory triple spelled either way normalises to', () => {
    const product = branchProduct(
      'Becton, Dickinson and Company (BD)',
      'BD Alaris Guardrails Editor',
      '<=12.1.2',
    );
    const keys = tripleKeys(product).map((k) => k.key);
    expect(keys).toEqual([
      'a:becton\\,_dickinson_and_company_\\(bd\\):bd_alaris_guardrails_editor',
      'a:becton\\,_dickinson_and_company_\\(bd\\):alaris_guardrails_editor',
      'a:bd:bd_alaris_guardrails_editor',
      'a:bd:alaris_guardrails_editor',
      'a:becton\\,_dickinson:bd_alaris_guardrails_editor',
      'a:becton\\,_dickinson:alaris_guardrails_editor',
    ]);
    for (const [vendor, name] of [
      ['BD', 'Alaris Guardrails Editor'],
      ['bd', 'BD Alaris Guardrails Editor'],
      ['Becton, Dickinson and Company (BD)', 'BD Alaris  Guardrails Editor'],
    ] as const) {
      expect(keys).toContain(componentFromTriple({ vendor, product: name }).key);
    }
  });
});

describe('csafProductCriteria', () => {
  it('reads the version with the first key scheme and collects issues', () => {
    expect(csafProductCriteria(branchProduct('Philips', 'Vue PACS', '<12.2.8.410'))).toEqual({
      keys: [
        {
          key: 'a:philips:vue_pacs',
          scheme: 'generic',
          update: null,
          raw: 'CSAFPID-0001: Vue PACS: <12.2.8.410',
        },
      ],
      intervals: [{ exact: null, start: null, end: { version: '12.2.8.410', inclusive: false } }],
      issues: [],
    });
  });
});
