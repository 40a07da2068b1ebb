/**
 * Network appliances: internet-edge firewalls and VPN gateways (FortiOS, PAN-OS, Cisco ASA, Sophos,
 * Ivanti/Pulse Connect Secure, Citrix NetScaler ADC and Gateway, F5 BIG-IP), switches, wireless
 * controllers and small-office routers. Edge devices sit in the DMZ and face the internet.
 */
import { type AppSpec, app, fixed, group, pair } from '../app.model.js';
import type { ClinicalCriticality } from '../asset.js';
import type { DeviceModel } from '../device-model.js';
import { cpeProduct } from '../product.model.js';
import { OPENSSH, OPENSSL } from './library.catalog.js';

const CRITICALITY: readonly (readonly [ClinicalCriticality, number])[] = [
  ['low', 3],
  ['high', 2],
];

const FORTIOS = cpeProduct({
  part: 'o',
  vendor: 'fortinet',
  product: 'fortios',
  versions: [
    '5.6.{3..14}',
    '6.0.{0..18}',
    '6.2.{0..16}',
    '6.4.{0..15}',
    '7.0.{0..15}',
    '7.2.{0..9}',
    '7.4.{0..4}',
  ],
});
const PAN_OS = cpeProduct({
  part: 'o',
  vendor: 'paloaltonetworks',
  product: 'pan-os',
  versions: ['9.1.{0..17}', '10.1.{0..12}', '10.2.{0..9}|{-,h1,h3}', '11.1.{0..2}|{-,h1,h3}'],
  display: (v, u) => (u && u !== '-' ? `${v}-${u}` : v),
});
const ASA = cpeProduct({
  part: 'o',
  vendor: 'cisco',
  product: 'adaptive_security_appliance_software',
  versions: ['9.{8..20}.{1..4}'],
});
const SFOS = cpeProduct({
  part: 'o',
  vendor: 'sophos',
  product: 'sfos',
  versions: ['18.{0,5}.{0..5}', '19.{0,5}.{0..4}', '20.0.{0..2}'],
});
const CONNECT_SECURE = cpeProduct({
  part: 'a',
  vendor: 'ivanti',
  product: 'connect_secure',
  versions: ['8.2|r{1..12}.0', '8.3|r{1..7}', '9.0|r{1..6}', '9.1|r{1..18}', '22.{1..7}|r{1,2}'],
  display: (v, u) => (u ? `${v}${u.toUpperCase()}` : v),
});
const IOS_XE = cpeProduct({
  part: 'o',
  vendor: 'cisco',
  product: 'ios_xe',
  versions: ['16.{3..12}.{1..9}', '17.{3..12}.{1..5}'],
});
const IOS = cpeProduct({
  part: 'o',
  vendor: 'cisco',
  product: 'ios',
  versions: ['15.2(4)e{8..10}', '15.2(7)e{0..10}'],
});
const ARUBAOS = cpeProduct({
  part: 'o',
  vendor: 'arubanetworks',
  product: 'arubaos',
  versions: ['8.{6..12}.0.{0..10}'],
});

const BIG_IP_VERSIONS = ['13.1.{0..5}', '14.1.{0..5}', '15.1.{0..10}', '16.1.{0..5}', '17.1.{0..2}'];
const BIG_IP_LTM = cpeProduct({
  part: 'a',
  vendor: 'f5',
  product: 'big-ip_local_traffic_manager',
  versions: BIG_IP_VERSIONS,
});
const BIG_IP_APM = cpeProduct({
  part: 'a',
  vendor: 'f5',
  product: 'big-ip_access_policy_manager',
  versions: BIG_IP_VERSIONS,
});

/** NetScaler builds (`13.1-49.15`); the firmware CPE carries the release (`13.1`). */
const NETSCALER_BUILDS = [
  '10.5-{70..72}.{12..18..3}',
  '11.1-{63..65}.{12..23..5}',
  '12.0-{62,63}.{10..21..5}',
  '12.1-{55..65}.{13..300..40}',
  '13.0-{79..92}.{14..19}',
  '13.1-{37..55}.{15..50..7}',
  '14.1-{4..29}.{41..63..11}',
];
const NETSCALER_ADC = cpeProduct({
  part: 'a',
  vendor: 'citrix',
  product: 'netscaler_application_delivery_controller',
  versions: NETSCALER_BUILDS,
});
const NETSCALER_GATEWAY = cpeProduct({
  part: 'a',
  vendor: 'citrix',
  product: 'netscaler_gateway',
  versions: NETSCALER_BUILDS,
});
const ADC_FIRMWARE = cpeProduct({
  part: 'o',
  vendor: 'citrix',
  product: 'application_delivery_controller_firmware',
  versions: ['10.5', '11.1', '12.0', '12.1', '13.0', '13.1', '14.1'],
});
const ADC_HARDWARE = cpeProduct({
  part: 'h',
  vendor: 'citrix',
  product: 'application_delivery_controller',
  versions: ['-'],
});

