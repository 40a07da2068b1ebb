/**
 * Operating systems, each with its CPE as NVD names it: Windows 7 is `windows_7:-:sp1`, Windows 10
 * and 11 releases are products of their own (`windows_10_22h2`, `windows_11_23h2`) whose version is
 * the build (`10.0.19045.3803`, the form NVD's version ranges use), Server 2008 R2 is
 * `windows_server_2008:r2:sp1`. Build revisions are evenly spaced stand-ins for monthly updates.
 */
import { cpeProduct, type Product } from '../product.model.js';

export type OsFamily = 'windows' | 'windows_server' | 'linux' | 'ios' | 'android';

export interface OperatingSystem {
  /** Catalogue id, e.g. `windows_10_22h2`. */
  readonly id: string;
  /** The inventory's `os` column. */
  readonly name: string;
  readonly product: Product;
  readonly family: OsFamily;
  /** Out of vendor support: Windows XP, 7, Server 2003 and 2008 (what the demo counts as unsupported). */
  readonly unsupported: boolean;
  /** Probability that SMBv1 is enabled on a host running it (Windows only). */
  readonly smb1: number;
}

function windows(
  id: string,
  name: string,
  versions: string[],
  opts: { server?: boolean; unsupported?: boolean; smb1: number; display?: string; targetHw?: string },
): OperatingSystem {
  const product = cpeProduct({
    part: 'o',
    vendor: 'microsoft',
    product: id.replace(/_r2$|_sp2$/, ''),
    versions,
    targetHw: opts.targetHw ?? 'x64',
    display: opts.display ? () => opts.display as string : undefined,
  });
  return {
    id,
    name,
    product,
    family: opts.server ? 'windows_server' : 'windows',
    unsupported: opts.unsupported ?? false,
    smb1: opts.smb1,
  };
}

/** Desktop Windows, oldest first. */
export const WINDOWS_DESKTOP = {
  xp: windows('windows_xp', 'Windows XP Professional SP3', ['-|sp3'], {
    unsupported: true,
    smb1: 0.97,
    display: '5.1.2600',
    targetHw: 'x86',
  }),
  w7: windows('windows_7', 'Windows 7 Enterprise SP1', ['-|sp1'], {
    unsupported: true,
    smb1: 0.85,
    display: '6.1.7601',
  }),
  w10_1607: windows('windows_10_1607', 'Windows 10 Enterprise LTSB 2016', ['10.0.14393.{1198..7259..101}'], {
    smb1: 0.35,
  }),
  w10_1709: windows('windows_10_1709', 'Windows 10 Enterprise 1709', ['10.0.16299.{15..2166..72}'], {
    smb1: 0.25,
  }),
  w10_1809: windows('windows_10_1809', 'Windows 10 Enterprise LTSC 2019', ['10.0.17763.{107..6659..112}'], {
    smb1: 0.12,
  }),
  w10_1909: windows('windows_10_1909', 'Windows 10 Enterprise 1909', ['10.0.18363.{418..2274..64}'], {
    smb1: 0.08,
  }),
  w10_20h2: windows('windows_10_20h2', 'Windows 10 Enterprise 20H2', ['10.0.19042.{572..2965..80}'], {
    smb1: 0.05,
  }),
  w10_21h2: windows('windows_10_21h2', 'Windows 10 Enterprise LTSC 2021', ['10.0.19044.{1288..5247..61}'], {
    smb1: 0.04,
  }),
  w10_22h2: windows('windows_10_22h2', 'Windows 10 Enterprise 22H2', ['10.0.19045.{2006..5371..51}'], {
    smb1: 0.03,
  }),
  w11_22h2: windows('windows_11_22h2', 'Windows 11 Enterprise 22H2', ['10.0.22621.{521..4602..68}'], {
    smb1: 0.01,
  }),
  w11_23h2: windows('windows_11_23h2', 'Windows 11 Enterprise 23H2', ['10.0.22631.{2428..4751..43}'], {
    smb1: 0.01,
  }),
  w11_24h2: windows('windows_11_24h2', 'Windows 11 Enterprise 24H2', ['10.0.26100.{1150..3194..36}'], {
    smb1: 0.01,
  }),
} as const;

