/**
 * Third-party desktop software with NVD vendor/product names: Adobe Reader, Java, 7-Zip,
 * Notepad++, VLC, PuTTY, WinRAR, remote-access and VPN clients, Citrix and VMware clients,
 * endpoint protection and the hardware vendors' driver and update tools.
 */
import { cpeProduct } from '../product.model.js';

const a = (vendor: string, product: string, versions: string[], targetSw?: string) =>
  cpeProduct({ part: 'a', vendor, product, versions, targetSw });

export const ACROBAT_READER_DC = cpeProduct({
  part: 'a',
  vendor: 'adobe',
  product: 'acrobat_reader_dc',
  versions: ['{19..24}.{001..012..3}.{20041..20941..60}'],
  swEdition: 'continuous',
});
export const ACROBAT_READER = a('adobe', 'acrobat_reader', ['9.5.{0..5}', '10.1.{0..16}', '11.0.{10..23}']);
export const FLASH_PLAYER = a('adobe', 'flash_player', ['11.2.202.{400..644..30}', '32.0.0.{114..465..30}']);

/** Oracle Java SE runtime: `jre:1.8.0:update_301`, shown as 1.8.0_301. */
export const JRE = cpeProduct({
  part: 'a',
  vendor: 'oracle',
  product: 'jre',
  versions: ['1.6.0|update_{33..45..4}', '1.7.0|update_{40..80..10}', '1.8.0|update_{101..411..10}'],
  display: (v, u) => (u ? `${v}_${u.replace('update_', '')}` : v),
});

export const SEVEN_ZIP = a('7-zip', '7-zip', [
  '9.20',
  '15.14',
  '16.{02,04}',
  '18.{05,06}',
  '19.00',
  '21.07',
  '22.{00,01}',
  '23.01',
  '24.{05,06,07,08,09}',
]);
export const NOTEPAD_PLUS_PLUS = a('notepad-plus-plus', 'notepad++', [
  '6.9.2',
  '7.{5..9}.{1..9}',
  '8.{0..6}.{1..9}',
  '8.7',
]);
export const VLC = a('videolan', 'vlc_media_player', ['2.2.{4..8}', '3.0.{0..21}']);
export const PUTTY = a('putty', 'putty', ['0.{70..81}']);
export const WINSCP = a('winscp', 'winscp', ['5.{15..21}.{1..8}', '6.{1..3}.{1..5}']);
export const WINRAR = a('rarlab', 'winrar', [
  '5.{50,60,61,70,71,80,91}',
  '6.{00,01,02,10,11,20,21,22,23,24}',
  '7.{00,01}',
]);
export const IRFANVIEW = a('irfanview', 'irfanview', ['4.{44..67}']);
export const KEEPASS = a('keepass', 'keepass', ['2.{40..57}']);
export const FOXIT_READER = a('foxit', 'pdf_reader', [
  '9.{0..7}.{0,1}',
  '10.{0,1}.{0..4}',
  '11.{0..2}.{0..2}',
  '12.{0,1}.{0..4}',
  '2023.{1..3}.0',
  '2024.{1..4}.0',
]);
export const LIBREOFFICE = a('libreoffice', 'libreoffice', [
  '6.{0..4}.{1..7}',
  '7.{0..6}.{1..7}',
  '24.{2,8}.{1..5}',
]);
export const GIT = a('git-scm', 'git', ['2.{30..47}.{0..2}']);
export const WIRESHARK = a('wireshark', 'wireshark', ['3.{4..6}.{0..16}', '4.{0..4}.{0..10}']);
export const TEAMVIEWER = a('teamviewer', 'teamviewer', ['15.{10..60..5}.{3..6}']);
export const ANYDESK = a('anydesk', 'anydesk', ['7.{0,1}.{0..16}', '8.{0,1}.{0..10}']);
export const ZOOM = a('zoom', 'meetings', ['5.{10..17}.{0..11}'], 'windows');
export const JABBER = a('cisco', 'jabber', ['12.{8,9}.{0..5}', '14.{0..3}.{0..3}'], 'windows');
export const ANYCONNECT = a(
  'cisco',
  'anyconnect_secure_mobility_client',
  ['4.{8..10}.0{1075..8075..1000}'],
  'windows',
);
export const FORTICLIENT = a('fortinet', 'forticlient', ['6.{0..4}.{0..10}', '7.{0..4}.{0..9}'], 'windows');
export const CITRIX_WORKSPACE = a('citrix', 'workspace', ['{20..24}{03,06,09,11}'], 'windows');
export const CITRIX_RECEIVER = a('citrix', 'receiver', ['4.{9..12}'], 'windows');
export const HORIZON_CLIENT = a('vmware', 'horizon_client', ['5.{0..5}.0', '8.{0..12}.0'], 'windows');
export const MCAFEE_ENDPOINT = a('mcafee', 'endpoint_security', ['10.{5..7}.0']);
export const SOPHOS_ENDPOINT = a('sophos', 'endpoint_protection', ['10.{7,8}.{0..11}', '11.5.{0..9}']);
export const CROWDSTRIKE_FALCON = a('crowdstrike', 'falcon', [
  '6.{20..58..2}.{10000..18000..1300}',
  '7.{0..18}.{18000..19000..500}',
]);
export const TRENDMICRO_APEX_ONE = a('trendmicro', 'apex_one', ['2019', 'saas']);
export const DELL_COMMAND_UPDATE = a('dell', 'command_update', [
  '3.{0,1}.{0..3}',
  '4.{0..10}.0',
  '5.{0..4}.0',
]);
export const HP_SUPPORT_ASSISTANT = a('hp', 'support_assistant', ['8.{8,9}.{10..52..8}', '9.{0..40..8}.0']);
export const LENOVO_SYSTEM_UPDATE = a('lenovo', 'system_update', [
  '5.07.{0088..0140..13}',
  '5.08.{01..03}.{59..80..7}',
]);
export const INTEL_GRAPHICS = a('intel', 'graphics_drivers', [
  '26.20.100.{6000..7999..400}',
  '27.20.100.{8000..9999..300}',
  '30.0.101.{1000..5600..400}',
  '31.0.101.{4000..5800..300}',
]);
export const INTEL_WIFI = a('intel', 'proset/wireless_wifi', [
  '21.{40..120..20}.0',
  '22.{10..250..20}.0',
  '23.{10..80..10}.0',
]);
export const INTEL_RST = a('intel', 'rapid_storage_technology', [
  '16.8.{0..3}.1000',
  '17.{5..11}.{0..3}.1000',
  '18.{0..7}.{0..6}.1049',
]);
export const NVIDIA_DRIVER = a('nvidia', 'gpu_display_driver', ['{441..552..8}.{12,28,41,61,85}'], 'windows');
export const IMPRIVATA_ONESIGN = a('imprivata', 'onesign', ['7.{0..3}.{0..5}']);
