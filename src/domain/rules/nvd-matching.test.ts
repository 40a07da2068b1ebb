/**
 * Matching against REAL NVD records (the intel snapshot, data/intel/nvd): positive and negative cases for each kind
 * of rule, with the versions NVD itself names as bounds.
 */

import { describe, expect, it } from 'vitest';
import { componentFromCpe, componentFromTriple } from '../cpe/cpe-key.js';
import { flattenNvdConfigurations } from './flatten-nvd.js';
import type { InstalledComponent } from './installed-component.js';
import { matchAsset, matchedCves } from './match.js';
import { configurationsOf, NVD_DATA_AVAILABLE, nvdSuite } from './nvd-fixture.test-helper.js';

/** The certainty with which `cve` applies to an asset with these components, or `none`. */
function exposure(cve: string, components: InstalledComponent[]): 'definite' | 'assumed' | 'none' {
  const { rules } = flattenNvdConfigurations(cve, configurationsOf(cve));
  return matchedCves(matchAsset(components, rules)).get(cve) ?? 'none';
}

const cpe = componentFromCpe;
const app = (vendor: string, product: string, version: string | null, update: string | null = null) =>
  componentFromTriple({ vendor, product, version, update });

describe.skipIf(!NVD_DATA_AVAILABLE)(
  nvdSuite('CVE-2017-0144 (EternalBlue / WannaCry): SMBv1 running on Windows'),
  () => {
    const smb1 = cpe('cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*');
    const win7 = (update: string | null) => ({
      ...cpe('cpe:2.3:o:microsoft:windows_7:-:*:*:*:*:*:*:*'),
      update,
    });

    it('matches Windows 7 SP1 with SMB 1.0', () => {
      expect(exposure('CVE-2017-0144', [win7('sp1'), smb1])).toBe('definite');
    });

    it('does not match Windows 7 without SP1, nor Windows 10 1709', () => {
      expect(exposure('CVE-2017-0144', [win7('-'), smb1])).toBe('none');
      expect(
        exposure('CVE-2017-0144', [cpe('cpe:2.3:o:microsoft:windows_10_1709:-:*:*:*:*:*:*:*'), smb1]),
      ).toBe('none');
    });

    it('assumes a match for Windows 7 whose service pack is unknown', () => {
      expect(exposure('CVE-2017-0144', [win7(null), smb1])).toBe('assumed');
    });

    it('needs SMB 1.0 itself: the platform alone, or SMB 2.0, is not exposed', () => {
      expect(exposure('CVE-2017-0144', [win7('sp1')])).toBe('none');
      expect(exposure('CVE-2017-0144', [win7('sp1'), app('microsoft', 'server message block', '2.0')])).toBe(
        'none',
      );
    });

    it('tells Windows Server 2008 R2 SP1 and 2008 SP2 (listed) from 2008 SP1 (not listed)', () => {
      const server2008 = (version: string, update: string) =>
        cpe(`cpe:2.3:o:microsoft:windows_server_2008:${version}:${update}:*:*:*:*:*:*`);
      expect(exposure('CVE-2017-0144', [server2008('r2', 'sp1'), smb1])).toBe('definite');
      expect(exposure('CVE-2017-0144', [server2008('-', 'sp2'), smb1])).toBe('definite');
      expect(exposure('CVE-2017-0144', [server2008('-', 'sp1'), smb1])).toBe('none');
    });

    it('ignores the target_hw attribute: windows_10_1607 x64 is listed, an x86 inventory entry still matches', () => {
      expect(
        exposure('CVE-2017-0144', [cpe('cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:x86:*'), smb1]),
      ).toBe('definite');
    });

    it('matches the Siemens ACUSON P300 firmware only on its hardware', () => {
      const firmware = (v: string) => cpe(`cpe:2.3:o:siemens:acuson_p300_firmware:${v}:*:*:*:*:*:*:*`);
      const device = cpe('cpe:2.3:h:siemens:acuson_p300:-:*:*:*:*:*:*:*');
      expect(exposure('CVE-2017-0144', [firmware('13.02'), device])).toBe('definite');
      expect(exposure('CVE-2017-0144', [firmware('13.02')])).toBe('none');
      expect(exposure('CVE-2017-0144', [firmware('13.04'), device])).toBe('none');
    });

    it('orders Siemens letter releases in [4.0, 4.0e) and matches the listed 5.0a exactly (ACUSON SC2000)', () => {
      const device = cpe('cpe:2.3:h:siemens:acuson_sc2000:-:*:*:*:*:*:*:*');
      const on = (v: string) =>
        exposure('CVE-2017-0144', [
          componentFromTriple({
            vendor: 'Siemens',
            product: 'ACUSON SC2000 firmware',
            version: v,
            part: 'o',
          }),
          device,
        ]);
      expect(['3.9', '4.0', '4.0a', '4.0d', '4.0e', '4.1', '5.0', '5.0a', '5.0b'].map(on)).toEqual([
        'none',
        'definite',
        'definite',
        'definite',
        'none',
        'none',
        'none',
        'definite',
        'none',
      ]);
    });
  },
);

