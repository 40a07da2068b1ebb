import { describe, expect, it } from 'vitest';
import { NVD_DATA_AVAILABLE, nvdConfigurations, nvdSuite } from '../rules/nvd-fixture.test-helper.js';
import { CpeParseError } from './cpe-name.error.js';
import { formatCpe } from './cpe-name.formatter.js';
import { parseCpe, unescapeCpeValue } from './cpe-name.parser.js';

describe('parseCpe', () => {
  it('reads the eleven attributes with ANY and NA', () => {
    expect(parseCpe('cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*')).toEqual({
      part: 'o',
      vendor: 'microsoft',
      product: 'windows_7',
      version: '-',
      update: 'sp1',
      edition: '*',
      language: '*',
      swEdition: '*',
      targetSw: '*',
      targetHw: '*',
      other: '*',
    });
  });

  it('unescapes quoted characters, including colons inside a value', () => {
    expect(parseCpe('cpe:2.3:a:cisco:finesse:12.6\\(1\\):*:*:*:*:*:*:*').version).toBe('12.6(1)');
    expect(parseCpe('cpe:2.3:a:cisco:dna_spaces\\:_connector:*:*:*:*:*:*:*:*').product).toBe(
      'dna_spaces:_connector',
    );
    expect(parseCpe('cpe:2.3:a:siemens:logo\\!_soft_comfort:*:*:*:*:*:*:*:*').product).toBe(
      'logo!_soft_comfort',
    );
    expect(parseCpe('cpe:2.3:h:cisco:crs-8\\/s-b_crs:-:*:*:*:*:*:*:*').product).toBe('crs-8/s-b_crs');
    expect(parseCpe('cpe:2.3:a:vendor:product:1\\.0:*:*:*:*:*:*:*').version).toBe('1.0');
  });

  it('rejects malformed strings with an error quoting the input', () => {
    const bad = [
      'cpe:/a:apache:log4j:2.14.1',
      'cpe:2.3:a:apache:log4j:2.14.1',
      'cpe:2.3:x:apache:log4j:*:*:*:*:*:*:*:*',
      'cpe:2.3:a:apache:log4j:2.*:*:*:*:*:*:*:*',
      'cpe:2.3:a:apache:log 4j:*:*:*:*:*:*:*:*',
      'cpe:2.3:a:apache::*:*:*:*:*:*:*:*',
      'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*\\',
    ];
    for (const input of bad) {
      expect(() => parseCpe(input)).toThrow(CpeParseError);
      expect(() => parseCpe(input)).toThrow(JSON.stringify(input).slice(0, 40));
    }
  });

  it('keeps logical values apart from unescaping', () => {
    expect(unescapeCpeValue('*')).toBe('*');
    expect(unescapeCpeValue('-')).toBe('-');
    expect(unescapeCpeValue('\\-foo')).toBe('-foo');
  });
});

describe.skipIf(!NVD_DATA_AVAILABLE)(nvdSuite('parseCpe on every criterion of the real NVD sample'), () => {
  it('parses and formats back byte for byte', () => {
    let count = 0;
    for (const configurations of nvdConfigurations().values()) {
      for (const node of configurations.flatMap((c) => c.nodes)) {
        for (const match of node.cpeMatch) {
          expect(formatCpe(parseCpe(match.criteria))).toBe(match.criteria);
          count += 1;
        }
      }
    }
    expect(count).toBeGreaterThan(6000);
  });
});
