/**
 * Managed phones, tablets and ward handhelds with their operating system (CPE, as NVD names
 * iOS, iPadOS and Android) and the apps an MDM reports (by vendor/product/version).
 */
import { type AppSpec, app, group, someOf } from '../app.model.js';
import type { DeviceModel } from '../device-model.js';
import { plainProduct } from '../product.model.js';
import { CHROME } from './browser.catalog.js';
import { MOBILE_OS, type OperatingSystem } from './operating-system.catalog.js';

const MOBILE_APPS: readonly (readonly [AppSpec, number])[] = [
  [app(plainProduct('microsoft', 'authenticator', ['6.{7,8}.{0..20..2}'])), 0.9],
  [app(plainProduct('microsoft', 'outlook_mobile', ['4.{2300..2450..10}.0'])), 0.8],
  [app(plainProduct('microsoft', 'teams_mobile', ['5.{0..24}.0'])), 0.8],
  [app(plainProduct('microsoft', 'intune_company_portal', ['5.{0..9}.{0..5}'])), 0.9],
  [app(plainProduct('microsoft', 'edge_mobile', ['1{18..31}.0.{1000..3000..400}.{0..99..33}'])), 0.4],
  [app(plainProduct('nhs_england', 'nhs_app', ['2.{0..9}.{0..3}'])), 0.3],
  [app(plainProduct('accurx', 'accurx_mobile', ['1.{10..60..5}.0'])), 0.2],
  [app(plainProduct('whatsapp', 'whatsapp_messenger', ['2.2{3..4}.{1..25}.{10..80..14}'])), 0.3],
  [app(plainProduct('zoom', 'zoom_mobile', ['5.{13..17}.{0..5}'])), 0.2],
  [app(plainProduct('cisco', 'jabber_mobile', ['14.{0..3}.{0..3}'])), 0.1],
  [app(plainProduct('imprivata', 'mobile_access', ['7.{0..5}.{0..3}'])), 0.15],
  [app(plainProduct('nervecentre', 'nervecentre_mobile', ['7.{0..3}.{0..9}'])), 0.25],
  [app(plainProduct('vocera', 'vocera_collaboration_suite', ['6.{0..6}.{0..2}'])), 0.15],
  [app(plainProduct('citrix', 'workspace_mobile', ['{22..24}.{1..12}.0'])), 0.3],
];

function mobile(manufacturer: string, name: string, os: OperatingSystem, extra: AppSpec[] = []): DeviceModel {
  return {
    manufacturer,
    model: name,
    assetType: 'mobile',
    role: 'mobile',
    software: group(name, [app(os.product), ...extra, someOf('apps', MOBILE_APPS)]),
    osName: (v) => `${os.name} ${v}`,
    zone: 'corporate',
    internetFacing: false,
    criticality: [
      ['none', 3],
      ['low', 2],
    ],
  };
}

/** Mobile models with their share of an estate's mobile devices. */
export const MOBILE_MODELS: readonly (readonly [DeviceModel, number])[] = [
  [mobile('Apple', 'iPhone 13', MOBILE_OS.ios), 4],
  [mobile('Apple', 'iPhone SE (3rd generation)', MOBILE_OS.ios), 3],
  [mobile('Apple', 'iPad (9th generation)', MOBILE_OS.ipados), 3],
  [mobile('Samsung', 'Galaxy A53 5G', MOBILE_OS.android, [app(CHROME)]), 2],
  [mobile('Samsung', 'Galaxy XCover6 Pro', MOBILE_OS.android, [app(CHROME)]), 2],
  [mobile('Zebra', 'TC52', MOBILE_OS.android), 2],
];
