/**
 * Server software and the roles it makes up: databases, mail, web and application servers,
 * virtualisation management, backup, monitoring, file transfer and the HL7/FHIR integration engines
 * hospitals depend on. Names are NVD's (`exchange_server:2016:cumulative_update_19`,
 * `veeam:backup_\&_replication`, `solarwinds:orion_platform`, `progress:moveit_transfer`).
 */
import { type AppSpec, app, group, oneOf } from '../app.model.js';
import { cpeProduct } from '../product.model.js';
import {
  CURL,
  findLibrary,
  LOG4J,
  LOG4J_1,
  LOG4J_API,
  LOG4J_CORE,
  MAVEN_LIBRARIES,
  NODEJS,
  NPM_LIBRARIES,
  NUGET_LIBRARIES,
  OPENSSL,
  PYPI_LIBRARIES,
  PYTHON,
  ZLIB,
} from './library.catalog.js';

const a = (vendor: string, product: string, versions: string[], extra: { swEdition?: string } = {}) =>
  cpeProduct({ part: 'a', vendor, product, versions, ...extra });

export const SQL_SERVER = a('microsoft', 'sql_server', [
  '2008|r2_sp3',
  '2012|sp4',
  '2014|sp3',
  '2016|sp3',
  '2017',
  '2019',
  '2022',
]);
export const EXCHANGE = a('microsoft', 'exchange_server', [
  '2010|sp3',
  '2013|cumulative_update_{21..23}',
  '2016|cumulative_update_{8..23}',
  '2019|cumulative_update_{1..14}',
]);
export const IIS = a('microsoft', 'internet_information_services', ['7.5', '8.5', '10.0']);
export const SHAREPOINT = a('microsoft', 'sharepoint_server', ['2013|sp1', '2016', '2019']);
export const VEEAM = a('veeam', 'backup_&_replication', [
  '9.5.4.2866',
  '10.0.1.4854',
  '11.0.1.1261',
  '12.0.0.1420',
  '12.1.2.172',
  '12.2.0.334',
]);
export const ORION = a('solarwinds', 'orion_platform', [
  '2019.4',
  '2020.2',
  '2020.2.{1,4,5,6}',
  '2023.{1..4}',
  '2024.{1,2}',
]);
export const MOVEIT = a('progress', 'moveit_transfer', [
  '2021.0.{0..6}',
  '2022.{0,1}.{0..5}',
  '2023.0.{0..2}',
  '2023.1.{0..2}',
]);
export const VCENTER = a('vmware', 'vcenter_server', [
  '6.5|u3',
  '6.7|u3',
  '7.0|update_{1..3}',
  '8.0|update_{1..3}',
]);
/** VMware ESXi hypervisor (`esxi:7.0:update_3`). */
export const ESXI = cpeProduct({
  part: 'o',
  vendor: 'vmware',
  product: 'esxi',
  versions: ['{6.5,6.7,7.0,8.0}|{-,update_1,update_2,update_3}'],
  display: (v, u) => (u && u !== '-' ? `${v} ${u.replace('update_', 'Update ')}` : v),
});
export const VMWARE_TOOLS = a('vmware', 'tools', ['10.3.{10..26}', '11.{0..3}.{0..5}', '12.{0..4}.{0..5}']);
export const CITRIX_VDA = a('citrix', 'virtual_apps_and_desktops', ['{1912,2203,2212,2303,2308,2311,2402}']);
export const TOMCAT = a('apache', 'tomcat', [
  '7.0.{100..109}',
  '8.5.{50..100..5}',
  '9.0.{30..90..4}',
  '10.1.{0..30..2}',
]);
export const HTTPD = a('apache', 'http_server', ['2.4.{6..62}']);
export const NGINX = a('f5', 'nginx', ['1.{14..27}.{0..2}']);
export const PHP = a('php', 'php', ['5.4.16', '5.6.40', '7.{2,3,4}.{3..33..3}', '8.{0..3}.{0..30..3}']);
export const ORACLE_DB = a('oracle', 'database_server', [
  '11.2.0.4',
  '12.1.0.2',
  '12.2.0.1',
  '18c',
  '19c',
  '21c',
]);
export const MYSQL = a('oracle', 'mysql', ['5.7.{20..44..3}', '8.0.{20..40..2}']);
export const POSTGRESQL = a('postgresql', 'postgresql', [
  '9.6.{10..24..2}',
  '10.{5..23..2}',
  '11.{2..22..2}',
  '12.{1..20}',
  '13.{1..16}',
  '14.{1..13}',
  '15.{1..8}',
  '16.{1..4}',
]);
export const JDK = cpeProduct({
  part: 'a',
  vendor: 'oracle',
  product: 'jdk',
  versions: ['1.8.0|update_{101..411..10}', '11.0.{10..24}', '17.0.{1..12}', '21.0.{1..5}'],
  display: (v, u) => (u ? `${v}_${u.replace('update_', '')}` : v),
});
export const OPENJDK = a('oracle', 'openjdk', [
  '1.8.0|update_{222..422..20}',
  '11.0.{12..24}',
  '17.0.{2..12}',
  '21.0.{1..5}',
]);
export const INTERSYSTEMS_CACHE = a('intersystems', 'cache', ['2017.2.{0..2}', '2018.1.{0..8}']);
export const MIRTH_CONNECT = a('nextgen', 'mirth_connect', ['3.{8..12}.{0,1}', '4.{0..4}.{0..2}']);
export const JENKINS = a('jenkins', 'jenkins', ['2.{300..450..8}']);
export const ELASTICSEARCH = a('elastic', 'elasticsearch', [
  '6.8.{0..23}',
  '7.{10..17}.{0..9}',
  '8.{0..15}.{0..2}',
]);
export const ACTIVEMQ = a('apache', 'activemq', ['5.{15..18}.{0..3}']);
export const CONFLUENCE = a('atlassian', 'confluence_data_center', [
  '7.{4..19}.{0..17..3}',
  '8.{0..5}.{0..3}',
]);

