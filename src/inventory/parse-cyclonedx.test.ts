import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../bench/shared-data.js';
import type { AssetWithComponents } from '../domain/inventory/asset.js';
import { installedFromStored, normaliseComponent } from '../domain/inventory/normalise-component.js';
import { flattenNvdConfigurations } from '../domain/rules/flatten-nvd.js';
import { matchAsset, matchedCves } from '../domain/rules/match.js';
import { configurationsOf, NVD_DATA_AVAILABLE, nvdSuite } from '../domain/rules/nvd-fixture.test-helper.js';
import { parseCycloneDx } from './parse-cyclonedx.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = path.join(repoRoot, 'test/fixtures/inventory');
const sbomDir = path.join(SHARED_DATA, 'sbom/cyclonedx');
const hasData = existsSync(sbomDir);

const fixture = (name: string) => createReadStream(path.join(fixtures, name));

describe('parseCycloneDx on hand-written fixtures', () => {
  it('reads a device BOM: the device, its nested components, a second device with its own', async () => {
    const result = await parseCycloneDx('cart.json', fixture('cyclonedx-ultrasound-cart.cdx.json'));
    expect(result.problems).toEqual([]);
    // fw, os, openssl (in os), DICOM viewer, log4j, zlib, log4j again (in the viewer), foot switch, its firmware
    expect(result.rows).toBe(9);
    expect(result.skipped).toEqual({ unmatchable: 1, duplicate: 1, notInstalled: 0 });
    const [cart, footswitch, ...rest] = result.assets;
    expect(rest).toEqual([]);
    expect(cart).toMatchObject({
      assetKey: 'us-cart-07',
      assetType: 'medical_device',
      clinicalCriticality: 'high',
      networkZone: 'imaging',
      internetFacing: false,
      manufacturer: 'Siemens Healthineers',
      model: 'ACUSON P500',
      os: 'Windows 7 SP1',
      hostname: null,
      line: 8,
    });
    expect(cart!.components.map((c) => c.cpe ?? c.purl ?? `${c.vendor}/${c.product}@${c.version}`)).toEqual([
      'cpe:2.3:h:siemens:acuson_p500:-:*:*:*:*:*:*:*',
      'cpe:2.3:o:siemens:acuson_p500_firmware:vb10:*:*:*:*:*:*:*',
      'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*',
      'cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*',
      'Example Imaging Ltd/DICOM viewer@3.2',
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    ]);
    expect(cart!.components[5]).toEqual({
      vendor: 'org.apache.logging.log4j',
      product: 'log4j-core',
      version: '2.14.1',
      cpe: null,
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      line: 52,
    });
    expect(footswitch).toMatchObject({
      assetKey: 'us-cart-07/footswitch',
      assetType: 'iot',
      clinicalCriticality: 'none',
      networkZone: 'imaging',
      manufacturer: 'Example Peripherals',
      model: 'USB foot switch',
      line: 69,
      components: [
        {
          vendor: 'Example Peripherals',
          product: 'footswitch-fw',
          version: '2.1.4',
          cpe: null,
          purl: null,
          line: 77,
        },
      ],
    });
    // Every component normalises to a match key (the importer's next step).
    expect(result.assets.flatMap((a) => a.components).map((c) => normaliseComponent(c).key)).toContain(
      'o:microsoft:windows_7',
    );
  });

  it('lets options override what the BOM says, and keys devices under the given asset key', async () => {
    const result = await parseCycloneDx('cart.json', fixture('cyclonedx-ultrasound-cart.cdx.json'), {
      assetKey: 'MED-00412',
      clinicalCriticality: 'life_critical',
      assetType: 'medical_device',
      internetFacing: false,
      networkZone: 'theatre',
    });
    expect(result.problems).toEqual([]);
    expect(result.assets.map((a) => [a.assetKey, a.assetType, a.clinicalCriticality, a.networkZone])).toEqual(
      [
        ['MED-00412', 'medical_device', 'life_critical', 'theatre'],
        ['MED-00412/footswitch', 'medical_device', 'life_critical', 'theatre'],
      ],
    );
  });

  it('reports each bad record by its path and line, and keeps the good ones', async () => {
    const result = await parseCycloneDx('bad.json', fixture('cyclonedx-bad-records.cdx.json'));
    expect(result.problems).toEqual([
      {
        file: 'bad.json',
        line: 8,
        reason:
          'metadata.properties[0]: unknown asset_type "mainframe" (expected one of workstation, laptop, server, network, medical_device, iot, mobile, virtual)',
      },
      {
        file: 'bad.json',
        line: 9,
        reason: expect.stringMatching(
          /^metadata\.properties\[1\]: unknown property ward:criticality \(Ward reads ward:asset_type, /,
        ),
      },
      {
        file: 'bad.json',
        line: 21,
        reason:
          'components[1].components[1]: invalid package URL "pkg:maven/broken@1.0.0": maven requires a "namespace" component',
      },
      {
        file: 'bad.json',
        line: 24,
        reason: expect.stringMatching(
          /^components\[2\]: invalid CPE "cpe:2\.3:a:vendor:product": has 3 attributes/,
        ),
      },
      { file: 'bad.json', line: 25, reason: 'components[3]: purl must be a string' },
    ]);
    expect(result.rows).toBe(6);
    expect(result.assets).toHaveLength(1);
    expect(result.assets[0]!.components.map((c) => c.purl)).toEqual([
      'pkg:npm/left-pad@1.3.0',
      'pkg:npm/parent@2.0.0',
      'pkg:npm/ok@1.0.0',
    ]);
  });

  it('reports invalid JSON with the byte offset and line of the first bad byte', async () => {
    const text = readFileSync(path.join(fixtures, 'cyclonedx-invalid-json.cdx.json.txt'), 'utf8');
    const result = await parseCycloneDx('broken.json', text);
    expect(result.assets).toEqual([]);
    expect(result.problems).toHaveLength(1);
    const problem = result.problems[0]!;
    const offset = Number(/at byte (\d+)/.exec(problem.reason)?.[1]);
    // The trailing comma is legal; the `}` after it is the first byte JSON cannot accept.
    expect(text.charAt(offset)).toBe('}');
    expect(text.slice(0, offset).endsWith('"1.3.0", ')).toBe(true);
    expect(problem).toEqual({
      file: 'broken.json',
      line: 5,
      reason: expect.stringMatching(
        new RegExp(`^invalid JSON at byte ${offset}: expected a string key near "},`),
      ),
    });
  });

  it('refuses a document that is not CycloneDX, an old specVersion, and an empty file', async () => {
    const spdx = await parseCycloneDx('spdx.json', fixture('cyclonedx-wrong-format.json'));
    expect(spdx).toEqual({
      assets: [],
      rows: 0,
      problems: [
        {
          file: 'spdx.json',
          line: 1,
          reason: 'not a CycloneDX BOM: bomFormat is "SPDX", expected "CycloneDX"',
        },
      ],
      skipped: { unmatchable: 0, duplicate: 0, notInstalled: 0 },
    });
    const noFormat = await parseCycloneDx('x.json', '{"spdxVersion": "SPDX-2.3"}');
    expect(noFormat.problems[0]!.reason).toMatch(/^not a CycloneDX BOM: no bomFormat/);
    const old = await parseCycloneDx('x.json', '{"bomFormat": "CycloneDX", "specVersion": "1.1"}');
    expect(old.problems[0]!.reason).toBe(
      'unsupported CycloneDX specVersion "1.1" (JSON BOMs are 1.2 to 1.6)',
    );
    expect((await parseCycloneDx('x.json', [' \n'])).problems).toEqual([
      { file: 'x.json', line: 0, reason: 'the file is empty' },
    ]);
  });

  it('needs a name for the asset when the BOM has no metadata.component', async () => {
    const bom = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [{ type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }],
    });
    expect((await parseCycloneDx('x.json', bom)).problems.map((p) => p.reason)).toEqual([
      'the BOM has no metadata.component naming the asset its components are installed on (give its asset id)',
    ]);
    const named = await parseCycloneDx('x.json', bom, { assetKey: 'srv-web-01' });
    expect(named.problems).toEqual([]);
    expect(named.assets.map((a) => [a.assetKey, a.assetType, a.components.length])).toEqual([
      ['srv-web-01', 'server', 1],
    ]);
  });
});