/** Windows Server, oldest first. */
export const WINDOWS_SERVER = {
  s2008: windows('windows_server_2008_sp2', 'Windows Server 2008 SP2', ['-|sp2'], {
    server: true,
    unsupported: true,
    smb1: 0.9,
    display: '6.0.6002',
  }),
  s2008r2: windows('windows_server_2008_r2', 'Windows Server 2008 R2 SP1', ['r2|sp1'], {
    server: true,
    unsupported: true,
    smb1: 0.8,
    display: '6.1.7601',
  }),
  s2012r2: windows('windows_server_2012', 'Windows Server 2012 R2', ['r2'], {
    server: true,
    smb1: 0.3,
    display: '6.3.9600',
  }),
  s2016: windows('windows_server_2016', 'Windows Server 2016 Standard', ['10.0.14393.{1198..7259..101}'], {
    server: true,
    smb1: 0.1,
  }),
  s2019: windows('windows_server_2019', 'Windows Server 2019 Standard', ['10.0.17763.{107..6659..112}'], {
    server: true,
    smb1: 0.04,
  }),
  s2022: windows('windows_server_2022', 'Windows Server 2022 Standard', ['10.0.20348.{587..2966..49}'], {
    server: true,
    smb1: 0.02,
  }),
} as const;

function linux(id: string, name: string, product: Product): OperatingSystem {
  return { id, name, product, family: 'linux', unsupported: false, smb1: 0 };
}

/** Linux server distributions (the distribution's release is the CPE version, as NVD writes it). */
export const LINUX = {
  rhel7: linux(
    'rhel7',
    'Red Hat Enterprise Linux 7.9',
    cpeProduct({
      part: 'o',
      vendor: 'redhat',
      product: 'enterprise_linux',
      versions: ['7.0'],
      display: () => '7.9',
    }),
  ),
  rhel8: linux(
    'rhel8',
    'Red Hat Enterprise Linux 8.8',
    cpeProduct({
      part: 'o',
      vendor: 'redhat',
      product: 'enterprise_linux',
      versions: ['8.0'],
      display: () => '8.8',
    }),
  ),
  rhel9: linux(
    'rhel9',
    'Red Hat Enterprise Linux 9.4',
    cpeProduct({
      part: 'o',
      vendor: 'redhat',
      product: 'enterprise_linux',
      versions: ['9.0'],
      display: () => '9.4',
    }),
  ),
  ubuntu1804: linux(
    'ubuntu1804',
    'Ubuntu 18.04 LTS',
    cpeProduct({
      part: 'o',
      vendor: 'canonical',
      product: 'ubuntu_linux',
      versions: ['18.04'],
      swEdition: 'lts',
    }),
  ),
  ubuntu2004: linux(
    'ubuntu2004',
    'Ubuntu 20.04 LTS',
    cpeProduct({
      part: 'o',
      vendor: 'canonical',
      product: 'ubuntu_linux',
      versions: ['20.04'],
      swEdition: 'lts',
    }),
  ),
  ubuntu2204: linux(
    'ubuntu2204',
    'Ubuntu 22.04 LTS',
    cpeProduct({
      part: 'o',
      vendor: 'canonical',
      product: 'ubuntu_linux',
      versions: ['22.04'],
      swEdition: 'lts',
    }),
  ),
} as const;

/** Mobile operating systems. */
export const MOBILE_OS = {
  ios: {
    id: 'ios',
    name: 'iOS',
    product: cpeProduct({
      part: 'o',
      vendor: 'apple',
      product: 'iphone_os',
      versions: ['15.7.{1..9}', '16.{5,6,7}.{0..2}', '17.{0..6}.{0,1}', '18.{0..2}.{0,1}'],
    }),
    family: 'ios',
    unsupported: false,
    smb1: 0,
  },
  ipados: {
    id: 'ipados',
    name: 'iPadOS',
    product: cpeProduct({
      part: 'o',
      vendor: 'apple',
      product: 'ipados',
      versions: ['15.7.{1..9}', '16.{5,6,7}.{0..2}', '17.{0..6}.{0,1}', '18.{0..2}.{0,1}'],
    }),
    family: 'ios',
    unsupported: false,
    smb1: 0,
  },
  android: {
    id: 'android',
    name: 'Android',
    product: cpeProduct({
      part: 'o',
      vendor: 'google',
      product: 'android',
      versions: ['10.0', '11.0', '12.0', '12.1', '13.0', '14.0'],
    }),
    family: 'android',
    unsupported: false,
    smb1: 0,
  },
} as const satisfies Record<string, OperatingSystem>;

/** SMB version 1 enabled: NVD's platform for the WannaCry flaws (CVE-2017-0143 … 0148). */
export const SMB1 = cpeProduct({
  part: 'a',
  vendor: 'microsoft',
  product: 'server_message_block',
  versions: ['1.0'],
});
