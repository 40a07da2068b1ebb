/**
 * Microsoft desktop software as NVD names it: Office by year (`office:2016`, `word:2013:sp1`),
 * `365_apps`, `.net_framework`, `.net`, Teams, OneDrive, Defender's `malware_protection_engine`.
 * Visual C++ redistributables have no CPE, so inventories carry them by vendor/product/version.
 */
import { type AppSpec, app, fixed, generation, group } from '../app.model.js';
import { cpeProduct, plainProduct } from '../product.model.js';

const OFFICE_YEARS = ['2010|sp2', '2013|sp1', '2016'];
const officeApp = (product: string) =>
  cpeProduct({ part: 'a', vendor: 'microsoft', product, versions: OFFICE_YEARS, targetHw: 'x86' });

const OFFICE = officeApp('office');
const OFFICE_APPS = ['word', 'excel', 'outlook', 'powerpoint', 'onenote', 'access', 'publisher'].map(
  officeApp,
);
const OFFICE_2019 = cpeProduct({
  part: 'a',
  vendor: 'microsoft',
  product: 'office',
  versions: ['2019'],
  targetHw: 'x64',
});
const OFFICE_LTSC = cpeProduct({
  part: 'a',
  vendor: 'microsoft',
  product: 'office_long_term_servicing_channel',
  versions: ['2021', '2024'],
  targetHw: 'x64',
});
const M365_APPS = cpeProduct({
  part: 'a',
  vendor: 'microsoft',
  product: '365_apps',
  versions: ['-'],
  swEdition: 'enterprise',
  targetHw: 'x64',
});

const suite = (year: string): AppSpec =>
  group(`office-${year}`, [fixed(OFFICE, year), ...OFFICE_APPS.map((p) => fixed(p, year))]);

/** The Office suite, oldest generations for laggard estates. */
export const OFFICE_SUITE = generation('office', [
  suite('2010|sp2'),
  suite('2013|sp1'),
  suite('2016'),
  fixed(OFFICE_2019, '2019'),
  fixed(OFFICE_LTSC, '2021'),
  fixed(M365_APPS, '-'),
  fixed(M365_APPS, '-'),
]);

const DOTNET_FRAMEWORK = cpeProduct({
  part: 'a',
  vendor: 'microsoft',
  product: '.net_framework',
  versions: ['3.5', '4.5.2', '4.6.2', '4.7.2', '4.8', '4.8.1'],
});

/** .NET Framework 4.x by lag, plus 3.5 which most estates still enable. */
export const DOTNET_FRAMEWORK_4 = app(DOTNET_FRAMEWORK);
export const DOTNET_FRAMEWORK_35 = fixed(DOTNET_FRAMEWORK, '3.5');

/** .NET (Core) runtime. */
export const DOTNET = app(
  cpeProduct({ part: 'a', vendor: 'microsoft', product: '.net', versions: ['6.0.{0..36}', '8.0.{0..11}'] }),
);

/** Visual C++ redistributables: a typical Windows image carries several generations. */
export const VCREDIST = group('vcredist', [
  fixed(plainProduct('microsoft', 'visual_c++_2008_redistributable', ['9.0.30729.6161']), '9.0.30729.6161'),
  fixed(plainProduct('microsoft', 'visual_c++_2010_redistributable', ['10.0.40219']), '10.0.40219'),
  fixed(plainProduct('microsoft', 'visual_c++_2012_redistributable', ['11.0.61030']), '11.0.61030'),
  fixed(plainProduct('microsoft', 'visual_c++_2013_redistributable', ['12.0.40664']), '12.0.40664'),
  app(
    plainProduct('microsoft', 'visual_c++_2015-2022_redistributable', ['14.{16..42}.{27012..34433..2471}']),
  ),
]);

export const TEAMS = cpeProduct({
  part: 'a',
  vendor: 'microsoft',
  product: 'teams',
  versions: ['1.{4..7}.00.{1001..33001..4000}'],
});

export const ONEDRIVE = app(
  cpeProduct({
    part: 'a',
    vendor: 'microsoft',
    product: 'onedrive',
    versions: ['{21..24}.{010..230..20}.0{101..901..200}.0001'],
  }),
);

export const VISUAL_STUDIO_CODE = cpeProduct({
  part: 'a',
  vendor: 'microsoft',
  product: 'visual_studio_code',
  versions: ['1.{60..96}.{0..3}'],
});

export const POWERSHELL = app(
  cpeProduct({ part: 'a', vendor: 'microsoft', product: 'powershell', versions: ['7.{0..4}.{0..6}'] }),
);

export const SSMS = app(
  cpeProduct({
    part: 'a',
    vendor: 'microsoft',
    product: 'sql_server_management_studio',
    versions: ['18.{0..12}', '19.{0..3}', '20.{0..2}'],
  }),
);

export const ODBC_DRIVER = app(
  cpeProduct({
    part: 'a',
    vendor: 'microsoft',
    product: 'odbc_driver_for_sql_server',
    versions: ['17.{5..10}.{1..6}', '18.{0..4}.1.1'],
  }),
);

export const SILVERLIGHT = app(
  cpeProduct({
    part: 'a',
    vendor: 'microsoft',
    product: 'silverlight',
    versions: ['5.1.{30514,41212,50428,50918}'],
  }),
);

/** Microsoft Defender's engine, as NVD tracks it. */
export const DEFENDER_ENGINE = app(
  cpeProduct({
    part: 'a',
    vendor: 'microsoft',
    product: 'malware_protection_engine',
    versions: ['1.1.{17000..24090..50}.{1..4}'],
  }),
);

export const MSXML = app(
  cpeProduct({ part: 'a', vendor: 'microsoft', product: 'xml_core_services', versions: ['4.0', '6.0'] }),
);
