import { describe, expect, it } from 'vitest';
import { componentFromCpe } from '../domain/cpe/cpe-key.js';
import { parseCpe } from '../domain/cpe/cpe-name.parser.js';
import { NVD_DATA_AVAILABLE, nvdConfigurations, nvdSuite } from '../domain/rules/nvd-fixture.test-helper.js';
import { windowsProgramCpe } from './windows-program-cpe.js';

/** Uninstall entries as Windows shows them (display name, version, publisher) and their NVD CPE. */
const PROGRAMS: [string, string, string, string][] = [
  ['Google Chrome', '120.0.6099.130', 'Google LLC', 'cpe:2.3:a:google:chrome:120.0.6099.130:*:*:*:*:*:*:*'],
  ['Mozilla Firefox (x64 en-GB)', '121.0.1', 'Mozilla', 'cpe:2.3:a:mozilla:firefox:121.0.1:*:*:*:*:*:*:*'],
  [
    'Mozilla Firefox 115.6.0 ESR (x64 en-US)',
    '115.6.0',
    'Mozilla',
    'cpe:2.3:a:mozilla:firefox_esr:115.6.0:*:*:*:*:*:*:*',
  ],
  [
    'Adobe Acrobat Reader DC - English',
    '22.003.20282',
    'Adobe Systems Incorporated',
    'cpe:2.3:a:adobe:acrobat_reader_dc:22.003.20282:*:*:*:*:*:*:*',
  ],
  [
    'Adobe Acrobat Reader (64-bit)',
    '24.001.20604',
    'Adobe',
    'cpe:2.3:a:adobe:acrobat_reader_dc:24.001.20604:*:*:*:*:*:*:*',
  ],
  ['7-Zip 23.01 (x64)', '23.01', 'Igor Pavlov', 'cpe:2.3:a:7-zip:7-zip:23.01:*:*:*:*:*:*:*'],
  [
    'Notepad++ (64-bit x64)',
    '8.6.2',
    'Notepad++ Team',
    'cpe:2.3:a:notepad-plus-plus:notepad\\+\\+:8.6.2:*:*:*:*:*:*:*',
  ],
  [
    'Java 8 Update 381 (64-bit)',
    '8.0.3810.9',
    'Oracle Corporation',
    'cpe:2.3:a:oracle:jre:1.8.0:update381:*:*:*:*:*:*',
  ],
  ['Java 7 Update 80', '7.0.800', 'Oracle', 'cpe:2.3:a:oracle:jre:1.7.0:update80:*:*:*:*:*:*'],
  [
    'Java SE Development Kit 8 Update 202 (64-bit)',
    '8.0.2020.8',
    'Oracle Corporation',
    'cpe:2.3:a:oracle:jdk:1.8.0:update202:*:*:*:*:*:*',
  ],
  [
    'Java(TM) SE Development Kit 17.0.2 (64-bit)',
    '17.0.2.0',
    'Oracle Corporation',
    'cpe:2.3:a:oracle:jdk:17.0.2:*:*:*:*:*:*:*',
  ],
  [
    'OpenSSL 3.1.2 Light (64-bit)',
    '3.1.2',
    'OpenSSL Win64 Installer Team',
    'cpe:2.3:a:openssl:openssl:3.1.2:*:*:*:*:*:*:*',
  ],
];

describe('windowsProgramCpe', () => {
  it.each(PROGRAMS)('%s %s', (name, version, publisher, cpe) => {
    expect(windowsProgramCpe(name, version, publisher)).toBe(cpe);
  });

  it('maps Java 8 Update 381 to the version and update NVD lists it under', () => {
    const cpe = windowsProgramCpe('Java 8 Update 381 (64-bit)', '8.0.3810.9', 'Oracle Corporation');
    expect(componentFromCpe(cpe!)).toEqual({
      key: 'a:oracle:jre',
      version: '1.8.0',
      update: 'update381',
      scheme: 'generic',
    });
  });

  it('leaves look-alikes and unknown programs unmapped', () => {
    expect(windowsProgramCpe('Google Chrome Beta', '121.0.6167.16', 'Google LLC')).toBeNull();
    expect(windowsProgramCpe('Java 8 Update 392', '8.0.3920.8', 'Azul Systems, Inc.')).toBeNull();
    expect(windowsProgramCpe('Adobe Acrobat Reader 9.5.5', '9.5.5', 'Adobe Systems Incorporated')).toBeNull();
    expect(windowsProgramCpe('Cerner PowerChart', '2018.01.12', 'Cerner Corporation')).toBeNull();
  });
});

describe.skipIf(!NVD_DATA_AVAILABLE)(nvdSuite('windowsProgramCpe spells products as NVD does'), () => {
  it('the vendor:product of each mapped program is in the real NVD sample, where the sample lists it', () => {
    const nvd = new Set<string>();
    for (const configurations of nvdConfigurations().values())
      for (const configuration of configurations)
        for (const node of configuration.nodes)
          for (const match of node.cpeMatch) {
            const name = parseCpe(match.criteria);
            nvd.add(`${name.vendor}:${name.product}`);
          }
    const given = [
      ...new Set(PROGRAMS.map(([, , , cpe]) => parseCpe(cpe)).map((n) => `${n.vendor}:${n.product}`)),
    ];
    // The sample (230 KEV CVEs, 180 of 2017) has no 7-Zip, Notepad++, Reader DC or JDK records; their
    // spellings are NVD's current ones (`oracle:jdk:1.8.0` is in ../shared/data/vulnrichment's CPEs).
    expect(given.filter((key) => !nvd.has(key)).sort()).toEqual([
      '7-zip:7-zip',
      'adobe:acrobat_reader_dc',
      'notepad-plus-plus:notepad++',
      'oracle:jdk',
    ]);
  });
});
