import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AssetWithComponents } from '../domain/inventory/asset.js';
import { installedFromStored, normaliseComponent } from '../domain/inventory/normalise-component.js';
import { flattenNvdConfigurations } from '../domain/rules/flatten-nvd.js';
import { matchAsset, matchedCves } from '../domain/rules/match.js';
import { configurationsOf, NVD_DATA_AVAILABLE, nvdSuite } from '../domain/rules/nvd-fixture.test-helper.js';
import { parseOsquery } from './parse-osquery.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = path.join(repoRoot, 'test/fixtures/inventory');
const fixture = (name: string) => createReadStream(path.join(fixtures, name));
const fixtureText = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

/** How an asset's components read: the CPE, else the purl, else publisher/name@version. */
const identities = (asset: AssetWithComponents | undefined) =>
  asset?.components.map((c) => c.cpe ?? c.purl ?? `${c.vendor}/${c.product}@${c.version}`);

describe('parseOsquery', () => {
  it('reads a Windows 7 SP1 host: the OS as NVD spells it, programs mapped to NVD products where known', async () => {
    const result = await parseOsquery('ws.json', fixture('osquery-windows7-host.json'));
    expect(result.problems).toEqual([]);
    // 1 os_version row + 10 programs; a repeated Chrome entry and one without a version left out.
    expect(result.rows).toBe(11);
    expect(result.skipped).toEqual({ unmatchable: 1, duplicate: 1, notInstalled: 0 });
    const [host, ...rest] = result.assets;
    expect(rest).toEqual([]);
    const { components, ...record } = host!;
    expect(record).toEqual({
      assetKey: 'WS-ED-0142',
      hostname: 'ws-ed-0142.trust.example.nhs.uk',
      assetType: 'workstation',
      manufacturer: 'Dell Inc.',
      model: 'OptiPlex 7010',
      os: 'Microsoft Windows 7 Professional 6.1.7601',
      ip: '10.20.4.142',
      networkZone: 'clinical',
      internetFacing: false,
      clinicalCriticality: 'high',
      line: 1,
    });
    expect(identities(host)).toEqual([
      'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:x64:*',
      'cpe:2.3:a:google:chrome:109.0.5414.120:*:*:*:*:*:*:*',
      'cpe:2.3:a:mozilla:firefox_esr:115.6.0:*:*:*:*:*:*:*',
      'cpe:2.3:a:adobe:acrobat_reader_dc:21.011.20039:*:*:*:*:*:*:*',
      'cpe:2.3:a:7-zip:7-zip:16.04:*:*:*:*:*:*:*',
      'cpe:2.3:a:notepad-plus-plus:notepad\\+\\+:7.9.5:*:*:*:*:*:*:*',
      'cpe:2.3:a:oracle:jre:1.8.0:update301:*:*:*:*:*:*',
      'cpe:2.3:a:openssl:openssl:1.0.2u:*:*:*:*:*:*:*',
      'Cerner Corporation/Cerner PowerChart@2018.01.12',
    ]);
    // The raw values stay beside the CPE; lines point at each row.
    expect(components[1]).toEqual({
      vendor: 'Google LLC',
      product: 'Google Chrome',
      version: '109.0.5414.120',
      cpe: 'cpe:2.3:a:google:chrome:109.0.5414.120:*:*:*:*:*:*:*',
      purl: null,
      line: 30,
    });
    expect(fixtureText('osquery-windows7-host.json').split('\n')[29]).toContain('"name": "Google Chrome"');
    expect(components.map((c) => normaliseComponent(c).key)).toEqual([
      'o:microsoft:windows_7',
      'a:google:chrome',
      'a:mozilla:firefox_esr',
      'a:adobe:acrobat_reader_dc',
      'a:7-zip:7-zip',
      'a:notepad-plus-plus:notepad\\+\\+',
      'a:oracle:jre',
      'a:openssl:openssl',
      'a:cerner_corporation:cerner_powerchart',
    ]);
  });

  it('reads an Ubuntu host: deb packages as pkg:deb/ubuntu purls, removed packages left out', async () => {
    const result = await parseOsquery('gw.json', fixture('osquery-ubuntu-host.json'));
    expect(result.problems).toEqual([]);
    expect(result.rows).toBe(7);
    expect(result.skipped).toEqual({ unmatchable: 0, duplicate: 0, notInstalled: 1 });
    const [host] = result.assets;
    expect(host).toMatchObject({
      assetKey: 'pacs-gw-01',
      hostname: 'pacs-gw-01',
      assetType: 'server',
      os: 'Ubuntu 22.04.3 LTS (Jammy Jellyfish)',
      internetFacing: false,
    });
    expect(identities(host)).toEqual([
      'cpe:2.3:o:canonical:ubuntu_linux:22.04:*:*:*:lts:*:*:*',
      'pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.10?arch=amd64',
      'pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.10?arch=amd64',
      'pkg:deb/ubuntu/bash@5.1-6ubuntu1?arch=amd64',
      'pkg:deb/ubuntu/sudo@1.9.9-1ubuntu2.4?arch=amd64',
      'pkg:deb/ubuntu/libpam-runtime@1.4.0-11ubuntu2.3?arch=all',
    ]);
    expect(normaliseComponent(host!.components[1]!)).toMatchObject({
      key: 'pkg:deb/ubuntu/openssl',
      version: '3.0.2-0ubuntu1.10',
      scheme: 'debian',
    });
  });

  it('reads a RHEL host: rpm packages with release and epoch, gpg-pubkey entries left out', async () => {
    const result = await parseOsquery('lims.json', fixture('osquery-rhel-host.json'));
    expect(result.problems).toEqual([]);
    expect(result.rows).toBe(6);
    expect(result.skipped).toEqual({ unmatchable: 0, duplicate: 0, notInstalled: 1 });
    const [host] = result.assets;
    expect(host).toMatchObject({
      assetKey: 'lab-lims-db01',
      hostname: null,
      assetType: 'workstation',
      networkZone: 'lab',
      clinicalCriticality: 'low',
    });
    expect(identities(host)).toEqual([
      'cpe:2.3:o:redhat:enterprise_linux:8.0:*:*:*:*:*:*:*',
      'pkg:rpm/redhat/openssl@1.1.1k-9.el8_7?arch=x86_64&epoch=1',
      'pkg:rpm/redhat/bash@4.4.20-4.el8_6?arch=x86_64',
      'pkg:rpm/redhat/kernel@4.18.0-477.10.1.el8_8?arch=x86_64',
      'pkg:rpm/redhat/postgresql-server@10.23-1.module+el8.7.0+17280+3a452e1f?arch=x86_64',
    ]);
    // The epoch is folded into the version, as rpm compares epoch first.
    expect(normaliseComponent(host!.components[1]!)).toMatchObject({
      key: 'pkg:rpm/redhat/openssl',
      version: '1:1.1.1k-9.el8_7',
      scheme: 'rpm',
    });
  });

  it('reads an array of hosts, each with its own fields; options override them all', async () => {
    const result = await parseOsquery('two.json', fixture('osquery-two-hosts.json'));
    expect(result.problems).toEqual([]);
    expect(result.rows).toBe(4);
    expect(result.assets.map((a) => [a.assetKey, a.assetType, a.networkZone, a.line])).toEqual([
      ['WS-OPD-0077', 'workstation', null, 2],
      ['SRV-RIS-02', 'server', 'imaging', 20],
    ]);
    expect(result.assets.map(identities)).toEqual([
      [
        'cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.3570:*:*:*:*:*:x64:*',
        'cpe:2.3:a:google:chrome:120.0.6099.130:*:*:*:*:*:*:*',
      ],
      [
        'cpe:2.3:o:microsoft:windows_server_2016:*:*:*:*:*:*:x64:*',
        'cpe:2.3:a:oracle:jdk:1.8.0:update202:*:*:*:*:*:*',
      ],
    ]);
    const overridden = await parseOsquery('two.json', fixture('osquery-two-hosts.json'), {
      assetType: 'virtual',
      networkZone: 'Corporate',
      internetFacing: true,
      clinicalCriticality: 'low',
    });
    expect(
      overridden.assets.map((a) => [
        a.assetKey,
        a.assetType,
        a.networkZone,
        a.internetFacing,
        a.clinicalCriticality,
      ]),
    ).toEqual([
      ['WS-OPD-0077', 'virtual', 'corporate', true, 'low'],
      ['SRV-RIS-02', 'virtual', 'corporate', true, 'low'],
    ]);
    const keyed = await parseOsquery('two.json', fixtureText('osquery-two-hosts.json'), { assetKey: 'X' });
    expect(keyed.problems.map((p) => p.reason)).toEqual(['an asset key names one host, but the file has 2']);
  });

  it('accepts `osqueryi --json` results wrapped by table name, the host named by system_info', async () => {
    const result = await parseOsquery('pharm.json', fixture('osquery-osqueryi-tables.json'));
    expect(result.problems).toEqual([]);
    expect(result.assets).toEqual([
      {
        assetKey: 'WS-PHARM-003',
        hostname: 'WS-PHARM-003',
        assetType: 'workstation',
        manufacturer: 'HP',
        model: 'HP EliteDesk 800 G4',
        os: 'Microsoft Windows 10 Pro 10.0.14393',
        ip: null,
        networkZone: null,
        internetFacing: false,
        clinicalCriticality: 'none',
        line: 1,
        components: [
          {
            vendor: null,
            product: 'Microsoft Windows 10 Pro',
            version: null,
            cpe: 'cpe:2.3:o:microsoft:windows_10_1607:*:*:*:*:*:*:x86:*',
            purl: null,
            line: 6,
          },
          {
            vendor: null,
            product: 'Microsoft Windows 10 Pro',
            version: null,
            cpe: 'cpe:2.3:o:microsoft:windows_10:1607:*:*:*:*:*:x86:*',
            purl: null,
            line: 6,
          },
          {
            vendor: 'Notepad++ Team',
            product: 'Notepad++ (32-bit x86)',
            version: '8.6.2',
            cpe: 'cpe:2.3:a:notepad-plus-plus:notepad\\+\\+:8.6.2:*:*:*:*:*:*:*',
            purl: null,
            line: 18,
          },
        ],
      },
    ]);
    const named = await parseOsquery('pharm.json', fixtureText('osquery-osqueryi-tables.json'), {
      assetKey: 'RX-3',
      assetType: 'laptop',
    });
    expect(named.assets.map((a) => [a.assetKey, a.hostname, a.assetType])).toEqual([
      ['RX-3', 'WS-PHARM-003', 'laptop'],
    ]);
  });

  it('reports bad hosts and rows by path and line, and unknown tables rather than dropping them', async () => {
    const result = await parseOsquery('bad.json', fixture('osquery-bad-hosts.json'));
    expect(result.problems).toEqual([
      {
        file: 'bad.json',
        line: 2,
        reason:
          '[0].asset_type: unknown asset_type "desktop" (expected one of workstation, laptop, server, network, medical_device, iot, mobile, virtual)',
      },
      {
        file: 'bad.json',
        line: 2,
        reason: '[0].internet_facing: internet_facing must be true or false, got "maybe"',
      },
      {
        file: 'bad.json',
        line: 7,
        reason:
          '[0].chrome_extensions: unknown table "chrome_extensions" (Ward reads system_info, os_version, programs, deb_packages, rpm_packages, windows_optional_features; name each query after its table)',
      },
      { file: 'bad.json', line: 6, reason: '[0].deb_packages[1]: expected a row object' },
      { file: 'bad.json', line: 6, reason: '[0].deb_packages[0]: a deb package needs a name and a version' },
      {
        file: 'bad.json',
        line: 9,
        reason:
          '[1]: the host has no host_identifier or hostname (and no system_info row): give its asset id',
      },
      {
        file: 'bad.json',
        line: 20,
        reason: '[2]: host ws-03: no rows of os_version, programs, deb_packages, rpm_packages',
      },
      { file: 'bad.json', line: 21, reason: '[3]: host ws-01 is listed twice' },
    ]);
  });

  it('reports invalid JSON with its byte offset and line, and a document that is not hosts', async () => {
    const text = '[\n  {"hostname": "a", "programs": [}\n]';
    expect(text.charAt(35)).toBe('}');
    expect((await parseOsquery('x.json', text)).problems).toEqual([
      { file: 'x.json', line: 2, reason: 'invalid JSON at byte 35: unexpected character "}" near "}\\n]"' },
    ]);
    expect((await parseOsquery('x.json', '"WS-01"')).problems.map((p) => p.reason)).toEqual([
      'expected a host object (or the rows of osquery tables by table name)',
    ]);
    expect((await parseOsquery('x.json', '[]')).problems.map((p) => p.reason)).toEqual([
      'no hosts: the array is empty',
    ]);
  });
});