const netscaler: AppSpec = {
  id: 'netscaler',
  pick(rng, lag) {
    const index = NETSCALER_ADC.indexForLag(lag, rng);
    const release = (NETSCALER_ADC.versions[index] as string).split('-')[0] as string;
    return [
      { product: ADC_FIRMWARE, index: ADC_FIRMWARE.versions.indexOf(release) },
      { product: NETSCALER_ADC, index },
      { product: NETSCALER_GATEWAY, index },
      { product: ADC_HARDWARE, index: 0 },
    ];
  },
};

const DRAYTEK_FIRMWARE = cpeProduct({
  part: 'o',
  vendor: 'draytek',
  product: 'vigor2860_firmware',
  versions: ['3.8.{9..12}', '3.9.{0..9}', '4.{0..3}.{0..2}'],
});
const DRAYTEK_HARDWARE = cpeProduct({ part: 'h', vendor: 'draytek', product: 'vigor2860', versions: ['-'] });

function model(
  manufacturer: string,
  name: string,
  role: string,
  software: AppSpec,
  osName: (v: string) => string,
  edge: boolean,
): DeviceModel {
  return {
    manufacturer,
    model: name,
    assetType: 'network',
    role,
    software,
    osName,
    zone: edge ? 'dmz' : 'corporate',
    internetFacing: edge,
    criticality: CRITICALITY,
  };
}

/** Internet-edge firewalls (one of them per organisation). */
export const FIREWALLS: readonly DeviceModel[] = [
  model('Fortinet', 'FortiGate 100F', 'firewall', app(FORTIOS), (v) => `FortiOS ${v}`, true),
  model('Fortinet', 'FortiGate 600E', 'firewall', app(FORTIOS), (v) => `FortiOS ${v}`, true),
  model('Palo Alto Networks', 'PA-3220', 'firewall', app(PAN_OS), (v) => `PAN-OS ${v}`, true),
  model('Cisco', 'ASA 5516-X', 'firewall', app(ASA, [OPENSSL]), (v) => `Cisco ASA ${v}`, true),
  model('Sophos', 'XGS 2100', 'firewall', app(SFOS), (v) => `Sophos Firewall OS ${v}`, true),
];

/** Remote-access gateways and application delivery controllers. */
export const REMOTE_ACCESS: readonly DeviceModel[] = [
  model(
    'Ivanti',
    'Pulse Secure PSA5000',
    'vpn',
    app(CONNECT_SECURE, [OPENSSL]),
    (v) => `Pulse Connect Secure ${v}`,
    true,
  ),
  model('Citrix', 'NetScaler MPX 8900', 'adc', netscaler, (v) => `NetScaler ${v}`, true),
  model('Citrix', 'NetScaler VPX', 'adc', netscaler, (v) => `NetScaler ${v}`, true),
  model('F5', 'BIG-IP i4800', 'adc', pair(BIG_IP_LTM, [BIG_IP_APM]), (v) => `BIG-IP ${v}`, true),
  model('Fortinet', 'FortiGate 200F', 'vpn', app(FORTIOS), (v) => `FortiOS ${v}`, true),
];

/** Access and core switches and wireless controllers. */
export const SWITCHING: readonly DeviceModel[] = [
  model('Cisco', 'Catalyst 9300-48P', 'switch', app(IOS_XE, [OPENSSH]), (v) => `Cisco IOS XE ${v}`, false),
  model('Cisco', 'Catalyst 2960-X', 'switch', app(IOS, [OPENSSH]), (v) => `Cisco IOS ${v}`, false),
  model('Aruba', 'Aruba 7210 Mobility Controller', 'wifi', app(ARUBAOS), (v) => `ArubaOS ${v}`, false),
  model('Aruba', 'AP-515', 'wifi', app(ARUBAOS), (v) => `ArubaOS ${v}`, false),
];

/** Small-site routers and firewalls (GP practices, pharmacies, care homes). */
export const SMALL_SITE_NETWORK: readonly DeviceModel[] = [
  model(
    'DrayTek',
    'Vigor2860',
    'router',
    group('draytek', [app(DRAYTEK_FIRMWARE, [OPENSSL]), fixed(DRAYTEK_HARDWARE, '-')]),
    (v) => `DrayOS ${v}`,
    true,
  ),
  model('Cisco', 'ISR 1111-8P', 'router', app(IOS_XE), (v) => `Cisco IOS XE ${v}`, false),
  model('Fortinet', 'FortiGate 40F', 'firewall', app(FORTIOS), (v) => `FortiOS ${v}`, true),
];