describe('parseCycloneDx: built-in state properties', () => {
  const bom = (value: string) =>
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      metadata: {
        component: { type: 'device', name: 'US-CART-1' },
        properties: [{ name: 'ward:smb1', value }],
      },
      components: [
        {
          type: 'operating-system',
          name: 'Windows 7',
          cpe: 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*',
        },
      ],
    });

  it('reads ward:smb1 as the SMBv1 server reported enabled, disabled or removed', async () => {
    for (const [value, version] of [
      ['enabled', null],
      ['Disabled', 'disabled'],
      ['removed', 'removed'],
    ] as const) {
      const result = await parseCycloneDx('cart.cdx.json', bom(value));
      expect(result.problems).toEqual([]);
      expect(
        result.assets[0]?.components
          .filter((c) => c.cpe?.includes('server_message_block'))
          .map((c) => c.version),
      ).toEqual([version]);
    }
  });

  it('refuses another value, naming the property', async () => {
    const result = await parseCycloneDx('cart.cdx.json', bom('off-ish'));
    expect(result.problems.map((p) => p.reason)).toEqual([
      'metadata.properties[0]: ward:smb1 must be enabled, disabled or removed, got "off-ish"',
    ]);
  });
});

describe.skipIf(!hasData)(
  hasData
    ? 'parseCycloneDx on ../shared/data/sbom/cyclonedx (CycloneDX/bom-examples)'
    : `parseCycloneDx on real BOMs [SKIPPED: ${sbomDir} not found, see shared/data/README.md]`,
  () => {
    const read = (name: string) => parseCycloneDx(name, createReadStream(path.join(sbomDir, name)));

    it('imports every SBOM: one asset, every listed component counted, each imported once', async () => {
      // [file, asset key, rows (entries of `components` at any depth), imported, duplicates]
      const expected: [string, string, number, number, number][] = [
        ['sbom-npm-juice-shop-flat.cdx-1.4.json', 'juice-shop@14.1.1', 1115, 979, 137],
        ['sbom-npm-juice-shop-bare.cdx-1.4.json', 'juice-shop@14.1.1', 1115, 979, 137],
        [
          'sbom-composer-laravel-7.12.0.cdx-1.4.json',
          'cyclonedx/cyclonedx-php-composer-demo-dev-master',
          62,
          63,
          0,
        ],
        [
          'sbom-maven-keycloak-obom-standalone.cdx-1.4.json',
          'pkg:maven/org.keycloak/keycloak-parent@10.0.2',
          904,
          905,
          0,
        ],
        ['obom-decoupled.cdx-1.4.json', 'Keycloak@10.0.2', 1, 1, 0],
        [
          'sbom-golang-proton-bridge-v1.8.0.cdx-1.2.json',
          'pkg:golang/github.com/ProtonMail/proton-bridge@v1.8.0',
          201,
          202,
          0,
        ],
        [
          'sbom-maven-dropwizard-1.3.15.cdx-1.2.json',
          'pkg:maven/io.dropwizard/dropwizard-parent@1.3.15',
          167,
          168,
          0,
        ],
        ['vex-example-bom.cdx-1.3.json', 'pkg:maven/com.example/example-app@1.0.0?type=jar', 3, 4, 0],
      ];
      for (const [file, key, rows, imported, duplicate] of expected) {
        const result = await read(file);
        expect(result.problems, file).toEqual([]);
        expect(
          {
            rows: result.rows,
            skipped: result.skipped,
            assets: result.assets.map((a) => [a.assetKey, a.assetType, a.components.length]),
          },
          file,
        ).toEqual({
          rows,
          skipped: { unmatchable: 0, duplicate, notInstalled: 0 },
          assets: [[key, 'server', imported]],
        });
        // The importer's next step must accept every component.
        for (const c of result.assets[0]!.components) expect(() => normaliseComponent(c), file).not.toThrow();
      }
    });

    it('counts the nested components of juice-shop "bare" as jq does', async () => {
      // jq '.components | length' → 837; '[.components[].components[]?] | length' → 266;
      // '[.components[].components[]?.components[]?] | length' → 12; 837 + 266 + 12 = 1115.
      // jq '[.components[] | recurse(.components[]?) | .purl] | unique | length' → 978, plus the
      // application's own purl (metadata.component) = 979.
      const name = 'sbom-npm-juice-shop-bare.cdx-1.4.json';
      const text = readFileSync(path.join(sbomDir, name), 'utf8');
      const bom = JSON.parse(text) as { components: { components?: { components?: unknown[] }[] }[] };
      const nested = bom.components.flatMap((c) => c.components ?? []);
      expect([
        bom.components.length,
        nested.length,
        nested.flatMap((c) => c.components ?? []).length,
      ]).toEqual([837, 266, 12]);
      const result = await read(name);
      expect(result.rows).toBe(1115);
      const [asset] = result.assets;
      expect(new Set(asset!.components.map((c) => c.purl)).size).toBe(979);
      // The depth-3 entry components[7].components[5].components[0] (semver 6.3.0 under make-dir).
      expect(asset!.components).toContainEqual(
        expect.objectContaining({ product: 'semver', version: '6.3.0', purl: 'pkg:npm/semver@6.3.0' }),
      );
      // Each component's line is the line its object opens on, a few lines above its purl.
      const lines = text.split('\n');
      for (const c of asset!.components.slice(1)) {
        expect(lines[c.line - 1]!.trim()).toBe('{');
        const block = lines.slice(c.line - 1, c.line + 60).join('\n');
        expect(block).toContain(`"purl": ${JSON.stringify(c.purl)}`);
      }
    });

    it('reads the operating system of the keycloak OBOM as a CPE and names the asset os', async () => {
      const result = await read('sbom-maven-keycloak-obom-standalone.cdx-1.4.json');
      const [asset] = result.assets;
      expect(asset!.os).toBe('Red Hat Enterprise Linux 8.0');
      expect(asset!.components.filter((c) => c.cpe)).toEqual([
        {
          vendor: 'Red Hat',
          product: 'Red Hat Enterprise Linux',
          version: '8.0',
          cpe: 'cpe:2.3:o:redhat:enterprise_linux:8.0:*:*:*:*:*:*:*',
          purl: null,
          line: expect.any(Number),
        },
      ]);
    });

    it('makes each device of the hardware BOM an asset, keyed under the board', async () => {
      const result = await read('hbom-pcie-sata-adapter.cdx-1.4.json');
      expect(result.problems).toEqual([]);
      expect(result.rows).toBe(6);
      expect(
        result.assets.map((a) => [a.assetKey, a.assetType, a.manufacturer, a.model, a.components.length]),
      ).toEqual([
        ['pcie-sata-adaptor-board/PCIE-098-02-F-D-EMS2', 'iot', 'Samtec', 'PCIE-098-02-F-D-EMS2', 0],
        ['pcie-sata-adaptor-board/molex-47155-4001', 'iot', 'Molex', '47155-4001', 0],
        ['pcie-sata-adaptor-board/3M-5622-4100-ML', 'iot', '3M', '5622-4100-ML', 0],
        ['pcie-sata-adaptor-board/MC9A22-1034', 'iot', 'Multicomp', 'MC9A22-1034', 0],
        ['pcie-sata-adaptor-board/826632-3', 'iot', 'TE Connectivity', '826632-3', 0],
        ['pcie-sata-adaptor-board/MP000003', 'iot', 'Multicomp', 'MP000003', 0],
      ]);
    });

    it('refuses VEX and SaaSBOM documents with the clear problem, and imports nothing', async () => {
      const vex = readdirSync(sbomDir).filter(
        (f) => f.startsWith('vex-') && f !== 'vex-example-bom.cdx-1.3.json',
      );
      expect(vex).toHaveLength(9);
      for (const file of [...vex, 'saasbom-apigateway.cdx-1.4.json']) {
        const result = await read(file);
        expect({ assets: result.assets, rows: result.rows, problems: result.problems }, file).toEqual({
          assets: [],
          rows: 0,
          problems: [
            { file, line: 0, reason: 'no components to import (this looks like a VEX / SaaSBOM document)' },
          ],
        });
      }
    });

    it('refuses a CBOM of algorithms, certificates or protocols; imports the libraries of one that has them', async () => {
      for (const [file, count] of [
        ['cbom-algorithm.cdx-1.6.json', 2],
        ['cbom-certificate.cdx-1.6.json', 4],
        ['cbom-protocol.cdx-1.6.json', 8],
      ] as const) {
        const result = await read(file);
        expect(result.assets, file).toEqual([]);
        expect(result.skipped?.unmatchable, file).toBe(count);
        expect(result.problems.map((p) => p.reason)).toEqual([
          `nothing to import: none of the ${count} components has a cpe, purl, or name and version (a CBOM's cryptographic assets cannot be matched)`,
        ]);
      }
      const mixed = await read('cbom-with-dependencies.cdx-1.6.json');
      expect(mixed.problems).toEqual([]);
      expect(mixed.skipped?.unmatchable).toBe(1);
      expect(
        mixed.assets.map((a) => [a.assetKey, a.components.map((c) => `${c.product}@${c.version}`)]),
      ).toEqual([['acme-application', ['Crypto library@1.0.0', 'Some library@1.0.0']]]);
    });

    it('parses every example in the directory without throwing', async () => {
      const files = readdirSync(sbomDir);
      expect(files.length).toBe(23);
      for (const file of files) {
        const result = await read(file);
        expect(result.assets.length + result.problems.length, file).toBeGreaterThan(0);
      }
    });
  },
);

