/**
 * Medical devices. The Siemens Healthineers products are the ones NVD lists for EternalBlue
 * (CVE-2017-0144) and BlueKeep (CVE-2019-0708): each has a `cpe:2.3:o:siemens:<device>_firmware`
 * row and a `cpe:2.3:h:siemens:<device>` hardware row, and runs an embedded Windows that is
 * inventoried too. GE, Philips, BD, Baxter and B. Braun devices follow the same firmware/hardware
 * naming pattern (their exact NVD spellings could not be checked against the local NVD sample).
 */
import { app, fixed, group } from '../app.model.js';
import type { ClinicalCriticality } from '../asset.js';
import type { DeviceModel } from '../device-model.js';
import { cpeProduct, type Product, plainProduct } from '../product.model.js';
import { JRE } from './desktop-software.catalog.js';
import { OPENSSL, VXWORKS } from './library.catalog.js';
import { type OperatingSystem, WINDOWS_DESKTOP } from './operating-system.catalog.js';

type Criticality = readonly (readonly [ClinicalCriticality, number])[];
const LIFE: Criticality = [
  ['life_critical', 8],
  ['high', 2],
];
const HIGH: Criticality = [
  ['high', 8],
  ['life_critical', 1],
  ['low', 1],
];

function device(
  manufacturer: string,
  model: string,
  role: string,
  vendor: string,
  product: string,
  versions: string[],
  opts: { windows?: OperatingSystem; libs?: Product[]; criticality: Criticality; osName?: string },
): DeviceModel {
  const firmware = cpeProduct({ part: 'o', vendor, product: `${product}_firmware`, versions });
  const hardware = cpeProduct({ part: 'h', vendor, product, versions: ['-'] });
  return {
    manufacturer,
    model,
    assetType: 'medical_device',
    role,
    software: group(model, [app(firmware, opts.libs ?? []), fixed(hardware, '-')]),
    osName: (v) =>
      opts.windows ? `${opts.windows.name} (${model} ${v})` : `${opts.osName ?? 'Firmware'} ${v}`,
    zone: 'medical',
    internetFacing: false,
    criticality: opts.criticality,
    windows: opts.windows,
  };
}

const W7 = WINDOWS_DESKTOP.w7;
const XP = WINDOWS_DESKTOP.xp;
const W10 = WINDOWS_DESKTOP.w10_1607;
const SIEMENS = 'Siemens Healthineers';

