import { describe, expect, it } from 'vitest';
import { normaliseComponent } from '../inventory/normalise-component.js';
import { BannerProductTable, bannerComponent, bannerRule } from './banner-products.js';
import data from './banner-products.json' with { type: 'json' };

/** The component matching sees for a banner: key, version and update. */
function matched(
  vendor: string | null,
  product: string | null,
  version: string | null,
  cpe: string | null = null,
) {
  const banner = bannerComponent({ vendor, product, version, cpe });
  if (!banner) return null;
  const c = normaliseComponent(banner.component);
  return { key: c.key, version: c.version, update: c.update, assetType: banner.assetType };
}

describe('banner products', () => {
  it('maps the remote-access gateways banners name in their own words to NVD products', () => {
    expect(matched('Fortinet', 'FortiGate', 'v6.0.4 build0231')).toEqual({
      key: 'o:fortinet:fortios',
      version: '6.0.4',
      update: '',
      assetType: 'network',
    });
    expect(matched('Pulse Secure', 'Pulse Connect Secure', '9.1R11.4')).toMatchObject({
      key: 'a:ivanti:connect_secure',
      version: '9.1',
      update: 'r11.4',
    });
    expect(matched('Palo Alto Networks', 'PAN-OS', '10.2.0-h3')).toMatchObject({
      key: 'o:paloaltonetworks:pan-os',
      version: '10.2.0',
      update: 'h3',
    });
    expect(matched('Cisco', 'ASA', '9.8.4')?.key).toBe('o:cisco:adaptive_security_appliance_software');
    expect(matched('Citrix', 'NetScaler Gateway', '13.0')?.key).toBe('o:citrix:netscaler_gateway_firmware');
    expect(matched('SonicWall', 'SonicOS', '7.0.1')?.key).toBe('o:sonicwall:sonicos');
    expect(matched('Microsoft', 'Exchange Server', '15.1')?.key).toBe('a:microsoft:exchange_server');
    expect(matched('Microsoft', 'Microsoft-IIS', '10.0')).toMatchObject({
      key: 'a:microsoft:internet_information_services',
      assetType: 'server',
    });
    expect(matched(null, 'OpenSSH', '8.2p1')).toMatchObject({
      key: 'a:openbsd:openssh',
      version: '8.2',
      update: 'p1',
    });
    expect(matched(null, 'Apache', '2.4.49')?.key).toBe('a:apache:http_server');
    expect(matched(null, 'nginx', '1.20.0')?.key).toBe('a:f5:nginx');
  });

  it("uses the banner's own CPE when it has one, and keeps unknown products as the inventory would", () => {
    expect(
      matched('Fortinet', 'FortiGate', '7.0.1', 'cpe:2.3:o:fortinet:fortios:7.0.1:*:*:*:*:*:*:*'),
    ).toMatchObject({
      key: 'o:fortinet:fortios',
      version: '7.0.1',
      assetType: null,
    });
    expect(matched('Acme Corp', 'Widget Gateway', '1.2')).toMatchObject({
      key: 'a:acme_corp:widget_gateway',
      version: '1.2',
      assetType: null,
    });
    expect(matched('Fortinet', 'FortiGate', null)).toMatchObject({ key: 'o:fortinet:fortios', version: '' });
    expect(bannerComponent({ vendor: 'Fortinet', product: null, version: '7.0', cpe: null })).toBeNull();
  });

  it('needs the vendor to agree when the banner gives one', () => {
    expect(bannerRule({ vendor: 'Juniper', product: 'FortiGate' })).toBeNull();
    expect(bannerRule({ vendor: 'Fortinet', product: 'FortiGate' })?.cpe).toBe('o:fortinet:fortios');
  });

  it('refuses a table with a bad key, an unnormalised name or a pattern without a version group', () => {
    const rule = data.products[0] as Record<string, unknown>;
    const bad = (change: Record<string, unknown>) =>
      BannerProductTable.safeParse({ ...data, products: [{ ...rule, ...change }] }).success;
    expect(bad({})).toBe(true);
    expect(bad({ cpe: 'fortinet fortios' })).toBe(false);
    expect(bad({ products: ['FortiGate'] })).toBe(false);
    expect(bad({ versionPattern: '^(\\d+)' })).toBe(false);
    expect(bad({ versionPattern: '(' })).toBe(false);
  });
});
