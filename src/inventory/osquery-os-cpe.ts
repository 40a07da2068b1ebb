/**
 * CPE names for the operating system an osquery `os_version` row describes, spelt as NVD spells
 * them in its configurations (checked against the NVD records in `../shared/data/nvd`):
 *
 * - Windows desktop: `windows_xp`, `windows_vista`, `windows_7`, `windows_8`, `windows_8.1` with
 *   version `-` and the service pack in the update (`windows_7:-:sp1`); Windows 10 and 11 as
 *   `windows_10_<release>` / `windows_11_<release>` (`windows_10_22h2`) with version
 *   `10.0.<build>.<revision>`, which NVD ranges are written in, or ANY when osquery gave no revision.
 *   Releases up to 2004 are also given NVD's older spelling `windows_10:<release>` (`windows_10:-`
 *   for 1507), which older CVE records still use.
 * - Windows Server: `windows_server_2008:-:sp2`, `windows_server_2008:r2:sp1`,
 *   `windows_server_2012:<6.2.9200.rev>`, `windows_server_2012:r2`, and `windows_server_2016`,
 *   `_2019`, `_2022`, `_2022_23h2`, `_2025` with the build version; the semi-annual releases as
 *   `windows_server_1903` … `_20h2` and, as NVD also writes them, `windows_server_2016:1803` … `:2004`.
 * - Linux: `canonical:ubuntu_linux:22.04` (sw_edition `lts` for LTS releases),
 *   `debian:debian_linux:12.0`, `redhat:enterprise_linux:8.0` (NVD writes each RHEL major as
 *   `<major>.0`; RHEL ≤ 7 Server/Workstation/Desktop also as `enterprise_linux_server:7.0` …),
 *   `fedoraproject:fedora:40`, `resf:rocky_linux:8.0`, `opensuse:leap:15.2`.
 *
 * Anything else (macOS, CentOS, SUSE, an unknown Windows build) gets no CPE: the caller keeps it as a
 * plain name and version, which is shown but matches nothing.
 */
import { formatCpe } from '../domain/cpe/cpe-name.formatter.js';
import { CPE_ANY, CPE_NA, type CpeName } from '../domain/cpe/cpe-name.js';

/** The `os_version` columns used, as text (null when empty). */
export interface OsVersionRow {
  name: string | null;
  version: string | null;
  major: string | null;
  minor: string | null;
  build: string | null;
  platform: string | null;
  codename: string | null;
  arch: string | null;
  /** Windows update build revision (UBR), in recent osquery releases. */
  revision: string | null;
}

function cpe(vendor: string, product: string, version: string, fields: Partial<CpeName> = {}): string {
  return formatCpe({
    part: 'o',
    vendor,
    product,
    version,
    update: CPE_ANY,
    edition: CPE_ANY,
    language: CPE_ANY,
    swEdition: CPE_ANY,
    targetSw: CPE_ANY,
    targetHw: CPE_ANY,
    other: CPE_ANY,
    ...fields,
  });
}

/** Windows 10 feature releases by build, as NVD names the products (`windows_10_21h2`). */
const WINDOWS_10: Record<number, string> = {
  10240: '1507',
  10586: '1511',
  14393: '1607',
  15063: '1703',
  16299: '1709',
  17134: '1803',
  17763: '1809',
  18362: '1903',
  18363: '1909',
  19041: '2004',
  19042: '20h2',
  19043: '21h1',
  19044: '21h2',
  19045: '22h2',
};
const WINDOWS_11: Record<number, string> = { 22000: '21h2', 22621: '22h2', 22631: '23h2', 26100: '24h2' };
const WINDOWS_SERVER_10: Record<number, string> = {
  14393: 'windows_server_2016',
  17763: 'windows_server_2019',
  18362: 'windows_server_1903',
  18363: 'windows_server_1909',
  19041: 'windows_server_2004',
  19042: 'windows_server_20h2',
  20348: 'windows_server_2022',
  25398: 'windows_server_2022_23h2',
  26100: 'windows_server_2025',
};
/** Semi-annual Server releases NVD also writes as versions of Server 2016 (`windows_server_2016:1903`). */
const WINDOWS_SERVER_2016_RELEASES: Record<number, string> = {
  17134: '1803',
  18362: '1903',
  18363: '1909',
  19041: '2004',
};
/** The last Windows 10 build NVD also names the old way (`windows_10:2004`). */
const LAST_LEGACY_WINDOWS_10 = 19041;

function numbers(row: OsVersionRow): {
  major: number;
  minor: number;
  build: number;
  revision: number | null;
} {
  const parts = (row.version ?? '').split('.').map((p) => Number.parseInt(p, 10));
  const pick = (field: string | null, i: number) => {
    const n = Number.parseInt(field ?? '', 10);
    return Number.isNaN(n) ? (parts[i] ?? Number.NaN) : n;
  };
  const revision = Number.parseInt(row.revision ?? '', 10);
  return {
    major: pick(row.major, 0),
    minor: pick(row.minor, 1),
    build: pick(row.build, 2),
    revision: Number.isNaN(revision) ? (Number.isNaN(parts[3] ?? Number.NaN) ? null : parts[3]!) : revision,
  };
}