/** The certainty with which `cve` applies to an imported asset, or `none`. */
function exposure(cve: string, asset: AssetWithComponents): 'definite' | 'assumed' | 'none' {
  const { rules } = flattenNvdConfigurations(cve, configurationsOf(cve));
  const components = asset.components.map((c) => installedFromStored(normaliseComponent(c)));
  return matchedCves(matchAsset(components, rules)).get(cve) ?? 'none';
}

describe.skipIf(!NVD_DATA_AVAILABLE)(nvdSuite('osquery hosts against real NVD records'), () => {
  it('a Windows 7 SP1 workstation is exposed to BlueKeep (CVE-2019-0708)', async () => {
    const [host] = (await parseOsquery('ws.json', fixture('osquery-windows7-host.json'))).assets;
    expect(exposure('CVE-2019-0708', host!)).toBe('definite');
  });

  it('Windows 10 22H2 at revision 3570 is patched for CVE-2023-44487, at 3448 it is not, without a revision it may be', async () => {
    const text = fixtureText('osquery-two-hosts.json');
    const at = async (json: string) => (await parseOsquery('two.json', json)).assets[0]!;
    expect(exposure('CVE-2023-44487', await at(text))).toBe('none');
    expect(exposure('CVE-2023-44487', await at(text.replace('"3570"', '"3448"')))).toBe('definite');
    expect(exposure('CVE-2023-44487', await at(text.replace('"revision": "3570",', '')))).toBe('assumed');
  });

  it('Windows 10 1607 matches the older spelling NVD still uses (CVE-2020-0601 lists windows_10:1607)', async () => {
    const [host] = (await parseOsquery('pharm.json', fixture('osquery-osqueryi-tables.json'))).assets;
    expect(exposure('CVE-2020-0601', host!)).toBe('definite');
  });
});

