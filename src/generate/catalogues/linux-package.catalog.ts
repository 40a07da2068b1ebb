/**
 * The packages of a Linux server's base system, by distribution release, at the upstream versions
 * the release ships (Ubuntu 20.04 has OpenSSL 1.1.1f and OpenSSH 8.2p1). Inventories by CPE
 * report upstream versions; distribution back-ports are invisible to them, which is why CPE matching
 * on Linux over-reports — realistic, and worth knowing when reading the demo's exposure figures.
 */
import type { Sourced } from '../app.model.js';
import { cpeProduct, type Product } from '../product.model.js';

export type LinuxRelease = 'rhel7' | 'rhel8' | 'rhel9' | 'ubuntu1804' | 'ubuntu2004' | 'ubuntu2204';
const RELEASES: readonly LinuxRelease[] = [
  'rhel7',
  'rhel8',
  'rhel9',
  'ubuntu1804',
  'ubuntu2004',
  'ubuntu2204',
];

/** vendor:product, then the version each release ships, in RELEASES order. */
const BASE = `
openssl:openssl        1.0.2k   1.1.1k   3.0.7    1.1.1    1.1.1f   3.0.2
openbsd:openssh        7.4|p1   8.0|p1   8.7|p1   7.6|p1   8.2|p1   8.9|p1
gnu:bash               4.2.46   4.4.20   5.1.8    4.4.18   5.0      5.1
gnu:glibc              2.17     2.28     2.34     2.27     2.31     2.35
sudo_project:sudo      1.8.23   1.8.29   1.9.5|p2 1.8.21|p2 1.8.31  1.9.9
linux:linux_kernel     3.10.0   4.18.0   5.14.0   4.15.0   5.4.0    5.15.0
systemd_project:systemd 219     239      252      237      245      249
haxx:curl              7.29.0   7.61.1   7.76.1   7.58.0   7.68.0   7.81.0
xmlsoft:libxml2        2.9.1    2.9.7    2.9.13   2.9.4    2.9.10   2.9.13
zlib:zlib              1.2.7    1.2.11   1.2.11   1.2.11   1.2.11   1.2.11
sqlite:sqlite          3.7.17   3.26.0   3.34.1   3.22.0   3.31.1   3.37.2
python:python          2.7.5    3.6.8    3.9.18   3.6.9    3.8.10   3.10.12
perl:perl              5.16.3   5.26.3   5.32.1   5.26.1   5.30.0   5.34.0
git-scm:git            1.8.3.1  2.39.3   2.39.3   2.17.1   2.25.1   2.34.1
polkit_project:polkit  0.112    0.115    0.117    0.105    0.105    0.105
tukaani:xz             5.2.2    5.2.4    5.2.5    5.2.2    5.2.4    5.2.5
gnu:tar                1.26     1.30     1.34     1.29     1.30     1.34
samba:rsync            3.1.2    3.1.3    3.2.3    3.1.2    3.1.3    3.2.7
ntp:ntp                4.2.6|p5 4.2.8|p15 4.2.8|p15 4.2.8|p10 4.2.8|p12 4.2.8|p15
gnupg:gnupg            2.0.22   2.2.20   2.3.3    2.2.4    2.2.19   2.2.27
vim:vim                7.4.629  8.0.1763 8.2.2637 8.0.1453 8.1.2269 8.2.3995
gnu:wget               1.14     1.19.5   1.21.1   1.19.4   1.20.3   1.21.2
libexpat_project:libexpat 2.1.0 2.2.5    2.4.9    2.2.5    2.2.9    2.4.7
cyrus:cyrus-sasl       2.1.26   2.1.27   2.1.27   2.1.27   2.1.27   2.1.27
openldap:openldap      2.4.44   2.4.46   2.6.2    2.4.45   2.4.49   2.5.11
`;

interface BasePackage {
  product: Product;
  index: Record<LinuxRelease, number>;
}

const PACKAGES: readonly BasePackage[] = BASE.trim()
  .split('\n')
  .map((line) => {
    const [key = '', ...tokens] = line.trim().split(/\s+/);
    const [vendor = '', name = ''] = key.split(':');
    const ordered = [...new Set(tokens)].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
    const product = cpeProduct({
      part: 'a',
      vendor,
      product: name,
      versions: ordered,
      display: (v, u) => (u ? `${v}${u}` : v),
    });
    const index = Object.fromEntries(
      RELEASES.map((r, i) => [r, product.versions.indexOf(tokens[i]!)]),
    ) as Record<LinuxRelease, number>;
    return { product, index };
  });

/** The base-system components of a release. */
export function linuxBase(release: LinuxRelease): Sourced[] {
  return PACKAGES.map((p) => ({ product: p.product, index: p.index[release] }));
}