function targetHw(arch: string | null): string {
  const a = (arch ?? '').toLowerCase();
  if (a.includes('arm')) return 'arm64';
  if (a.includes('64')) return 'x64';
  if (a.includes('32') || a === 'x86') return 'x86';
  return CPE_ANY;
}

function windowsCpes(row: OsVersionRow): string[] {
  const { major, minor, build, revision } = numbers(row);
  const server = /server/i.test(row.name ?? '');
  const hw = { targetHw: targetHw(row.arch) };
  const buildVersion = revision === null ? CPE_ANY : `${major}.${minor}.${build}.${revision}`;
  // Service packs raise the build: Vista/2008 6000 → 6001 (SP1) → 6002 (SP2, 6003 since 2019); 7 7600 → 7601.
  const servicePack = (sp1: number, sp2?: number): string => {
    if (Number.isNaN(build)) return CPE_ANY;
    if (sp2 !== undefined && build >= sp2) return 'sp2';
    return build >= sp1 ? 'sp1' : CPE_NA;
  };
  if (server) {
    if (major === 6 && minor === 0)
      return [cpe('microsoft', 'windows_server_2008', CPE_NA, { update: servicePack(6001, 6002), ...hw })];
    if (major === 6 && minor === 1)
      return [cpe('microsoft', 'windows_server_2008', 'r2', { update: servicePack(7601), ...hw })];
    if (major === 6 && minor === 2) return [cpe('microsoft', 'windows_server_2012', buildVersion, hw)];
    if (major === 6 && minor === 3) return [cpe('microsoft', 'windows_server_2012', 'r2', hw)];
    if (major !== 10) return [];
    const product = WINDOWS_SERVER_10[build];
    const release = WINDOWS_SERVER_2016_RELEASES[build];
    return [
      ...(product ? [cpe('microsoft', product, buildVersion, hw)] : []),
      ...(release ? [cpe('microsoft', 'windows_server_2016', release, hw)] : []),
    ];
  }
  if (major === 5 && minor === 1) return [cpe('microsoft', 'windows_xp', CPE_NA, hw)];
  if (major === 6 && minor === 0)
    return [cpe('microsoft', 'windows_vista', CPE_NA, { update: servicePack(6001, 6002), ...hw })];
  if (major === 6 && minor === 1)
    return [cpe('microsoft', 'windows_7', CPE_NA, { update: servicePack(7601), ...hw })];
  if (major === 6 && minor === 2) return [cpe('microsoft', 'windows_8', CPE_NA, hw)];
  if (major === 6 && minor === 3) return [cpe('microsoft', 'windows_8.1', CPE_NA, hw)];
  if (major !== 10) return [];
  const win11 = WINDOWS_11[build];
  if (win11) return [cpe('microsoft', `windows_11_${win11}`, buildVersion, hw)];
  const win10 = WINDOWS_10[build];
  if (!win10) return [];
  const cpes = [cpe('microsoft', `windows_10_${win10}`, buildVersion, hw)];
  if (build <= LAST_LEGACY_WINDOWS_10)
    cpes.push(cpe('microsoft', 'windows_10', build === 10240 ? CPE_NA : win10, hw));
  return cpes;
}

function linuxCpes(row: OsVersionRow): string[] {
  const { major, minor } = numbers(row);
  if (Number.isNaN(major)) return [];
  const platform = (row.platform ?? '').toLowerCase();
  switch (platform) {
    case 'ubuntu': {
      if (Number.isNaN(minor)) return [];
      const lts = /\bLTS\b/.test(row.version ?? '') || /\bLTS\b/.test(row.name ?? '');
      const version = `${major}.${String(minor).padStart(2, '0')}`;
      return [cpe('canonical', 'ubuntu_linux', version, lts ? { swEdition: 'lts' } : {})];
    }
    case 'debian':
      return [cpe('debian', 'debian_linux', `${major}.0`)];
    case 'rhel': {
      const cpes = [cpe('redhat', 'enterprise_linux', `${major}.0`)];
      const edition = /Red Hat Enterprise Linux (Server|Workstation|Desktop)\b/i.exec(row.name ?? '');
      if (edition) cpes.push(cpe('redhat', `enterprise_linux_${edition[1]!.toLowerCase()}`, `${major}.0`));
      return cpes;
    }
    case 'fedora':
      return [cpe('fedoraproject', 'fedora', String(major))];
    case 'rocky':
      return [cpe('resf', 'rocky_linux', `${major}.0`)];
    case 'opensuse-leap':
      return Number.isNaN(minor) ? [] : [cpe('opensuse', 'leap', `${major}.${minor}`)];
    default:
      return [];
  }
}

/** NVD-spelt CPE names for the operating system of an `os_version` row; empty when there is no reliable one. */
export function operatingSystemCpes(row: OsVersionRow): string[] {
  const windows = (row.platform ?? '').toLowerCase() === 'windows' || /\bwindows\b/i.test(row.name ?? '');
  return windows ? windowsCpes(row) : linuxCpes(row);
}
