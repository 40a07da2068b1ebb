import { describe, expect, it } from 'vitest';
import { parseCpe } from '../domain/cpe/cpe-name.parser.js';
import { NVD_DATA_AVAILABLE, nvdConfigurations, nvdSuite } from '../domain/rules/nvd-fixture.test-helper.js';
import { type OsVersionRow, operatingSystemCpes } from './osquery-os-cpe.js';

const row = (fields: Partial<OsVersionRow>): OsVersionRow => ({
  name: null,
  version: null,
  major: null,
  minor: null,
  build: null,
  platform: null,
  codename: null,
  arch: null,
  revision: null,
  ...fields,
});

const windows = (name: string, version: string, extra: Partial<OsVersionRow> = {}) => {
  const [major, minor, build] = version.split('.');
  return row({ name, version, major, minor, build, platform: 'windows', arch: '64-bit', ...extra });
};

/** Representative `os_version` rows and the CPE names Ward gives them. */
const CASES: [string, OsVersionRow, string[]][] = [
  [
    'Windows XP SP3',
    windows('Microsoft Windows XP Professional', '5.1.2600', { arch: '32-bit' }),
    ['cpe:2.3:o:microsoft:windows_xp:-:*:*:*:*:*:x86:*'],
  ],
  [
    'Windows Vista SP2 (2019 build)',
    windows('Microsoft Windows Vista Business', '6.0.6003'),
    ['cpe:2.3:o:microsoft:windows_vista:-:sp2:*:*:*:*:x64:*'],
  ],
  [
    'Windows 7 RTM',
    windows('Microsoft Windows 7 Enterprise', '6.1.7600'),
    ['cpe:2.3:o:microsoft:windows_7:-:-:*:*:*:*:x64:*'],
  ],
  [
    'Windows 7 SP1',
    windows('Microsoft Windows 7 Professional', '6.1.7601'),
    ['cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:x64:*'],
  ],
  [
    'Windows 8.1',
    windows('Microsoft Windows 8.1 Pro', '6.3.9600'),
    ['cpe:2.3:o:microsoft:windows_8.1:-:*:*:*:*:*:x64:*'],
  ],
  [
    'Windows 10 1507 LTSB',
    windows('Microsoft Windows 10 Enterprise 2015 LTSB', '10.0.10240'),
    [
      'cpe:2.3:o:microsoft:windows_10_1507:*:*:*:*:*:*:x64:*',
      'cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:x64:*',
    ],
  ],
  [
    'Windows 10 1607 32-bit',
    windows('Microsoft Windows 10 Pro', '10.0.14393', { arch: '32-bit' }),
    [
      'cpe:2.3:o:microsoft:windows_10_1607:*:*:*:*:*:*:x86:*',
      'cpe:2.3:o:microsoft:windows_10:1607:*:*:*:*:*:x86:*',
    ],
  ],
  [
    'Windows 10 22H2 with revision',
    windows('Microsoft Windows 10 Enterprise', '10.0.19045', { revision: '3570' }),
    ['cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.3570:*:*:*:*:*:x64:*'],
  ],
  [
    'Windows 10 22H2, four-part version',
    windows('Microsoft Windows 10 Pro', '10.0.19045.4291', { build: '19045' }),
    ['cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.4291:*:*:*:*:*:x64:*'],
  ],
  [
    'Windows 11 23H2 on ARM',
    windows('Microsoft Windows 11 Pro', '10.0.22631', { arch: 'ARM 64-bit', revision: '3007' }),
    ['cpe:2.3:o:microsoft:windows_11_23h2:10.0.22631.3007:*:*:*:*:*:arm64:*'],
  ],
  [
    'Server 2008 SP2',
    windows('Microsoft Windows Server 2008 Standard', '6.0.6002'),
    ['cpe:2.3:o:microsoft:windows_server_2008:-:sp2:*:*:*:*:x64:*'],
  ],
  [
    'Server 2008 R2 SP1',
    windows('Microsoft Windows Server 2008 R2 Standard', '6.1.7601'),
    ['cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:x64:*'],
  ],
  [
    'Server 2012',
    windows('Microsoft Windows Server 2012 Datacenter', '6.2.9200', { revision: '24768' }),
    ['cpe:2.3:o:microsoft:windows_server_2012:6.2.9200.24768:*:*:*:*:*:x64:*'],
  ],
  [
    'Server 2012 R2',
    windows('Microsoft Windows Server 2012 R2 Standard', '6.3.9600'),
    ['cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:x64:*'],
  ],
  [
    'Server 2016',
    windows('Microsoft Windows Server 2016 Standard', '10.0.14393'),
    ['cpe:2.3:o:microsoft:windows_server_2016:*:*:*:*:*:*:x64:*'],
  ],
  [
    'Server 1909',
    windows('Microsoft Windows Server Datacenter', '10.0.18363'),
    [
      'cpe:2.3:o:microsoft:windows_server_1909:*:*:*:*:*:*:x64:*',
      'cpe:2.3:o:microsoft:windows_server_2016:1909:*:*:*:*:*:x64:*',
    ],
  ],
  [
    'Server 2019',
    windows('Microsoft Windows Server 2019 Standard', '10.0.17763', { revision: '5458' }),
    ['cpe:2.3:o:microsoft:windows_server_2019:10.0.17763.5458:*:*:*:*:*:x64:*'],
  ],
  [
    'Server 2022',
    windows('Microsoft Windows Server 2022 Standard', '10.0.20348'),
    ['cpe:2.3:o:microsoft:windows_server_2022:*:*:*:*:*:*:x64:*'],
  ],
  [
    'Server 2025',
    windows('Microsoft Windows Server 2025 Standard', '10.0.26100'),
    ['cpe:2.3:o:microsoft:windows_server_2025:*:*:*:*:*:*:x64:*'],
  ],
  [
    'Ubuntu 22.04 LTS',
    row({
      name: 'Ubuntu',
      version: '22.04.3 LTS (Jammy Jellyfish)',
      major: '22',
      minor: '4',
      platform: 'ubuntu',
    }),
    ['cpe:2.3:o:canonical:ubuntu_linux:22.04:*:*:*:lts:*:*:*'],
  ],
  [
    'Ubuntu 23.10',
    row({ name: 'Ubuntu', version: '23.10 (Mantic Minotaur)', platform: 'ubuntu' }),
    ['cpe:2.3:o:canonical:ubuntu_linux:23.10:*:*:*:*:*:*:*'],
  ],
  [
    'Debian 12',
    row({ name: 'Debian GNU/Linux', version: '12 (bookworm)', major: '12', minor: '0', platform: 'debian' }),
    ['cpe:2.3:o:debian:debian_linux:12.0:*:*:*:*:*:*:*'],
  ],
  [
    'RHEL 8.8',
    row({
      name: 'Red Hat Enterprise Linux',
      version: '8.8 (Ootpa)',
      major: '8',
      minor: '8',
      platform: 'rhel',
    }),
    ['cpe:2.3:o:redhat:enterprise_linux:8.0:*:*:*:*:*:*:*'],
  ],
  [
    'RHEL 7 Server',
    row({
      name: 'Red Hat Enterprise Linux Server',
      version: '7.9 (Maipo)',
      major: '7',
      minor: '9',
      platform: 'rhel',
    }),
    [
      'cpe:2.3:o:redhat:enterprise_linux:7.0:*:*:*:*:*:*:*',
      'cpe:2.3:o:redhat:enterprise_linux_server:7.0:*:*:*:*:*:*:*',
    ],
  ],
  [
    'Fedora 40',
    row({ name: 'Fedora Linux', version: '40 (Workstation Edition)', major: '40', platform: 'fedora' }),
    ['cpe:2.3:o:fedoraproject:fedora:40:*:*:*:*:*:*:*'],
  ],
  [
    'Rocky 8',
    row({ name: 'Rocky Linux', version: '8.9 (Green Obsidian)', major: '8', minor: '9', platform: 'rocky' }),
    ['cpe:2.3:o:resf:rocky_linux:8.0:*:*:*:*:*:*:*'],
  ],
  [
    'openSUSE Leap 15.2',
    row({ name: 'openSUSE Leap', version: '15.2', major: '15', minor: '2', platform: 'opensuse-leap' }),
    ['cpe:2.3:o:opensuse:leap:15.2:*:*:*:*:*:*:*'],
  ],
];