/** Medical-device models with their share of a hospital's connected medical devices. */
export const MEDICAL_MODELS: readonly (readonly [DeviceModel, number])[] = [
  // Infusion pumps: the most numerous connected devices on a ward.
  [
    device(
      'BD',
      'Alaris PC Unit 8015',
      'infusion_pump',
      'bd',
      'alaris_pc_unit_8015',
      ['9.5', '9.7', '9.12', '9.19', '9.33.1', '12.1.1', '12.1.2', '12.1.3', '12.3'],
      { criticality: LIFE, osName: 'Alaris firmware' },
    ),
    16,
  ],
  [
    device(
      'Baxter',
      'Sigma Spectrum',
      'infusion_pump',
      'baxter',
      'sigma_spectrum_infusion_system',
      ['6.05', '8.00.01', '8.01.01', '8.02.00'],
      { criticality: LIFE, osName: 'Spectrum firmware', libs: [OPENSSL] },
    ),
    10,
  ],
  [
    device(
      'B. Braun',
      'Infusomat Space',
      'infusion_pump',
      'bbraun',
      'infusomat_space',
      ['686e', '687a', '688c', '689d', '690a'],
      { criticality: LIFE, osName: 'Space firmware', libs: [OPENSSL] },
    ),
    10,
  ],
  // Patient monitors.
  [
    device(
      'Philips',
      'IntelliVue MX800',
      'patient_monitor',
      'philips',
      'intellivue_mx800',
      ['l.01.{00..09}', 'm.00.{01..03}', 'm.01.{00..02}'],
      { criticality: LIFE, osName: 'IntelliVue', libs: [VXWORKS] },
    ),
    8,
  ],
  [
    device(
      'Philips',
      'IntelliVue MX450',
      'patient_monitor',
      'philips',
      'intellivue_mx450',
      ['l.01.{00..09}', 'm.00.{01..03}', 'm.01.{00..02}'],
      { criticality: LIFE, osName: 'IntelliVue', libs: [VXWORKS] },
    ),
    8,
  ],
  [
    device('GE HealthCare', 'CARESCAPE B450', 'patient_monitor', 'ge', 'carescape_b450', ['1', '2', '2.1'], {
      criticality: LIFE,
      osName: 'CARESCAPE',
      libs: [VXWORKS],
    }),
    6,
  ],
  [
    device('GE HealthCare', 'CARESCAPE B650', 'patient_monitor', 'ge', 'carescape_b650', ['1', '2', '2.1'], {
      criticality: LIFE,
      osName: 'CARESCAPE',
      libs: [VXWORKS],
    }),
    4,
  ],
  // Ultrasound (Windows-based).
  [
    device(
      SIEMENS,
      'ACUSON P300',
      'ultrasound',
      'siemens',
      'acuson_p300',
      ['13.02', '13.03', '13.20', '13.21'],
      {
        windows: W7,
        criticality: HIGH,
      },
    ),
    2,
  ],
  [
    device(SIEMENS, 'ACUSON P500', 'ultrasound', 'siemens', 'acuson_p500', ['va10', 'vb10'], {
      windows: W7,
      criticality: HIGH,
    }),
    1,
  ],
  [
    device(
      SIEMENS,
      'ACUSON SC2000',
      'ultrasound',
      'siemens',
      'acuson_sc2000',
      ['4.0', '4.0a', '4.0c', '4.0e', '5.0a'],
      {
        windows: W7,
        criticality: HIGH,
      },
    ),
    2,
  ],
  [
    device(SIEMENS, 'ACUSON X700', 'ultrasound', 'siemens', 'acuson_x700', ['1.0', '1.1'], {
      windows: W7,
      criticality: HIGH,
    }),
    2,
  ],
  [
    device(
      SIEMENS,
      'syngo SC2000',
      'ultrasound',
      'siemens',
      'syngo_sc2000',
      ['4.0', '4.0a', '4.0e', '5.0a'],
      {
        windows: W7,
        criticality: HIGH,
      },
    ),
    1,
  ],
  // Radiography.
  [
    device(SIEMENS, 'MULTIX Pro', 'imaging', 'siemens', 'multix_pro', ['va20', 'vb10', 'vb20'], {
      windows: XP,
      criticality: HIGH,
    }),
    1,
  ],
  [
    device(SIEMENS, 'MULTIX Swing', 'imaging', 'siemens', 'multix_swing', ['vb10', 'vb20'], {
      windows: W7,
      criticality: HIGH,
    }),
    1,
  ],
  [
    device(SIEMENS, 'MULTIX Top', 'imaging', 'siemens', 'multix_top', ['va20', 'vb10'], {
      windows: XP,
      criticality: HIGH,
    }),
    1,
  ],
  [
    device(SIEMENS, 'Mobilett XP Digital', 'imaging', 'siemens', 'mobilett_xp_digital', ['va20', 'vb10'], {
      windows: XP,
      criticality: HIGH,
    }),
    2,
  ],
  [
    device(
      SIEMENS,
      'AXIOM Vertix Solitaire M',
      'imaging',
      'siemens',
      'axiom_vertix_solitaire_m',
      ['vb10', 'vb20'],
      {
        windows: XP,
        criticality: HIGH,
      },
    ),
    1,
  ],
  [
    device(SIEMENS, 'Lantis', 'imaging', 'siemens', 'lantis', ['4.0', '5.0'], {
      windows: W7,
      criticality: HIGH,
    }),
    1,
  ],
  // Laboratory and point of care.
  [
    device(
      SIEMENS,
      'RAPIDPoint 500',
      'blood_gas_analyser',
      'siemens',
      'rapidpoint_500',
      ['3.0', '3.1', '5.0'],
      {
        windows: W7,
        criticality: HIGH,
      },
    ),
    3,
  ],
  [
    device(
      SIEMENS,
      'Atellica Solution',
      'lab_analyser',
      'siemens',
      'atellica_solution',
      ['1.0', '1.1', '1.2'],
      {
        windows: W10,
        criticality: HIGH,
      },
    ),
    2,
  ],
  [
    device(SIEMENS, 'Aptio Automation', 'lab_automation', 'siemens', 'aptio', ['2.0', '2.1'], {
      windows: W7,
      criticality: HIGH,
    }),
    1,
  ],
  [
    device(SIEMENS, 'CentraLink', 'lab_data_manager', 'siemens', 'centralink', ['16.0', '17.0'], {
      windows: W7,
      criticality: HIGH,
      libs: [JRE],
    }),
    1,
  ],
  [
    device(SIEMENS, 'StreamLAB', 'lab_automation', 'siemens', 'streamlab', ['1.0', '1.1'], {
      windows: W7,
      criticality: HIGH,
    }),
    1,
  ],
  [
    device(SIEMENS, 'VIVA-E', 'lab_analyser', 'siemens', 'viva_e', ['2.0', '2.1'], {
      windows: XP,
      criticality: HIGH,
    }),
    1,
  ],
  [
    device(
      SIEMENS,
      'Tissue Preparation System',
      'lab_analyser',
      'siemens',
      'tissue_preparation_system',
      ['2.0', '2.1'],
      {
        windows: W7,
        criticality: HIGH,
      },
    ),
    1,
  ],
  [
    device(
      SIEMENS,
      'VERSANT kPCR Molecular System',
      'lab_analyser',
      'siemens',
      'versant_kpcr_molecular_system',
      ['1.0', '1.1'],
      {
        windows: W7,
        criticality: HIGH,
        libs: [OPENSSL],
      },
    ),
    1,
  ],
];

/** Devices a GP practice connects: ECG carts and vital-signs monitors. */
export const PRIMARY_CARE_MEDICAL_MODELS: readonly (readonly [DeviceModel, number])[] = [
  [
    {
      manufacturer: 'GE HealthCare',
      model: 'MAC 2000',
      assetType: 'medical_device',
      role: 'ecg',
      software: app(plainProduct('ge_healthcare', 'mac_2000_firmware', ['1.{0..2}.{0..5}'])),
      osName: (v) => `MAC firmware ${v}`,
      zone: 'clinical',
      internetFacing: false,
      criticality: HIGH,
    },
    1,
  ],
  [
    {
      manufacturer: 'Welch Allyn',
      model: 'Connex Spot Monitor',
      assetType: 'medical_device',
      role: 'vital_signs_monitor',
      software: app(plainProduct('hillrom', 'connex_spot_monitor_firmware', ['1.{20..52..4}'])),
      osName: (v) => `Connex firmware ${v}`,
      zone: 'clinical',
      internetFacing: false,
      criticality: HIGH,
    },
    1,
  ],
];