describe.skipIf(!NVD_DATA_AVAILABLE)(nvdSuite('CVE-2014-0160 (Heartbleed): OpenSSL [1.0.1, 1.0.1g)'), () => {
  const openssl = (v: string) => app('OpenSSL', 'OpenSSL', v);

  it('matches from the inclusive start through the letter releases, not the fixed 1.0.1g', () => {
    expect(
      ['1.0.0', '1.0.0s', '1.0.1-beta1', '1.0.1', '1.0.1a', '1.0.1f', '1.0.1g', '1.0.1h', '1.0.2'].map((v) =>
        exposure('CVE-2014-0160', [openssl(v)]),
      ),
    ).toEqual(['none', 'none', 'none', 'definite', 'definite', 'definite', 'none', 'none', 'none']);
  });

  it('assumes a match for OpenSSL of unknown version', () => {
    expect(exposure('CVE-2014-0160', [openssl('')])).toBe('assumed');
  });

  it('reads an end-excluding bound alone (FileZilla Server < 0.9.44) and parenthesised exact versions (Ricon)', () => {
    expect(exposure('CVE-2014-0160', [app('filezilla-project', 'filezilla_server', '0.9.43')])).toBe(
      'definite',
    );
    expect(exposure('CVE-2014-0160', [app('filezilla-project', 'filezilla_server', '0.9.44')])).toBe('none');
    const ricon = [
      cpe('cpe:2.3:o:ricon:s9922l_firmware:16.10.3\\(3794\\):*:*:*:*:*:*:*'),
      cpe('cpe:2.3:h:ricon:s9922l:1.0:*:*:*:*:*:*:*'),
    ];
    expect(exposure('CVE-2014-0160', ricon)).toBe('definite');
    expect(exposure('CVE-2014-0160', [app('ricon', 's9922l firmware', '16.10.3(3795)'), ricon[1]!])).toBe(
      'none',
    );
  });

  it('matches exact distribution releases only (Debian 7.0 yes, 9.0 no)', () => {
    const debian = (v: string) =>
      componentFromTriple({ vendor: 'debian', product: 'debian_linux', version: v, part: 'o' });
    expect(exposure('CVE-2014-0160', [debian('7.0')])).toBe('definite');
    expect(exposure('CVE-2014-0160', [debian('9.0')])).toBe('none');
  });
});

describe.skipIf(!NVD_DATA_AVAILABLE)(
  nvdSuite('CVE-2021-44228 (Log4Shell): log4j ranges and pre-releases'),
  () => {
    const log4j = (v: string | null, update: string | null = null) => app('apache', 'log4j', v, update);
    const on = (v: string | null, update: string | null = null) =>
      exposure('CVE-2021-44228', [log4j(v, update)]);

    it('matches 2.14.1 and the other versions inside the three ranges', () => {
      expect(['2.0.1', '2.3', '2.4.0', '2.12.1', '2.13.0', '2.14.1'].map((v) => on(v))).toEqual(
        Array(6).fill('definite'),
      );
    });

    it('does not match the fixed versions 2.3.1, 2.12.2, 2.15.0, later ones, or 1.x', () => {
      expect(
        ['2.3.1', '2.3.2', '2.12.2', '2.12.4', '2.15.0', '2.16.0', '2.17.1', '1.2.17'].map((v) => on(v)),
      ).toEqual(Array(8).fill('none'));
    });

    it('matches the 2.0 pre-releases NVD lists in the update field, however the inventory writes them', () => {
      expect(on('2.0-beta9')).toBe('definite');
      expect(on('2.0-rc1')).toBe('definite');
      expect(on('2.0', 'rc2')).toBe('definite');
      expect(on('2.0', '-')).toBe('definite');
      expect(on('2.0-beta8')).toBe('none');
    });

    it('assumes a match for 2.0 of unknown update and log4j of unknown version', () => {
      expect(on('2.0')).toBe('assumed');
      expect(on(null)).toBe('assumed');
    });

    it('reads Cisco parenthesised bounds: Finesse < 12.6(1), and 12.6(1) with its ES updates listed exactly', () => {
      const finesse = (v: string, update: string | null = null) =>
        exposure('CVE-2021-44228', [app('cisco', 'finesse', v, update)]);
      expect(finesse('12.5(1)')).toBe('definite');
      expect(finesse('12.5(1)su3')).toBe('definite');
      expect(finesse('12.6(1)', '-')).toBe('definite');
      expect(finesse('12.6(1)es02')).toBe('definite');
      expect(finesse('12.6(1)', 'es04')).toBe('definite'); // the criterion 12.6(1):* takes every update
      expect(finesse('12.6(2)')).toBe('none');
    });

    it('matches Siemens firmware < 2.7.0 only on its hardware', () => {
      const fw = (v: string) => cpe(`cpe:2.3:o:siemens:6bk1602-0aa12-0tp0_firmware:${v}:*:*:*:*:*:*:*`);
      const hw = cpe('cpe:2.3:h:siemens:6bk1602-0aa12-0tp0:-:*:*:*:*:*:*:*');
      expect(exposure('CVE-2021-44228', [fw('2.6.9'), hw])).toBe('definite');
      expect(exposure('CVE-2021-44228', [fw('2.7.0'), hw])).toBe('none');
      expect(exposure('CVE-2021-44228', [fw('2.6.9')])).toBe('none');
    });
  },
);

