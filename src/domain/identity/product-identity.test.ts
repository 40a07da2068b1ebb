import { describe, expect, it } from 'vitest';
import { companyForms, sameVendor } from './company-name.js';
import { identityEvidence, namesOfKey } from './product-identity.js';

describe('company names', () => {
  it('reduces legal forms, lines of business and abbreviations to the company', () => {
    expect(companyForms('Smiths Medical ASD, Inc.')).toContain('smiths');
    expect(companyForms('Becton, Dickinson and Company (BD)')).toEqual(
      expect.arrayContaining(['bd', 'becton dickinson']),
    );
    expect(sameVendor('Smiths Medical', 'Smiths Medical ASD, Inc.')).toBe('smiths');
    expect(sameVendor('smiths medical', 'Smiths Medical')).toBe('smiths');
    expect(sameVendor('BD', 'Becton, Dickinson and Company (BD)')).toBe('bd');
    expect(sameVendor('GE Healthcare', 'General Electric (GE)')).toBe('ge');
    expect(sameVendor('Philips Healthcare', 'Philips')).toBe('philips');
    expect(sameVendor('Natus Medical Incorporated', 'Natus Medical, Inc. (Natus)')).toBe('natus');
    expect(sameVendor('B. Braun', 'B. Braun')).toBe('b braun');
  });

  it('keeps different companies apart', () => {
    expect(sameVendor('Smiths Detection', 'Smiths Medical')).toBeNull();
    expect(sameVendor('Baxter', 'BD')).toBeNull();
    expect(sameVendor('Medtronic', 'Philips')).toBeNull();
    expect(sameVendor('GE Healthcare', 'Siemens Healthineers')).toBeNull();
  });
});

describe('product identity evidence', () => {
  it('proposes a CMMS model contained in the advisory product name, with the words', () => {
    expect(
      identityEvidence(
        { vendor: 'smiths medical', product: 'medfusion 4000' },
        { vendor: 'Smiths Medical', product: 'Medfusion 4000 Wireless Syringe Infusion Pump' },
      ),
    ).toEqual({
      vendor: { inventory: 'smiths medical', advisory: 'Smiths Medical', sharedName: 'smiths' },
      tokens: ['medfusion', '4000'],
      advisoryProduct: 'Medfusion 4000 Wireless Syringe Infusion Pump',
    });
    expect(
      identityEvidence(
        { vendor: 'bd', product: 'alaris 8015' },
        { vendor: 'Becton, Dickinson and Company (BD)', product: 'Alaris 8015 PC unit' },
      )?.tokens,
    ).toEqual(['alaris', '8015']);
    // The vendor's own name in the inventory's product is not a model word.
    expect(
      identityEvidence(
        { vendor: 'philips healthcare', product: 'philips intellivue information center ix' },
        { vendor: 'Philips', product: 'Philips IntelliVue Information Center iX' },
      )?.tokens,
    ).toEqual(['intellivue', 'information', 'center', 'ix']);
  });

  it('proposes nothing for another model, another vendor, or only generic device words', () => {
    const advisory = { vendor: 'Smiths Medical', product: 'Medfusion 4000 Wireless Syringe Infusion Pump' };
    expect(identityEvidence({ vendor: 'smiths medical', product: 'medfusion 3500' }, advisory)).toBeNull();
    expect(identityEvidence({ vendor: 'baxter', product: 'medfusion 4000' }, advisory)).toBeNull();
    expect(identityEvidence({ vendor: 'smiths medical', product: 'syringe pump' }, advisory)).toBeNull();
    expect(
      identityEvidence(
        { vendor: 'philips', product: 'intellivue mx450' },
        { vendor: 'Philips', product: 'Philips IntelliVue Information Center iX' },
      ),
    ).toBeNull();
  });

  it('reads the names back from a vendor/product key', () => {
    expect(namesOfKey('a:smiths_medical:medfusion_4000')).toEqual({
      vendor: 'smiths medical',
      product: 'medfusion 4000',
    });
    expect(namesOfKey('a:b\\.\\ braun:space\\:station')).toEqual({
      vendor: 'b. braun',
      product: 'space:station',
    });
    expect(namesOfKey('pkg:npm/left-pad')).toBeNull();
  });
});