/** The certainty with which `cve` applies to an imported asset, or `none`. */
function exposure(cve: string, asset: AssetWithComponents): 'definite' | 'assumed' | 'none' {
  const { rules } = flattenNvdConfigurations(cve, configurationsOf(cve));
  const components = asset.components.map((c) => installedFromStored(normaliseComponent(c)));
  return matchedCves(matchAsset(components, rules)).get(cve) ?? 'none';
}

describe.skipIf(!NVD_DATA_AVAILABLE)(nvdSuite('a device BOM against real NVD records'), () => {
  it("the device's own hardware CPE satisfies NVD's firmware-on-hardware rule (CVE-2017-0144, ACUSON P500)", async () => {
    const text = readFileSync(path.join(fixtures, 'cyclonedx-ultrasound-cart.cdx.json'), 'utf8');
    const [cart] = (await parseCycloneDx('cart.json', text)).assets;
    expect(exposure('CVE-2017-0144', cart!)).toBe('definite');
    expect(exposure('CVE-2019-0708', cart!)).toBe('definite');
    const withoutHardware = text.replace(
      '"cpe": "cpe:2.3:h:siemens:acuson_p500:-:*:*:*:*:*:*:*"',
      '"description": "-"',
    );
    const [bare] = (await parseCycloneDx('cart.json', withoutHardware)).assets;
    expect(bare!.components).toHaveLength(cart!.components.length - 1);
    expect(exposure('CVE-2017-0144', bare!)).toBe('none');
  });
});