describe.skipIf(!NVD_DATA_AVAILABLE)(
  nvdSuite('CVE-2019-0708 (BlueKeep): Windows and Siemens Healthineers devices'),
  () => {
    it('matches Windows 7 SP1 directly, but not Windows 7 RTM, which NVD does not list', () => {
      expect(exposure('CVE-2019-0708', [cpe('cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*')])).toBe(
        'definite',
      );
      expect(exposure('CVE-2019-0708', [cpe('cpe:2.3:o:microsoft:windows_7:-:-:*:*:*:*:*:*')])).toBe('none');
    });

    it('matches any firmware of a listed imaging device on that device, and RAPIDPoint 500 up to 2.3.2 inclusive', () => {
      const multix = [
        cpe('cpe:2.3:o:siemens:axiom_multix_m_firmware:vb10a:*:*:*:*:*:*:*'),
        cpe('cpe:2.3:h:siemens:axiom_multix_m:-:*:*:*:*:*:*:*'),
      ];
      expect(exposure('CVE-2019-0708', multix)).toBe('definite');
      expect(exposure('CVE-2019-0708', [multix[0]!])).toBe('none');
      const rapidpoint = (v: string) =>
        exposure('CVE-2019-0708', [
          cpe(`cpe:2.3:o:siemens:rapidpoint_500_firmware:${v}:*:*:*:*:*:*:*`),
          cpe('cpe:2.3:h:siemens:rapidpoint_500:-:*:*:*:*:*:*:*'),
        ]);
      expect([rapidpoint('2.3.1'), rapidpoint('2.3.2'), rapidpoint('2.3.3'), rapidpoint('3.0')]).toEqual([
        'definite',
        'definite',
        'none',
        'none',
      ]);
    });
  },
);

describe.skipIf(!NVD_DATA_AVAILABLE)(
  nvdSuite('CVE-2018-13379 (FortiOS SSL VPN): three inclusive-exclusive ranges'),
  () => {
    const fortios = (v: string) =>
      exposure('CVE-2018-13379', [
        componentFromTriple({ vendor: 'fortinet', product: 'fortios', version: v, part: 'o' }),
      ]);

    it('matches inside each range and not at the fixed versions or between ranges', () => {
      const inside = ['5.4.6', '5.4.12', '5.6.3', '5.6.7', '6.0.0', '6.0.4'];
      const outside = ['5.4.5', '5.4.13', '5.6.2', '5.6.8', '5.8.0', '6.0.5', '6.2.0'];
      expect(inside.map(fortios)).toEqual(Array(inside.length).fill('definite'));
      expect(outside.map(fortios)).toEqual(Array(outside.length).fill('none'));
    });

    it('matches FortiProxy below 1.2.9 and exactly 2.0.0', () => {
      const proxy = (v: string) => exposure('CVE-2018-13379', [app('fortinet', 'fortiproxy', v)]);
      expect([proxy('1.2.8'), proxy('1.2.9'), proxy('2.0.0'), proxy('2.0.1')]).toEqual([
        'definite',
        'none',
        'definite',
        'none',
      ]);
    });
  },
);

describe.skipIf(!NVD_DATA_AVAILABLE)(
  nvdSuite('CVE-2023-44487 (HTTP/2 Rapid Reset): Windows 10 builds'),
  () => {
    it('orders Windows builds numerically against versionEndExcluding 10.0.19045.3570', () => {
      const win10 = (build: string) =>
        exposure('CVE-2023-44487', [
          componentFromTriple({ vendor: 'microsoft', product: 'windows_10_22h2', version: build, part: 'o' }),
        ]);
      expect(
        ['10.0.19045.2006', '10.0.19045.3569', '10.0.19045.3570', '10.0.19045.10000'].map(win10),
      ).toEqual(['definite', 'definite', 'none', 'none']);
    });
  },
);
