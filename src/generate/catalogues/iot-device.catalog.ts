/**
 * Connected building and office devices: printers, CCTV cameras, building-management and door
 * controllers, UPS cards, blood and vaccine fridge monitors and nurse-call systems. Where NVD has
 * no CPE for a product family the firmware is carried by vendor/product/version.
 */
import { app, fixed, group } from '../app.model.js';
import type { ClinicalCriticality, NetworkZone } from '../asset.js';
import type { DeviceModel } from '../device-model.js';
import { cpeProduct, type Product, plainProduct } from '../product.model.js';
import { BUSYBOX, OPENSSL } from './library.catalog.js';

function device(
  manufacturer: string,
  model: string,
  role: string,
  firmware: Product,
  hardware: Product | null,
  libs: Product[],
  zone: NetworkZone,
  criticality: readonly (readonly [ClinicalCriticality, number])[],
): DeviceModel {
  const parts = [app(firmware, libs)];
  if (hardware) parts.push(fixed(hardware, '-'));
  return {
    manufacturer,
    model,
    assetType: 'iot',
    role,
    software: group(model, parts),
    osName: (v) => `${manufacturer} firmware ${v}`,
    zone,
    internetFacing: false,
    criticality,
  };
}

const NONE = [['none', 1]] as const;
const LOW = [['low', 1]] as const;
const HIGH = [
  ['high', 4],
  ['low', 1],
] as const;

const hw = (vendor: string, product: string) => cpeProduct({ part: 'h', vendor, product, versions: ['-'] });
const fw = (vendor: string, product: string, versions: string[]) =>
  cpeProduct({ part: 'o', vendor, product, versions });

/** IoT models, each with its share of an estate's IoT devices. */
export const IOT_MODELS: readonly (readonly [DeviceModel, number])[] = [
  [
    device(
      'HP',
      'LaserJet Pro M404dn',
      'printer',
      fw('hp', 'laserjet_pro_m404-m405_firmware', ['002_{2013..2422..31}']),
      hw('hp', 'laserjet_pro_m404-m405'),
      [],
      'corporate',
      LOW,
    ),
    8,
  ],
  [
    device(
      'Xerox',
      'VersaLink C405',
      'printer',
      fw('xerox', 'versalink_c405_firmware', ['57.{69..80}.{21..91..10}']),
      hw('xerox', 'versalink_c405'),
      [OPENSSL],
      'clinical',
      LOW,
    ),
    5,
  ],
  [
    device(
      'Axis',
      'P3245-LVE',
      'camera',
      fw('axis', 'axis_os', ['9.80.{1..3}', '10.{0..12}.{0..3}', '11.{0..11}.{0..3}']),
      hw('axis', 'p3245-lve'),
      [BUSYBOX, OPENSSL],
      'corporate',
      NONE,
    ),
    3,
  ],
  [
    device(
      'Hikvision',
      'DS-2CD2143G0-I',
      'camera',
      fw('hikvision', 'ds-2cd2143g0-i_firmware', ['5.5.{0..90..15}', '5.7.{0..10..2}']),
      hw('hikvision', 'ds-2cd2143g0-i'),
      [BUSYBOX],
      'corporate',
      NONE,
    ),
    2,
  ],
  [
    device(
      'Trend Control Systems',
      'IQ4E',
      'building_management',
      plainProduct('trend_control_systems', 'iq4e_firmware', ['4.{30..40}']),
      null,
      [],
      'corporate',
      LOW,
    ),
    2,
  ],
  [
    device(
      'Paxton',
      'Net2 Plus',
      'door_access',
      plainProduct('paxton', 'net2_plus_firmware', ['6.{0..7}.{0..3}']),
      null,
      [],
      'corporate',
      NONE,
    ),
    2,
  ],
  [
    device(
      'APC',
      'Smart-UPS SRT 5000 (NMC2)',
      'ups',
      plainProduct('schneider_electric', 'network_management_card_2_firmware', ['6.{8,9}.{0..8}']),
      null,
      [OPENSSL],
      'server',
      LOW,
    ),
    1,
  ],
  [
    device(
      'Hanwell',
      'RadioLog transmitter',
      'fridge_monitor',
      plainProduct('hanwell', 'radiolog_transmitter_firmware', ['2.{1..9}']),
      null,
      [],
      'clinical',
      HIGH,
    ),
    2,
  ],
  [
    device(
      'Ascom',
      'Telligence nurse call',
      'nurse_call',
      plainProduct('ascom', 'telligence_firmware', ['6.{0..9}.{0..4}']),
      null,
      [],
      'clinical',
      HIGH,
    ),
    1,
  ],
];