describe('operatingSystemCpes', () => {
  it.each(CASES)('%s', (_title, os, expected) => {
    expect(operatingSystemCpes(os)).toEqual(expected);
  });

  it('gives no CPE where none is reliable: macOS, CentOS, unknown Windows builds, no version', () => {
    expect(
      operatingSystemCpes(
        row({ name: 'macOS', version: '14.2.1', major: '14', minor: '2', platform: 'darwin' }),
      ),
    ).toEqual([]);
    expect(
      operatingSystemCpes(row({ name: 'CentOS Linux', version: '7 (Core)', major: '7', platform: 'centos' })),
    ).toEqual([]);
    expect(operatingSystemCpes(windows('Microsoft Windows 10 Insider Preview', '10.0.26200'))).toEqual([]);
    expect(operatingSystemCpes(row({ name: 'Ubuntu', platform: 'ubuntu' }))).toEqual([]);
  });
});

describe.skipIf(!NVD_DATA_AVAILABLE)(nvdSuite('operatingSystemCpes spells products as NVD does'), () => {
  it('every vendor:product it gives appears in the real NVD configurations', () => {
    const nvd = new Set<string>();
    for (const configurations of nvdConfigurations().values())
      for (const configuration of configurations)
        for (const node of configuration.nodes)
          for (const match of node.cpeMatch) {
            const name = parseCpe(match.criteria);
            nvd.add(`${name.part}:${name.vendor}:${name.product}`);
          }
    const given = new Set(
      CASES.flatMap(([, os]) => operatingSystemCpes(os)).map((cpe) => {
        const name = parseCpe(cpe);
        return `${name.part}:${name.vendor}:${name.product}`;
      }),
    );
    expect(given.size).toBeGreaterThan(20);
    expect([...given].filter((key) => !nvd.has(key))).toEqual([]);
  });
});