describe('parseOsquery: built-in state from windows_optional_features', () => {
  const host = (features: unknown[]) =>
    JSON.stringify({
      host_identifier: 'WS-1',
      os_version: [
        { name: 'Microsoft Windows 10 Pro', version: '10.0.14393', build: '14393', arch: '64-bit' },
      ],
      windows_optional_features: features,
    });
  const smb = async (features: unknown[]) =>
    (await parseOsquery('ws.json', host(features))).assets[0]?.components
      .filter((c) => c.cpe?.includes('server_message_block'))
      .map((c) => c.version);

  it('reports SMBv1 enabled (1), disabled (2) or removed (3), the server feature before the umbrella one', async () => {
    expect(await smb([{ name: 'SMB1Protocol', state: 1 }])).toEqual([null]);
    expect(await smb([{ name: 'SMB1Protocol', state: '2' }])).toEqual(['disabled']);
    expect(await smb([{ name: 'SMB1Protocol', state: 3 }])).toEqual(['removed']);
    expect(
      await smb([
        { name: 'SMB1Protocol', state: 1 },
        { name: 'SMB1Protocol-Server', state: 2 },
      ]),
    ).toEqual(['disabled']);
  });

  it('says nothing for an unknown state or other features (the default is then assumed at import)', async () => {
    expect(await smb([{ name: 'SMB1Protocol', state: 4 }])).toEqual([]);
    expect(await smb([{ name: 'TelnetClient', state: 1 }])).toEqual([]);
    expect((await parseOsquery('ws.json', host([]))).problems).toEqual([]);
  });
});