const maven = (name: string) => findLibrary(MAVEN_LIBRARIES, name);
const nuget = (name: string) => findLibrary(NUGET_LIBRARIES, name);

/** A Java application: a JDK, Tomcat and the libraries in its WEB-INF/lib, Log4j among them. */
export const JAVA_APP: AppSpec = group('java-app', [
  oneOf('jdk', [
    [app(JDK), 2],
    [app(OPENJDK), 1],
  ]),
  app(TOMCAT),
  oneOf('log4j', [
    [app(LOG4J_CORE, [LOG4J_API]), 3],
    [app(LOG4J), 2],
  ]),
  app(maven('jackson-databind'), [maven('jackson-core'), maven('jackson-annotations')]),
  app(maven('commons-text'), [maven('commons-lang3')]),
  app(maven('spring-core'), [maven('spring-beans'), maven('spring-web')]),
  app(maven('snakeyaml')),
]);

/** Server roles (one to three per server image); each is a group of components. */
export const WINDOWS_SERVER_ROLES: readonly (readonly [AppSpec, number])[] = [
  [app(SQL_SERVER), 5],
  [group('exchange', [app(EXCHANGE), app(IIS)]), 1],
  [group('web', [app(IIS), app(nuget('Newtonsoft.Json')), app(nuget('Microsoft.Data.SqlClient'))]), 3],
  [app(SHAREPOINT), 1],
  [app(VEEAM), 1],
  [app(ORION), 1],
  [app(MOVEIT), 1],
  [app(CITRIX_VDA, [OPENSSL]), 3],
  [app(VCENTER), 1],
  [JAVA_APP, 3],
  [app(MIRTH_CONNECT, [LOG4J_CORE]), 1],
  [app(INTERSYSTEMS_CACHE, [OPENSSL]), 1],
  [app(ORACLE_DB), 1],
];

export const LINUX_SERVER_ROLES: readonly (readonly [AppSpec, number])[] = [
  [group('lamp', [app(HTTPD, [OPENSSL]), app(PHP), app(MYSQL)]), 3],
  [group('nginx', [app(NGINX, [OPENSSL])]), 3],
  [JAVA_APP, 5],
  [app(POSTGRESQL), 3],
  [app(MIRTH_CONNECT, [LOG4J_CORE]), 2],
  [group('node', [app(NODEJS), ...NPM_LIBRARIES.slice(0, 12).map((p) => app(p))]), 2],
  [group('python', [app(PYTHON, [OPENSSL]), ...PYPI_LIBRARIES.map((p) => app(p))]), 2],
  [app(ELASTICSEARCH, [LOG4J]), 1],
  [app(ACTIVEMQ, [LOG4J_CORE]), 1],
  [app(JENKINS), 1],
  [app(CONFLUENCE, [LOG4J_1]), 1],
  [app(ORACLE_DB), 1],
  [group('curl-tools', [app(CURL), app(ZLIB)]), 1],
];
