import { describe, expect, it } from 'vitest';
import {
  componentFromCpe,
  componentFromTriple,
  cpeKey,
  cpeKeyFromTriple,
  formatCpeAttributes,
  parseCpeAttributes,
} from './cpe-key.js';
import { CpeParseError } from './cpe-name.error.js';
import { parseCpe } from './cpe-name.parser.js';

describe('cpeKey', () => {
  it('is part:vendor:product, lower-cased, in formatted-string escaping', () => {
    expect(cpeKey(parseCpe('cpe:2.3:a:Apache:Log4j:2.0:beta9:*:*:*:*:*:*'))).toBe('a:apache:log4j');
    expect(cpeKey(parseCpe('cpe:2.3:a:cisco:dna_spaces\\:_connector:*:*:*:*:*:*:*:*'))).toBe(
      'a:cisco:dna_spaces\\:_connector',
    );
  });
});

describe('cpeKeyFromTriple', () => {
  it('normalises spaces and case and defaults to part a', () => {
    expect(cpeKeyFromTriple({ vendor: ' Apache ', product: 'Log4j' })).toBe('a:apache:log4j');
    expect(cpeKeyFromTriple({ vendor: 'Microsoft', product: 'Windows  7', part: 'o' })).toBe(
      'o:microsoft:windows_7',
    );
    expect(cpeKeyFromTriple({ vendor: 'siemens', product: 'LOGO! Soft Comfort' })).toBe(
      'a:siemens:logo\\!_soft_comfort',
    );
  });

  it('matches the key NVD criteria give', () => {
    const nvd = cpeKey(parseCpe('cpe:2.3:a:siemens:logo\\!_soft_comfort:*:*:*:*:*:*:*:*'));
    expect(cpeKeyFromTriple({ vendor: 'Siemens', product: 'logo! soft comfort' })).toBe(nvd);
  });

  it('rejects blank or logical names, quoting the input', () => {
    expect(() => cpeKeyFromTriple({ vendor: ' ', product: 'x' })).toThrow(CpeParseError);
    expect(() => cpeKeyFromTriple({ vendor: 'a', product: '*' })).toThrow('"a,*"');
  });
});

describe('components', () => {
  it('from a triple: unknown version and update are null', () => {
    expect(componentFromTriple({ vendor: 'OpenSSL', product: 'OpenSSL', version: ' 1.0.1f ' })).toEqual({
      key: 'a:openssl:openssl',
      version: '1.0.1f',
      update: null,
      scheme: 'generic',
    });
    expect(componentFromTriple({ vendor: 'x', product: 'y', version: '', update: 'SP1' })).toMatchObject({
      version: null,
      update: 'sp1',
    });
  });

  it('from a CPE: * is unknown, - is kept', () => {
    expect(componentFromCpe('cpe:2.3:o:microsoft:windows_7:-:SP1:*:*:*:*:*:*')).toEqual({
      key: 'o:microsoft:windows_7',
      version: '-',
      update: 'sp1',
      scheme: 'generic',
    });
    expect(componentFromCpe('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*')).toMatchObject({
      version: null,
      update: null,
    });
  });
});

describe('stored CPE attributes', () => {
  it('keeps the attributes a component states, in NVD order, and reads them back', () => {
    const c = componentFromCpe(
      'cpe:2.3:a:citrix:netscaler_application_delivery_controller:13.1-37.164:*:*:*:FIPS:*:x64:*',
    );
    expect(c.attributes).toEqual({ swEdition: 'fips', targetHw: 'x64' });
    const stored = formatCpeAttributes(c.attributes);
    expect(stored).toBe('*:fips:*:x64:*');
    expect(parseCpeAttributes(stored)).toEqual({ swEdition: 'fips', targetHw: 'x64' });
    expect(
      formatCpeAttributes(componentFromCpe('cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*').attributes),
    ).toBe('');
    expect(parseCpeAttributes('')).toEqual({});
  });
});
