/**
 * Libraries found inside installed software: native libraries by CPE (OpenSSL from the 0.9.8 era
 * through Heartbleed's 1.0.1f to 3.x, curl, zlib, SQLite …), Log4j both as `cpe:2.3:a:apache:log4j`
 * and as the `log4j-core` purl (vulnerable 2.14.1, fixed 2.17.1), and package-URL libraries of the
 * maven, npm, nuget and pypi ecosystems that software-composition scanners report.
 */
import { cpeProduct, type Product, purlProduct } from '../product.model.js';

const lib = (vendor: string, product: string, versions: string[]) =>
  cpeProduct({ part: 'a', vendor, product, versions });

export const OPENSSL = lib('openssl', 'openssl', [
  '0.9.8{za..zh}',
  '1.0.0t',
  '1.0.1{a..u}',
  '1.0.2{a..u}',
  '1.1.0{a..l}',
  '1.1.1',
  '1.1.1{a..w}',
  '3.0.{0..15}',
  '3.1.{0..7}',
  '3.2.{0..3}',
  '3.3.{0..2}',
]);
export const CURL = lib('haxx', 'curl', ['7.{29..88}.{0,1}', '8.{0..11}.{0,1}']);
export const ZLIB = lib('zlib', 'zlib', ['1.2.{3..13}', '1.3', '1.3.1']);
export const SQLITE = lib('sqlite', 'sqlite', ['3.{7..46}.{0..2}']);
export const LIBXML2 = lib('xmlsoft', 'libxml2', [
  '2.9.{1..14}',
  '2.10.{0..4}',
  '2.11.{0..7}',
  '2.12.{0..6}',
]);
export const EXPAT = lib('libexpat_project', 'libexpat', ['2.2.{0..10}', '2.{3..6}.{0..3}']);
export const LIBPNG = lib('libpng', 'libpng', ['1.6.{20..43}']);
export const LIBJPEG_TURBO = lib('libjpeg-turbo', 'libjpeg-turbo', [
  '1.5.{0..3}',
  '2.0.{0..7}',
  '2.1.{0..5}',
  '3.0.{0..3}',
]);
export const FFMPEG = lib('ffmpeg', 'ffmpeg', [
  '3.4.{0..13}',
  '4.{0..4}.{0..4}',
  '5.1.{0..5}',
  '6.{0,1}.{0..2}',
]);
export const ELECTRON = lib('electronjs', 'electron', ['{8..32}.{0..4}.{0..3}']);
export const NODEJS = lib('nodejs', 'node.js', [
  '12.{16..22}.{0..12..4}',
  '14.{15..21}.{0..3}',
  '16.{13..20}.{0..2}',
  '18.{12..20}.{0..8..2}',
  '20.{9..18}.{0,1}',
]);
export const PYTHON = lib('python', 'python', ['2.7.{13..18}', '3.{6..12}.{0..15}']);
export const BASH = lib('gnu', 'bash', [
  '4.2.46',
  '4.4.{12..23}',
  '5.0.{0..18}',
  '5.1.{0..16}',
  '5.2.{0..26}',
]);
export const PERL = lib('perl', 'perl', ['5.16.3', '5.26.{1..3}', '5.{30,32,34,36,38}.{0..2}']);
export const LOG4J = lib('apache', 'log4j', [
  '1.2.{15..17}',
  '2.3',
  '2.5',
  '2.6.2',
  '2.7',
  '2.8.{1,2}',
  '2.9.{0,1}',
  '2.10.0',
  '2.11.{0..2}',
  '2.12.{0..4}',
  '2.13.{0..3}',
  '2.14.{0,1}',
  '2.15.0',
  '2.16.0',
  '2.17.{0..2}',
  '2.{18..20}.0',
  '2.{21..23}.{0,1}',
  '2.24.{0..3}',
]);

const LOG4J2 = [
  '2.3',
  '2.6.2',
  '2.8.2',
  '2.11.{1,2}',
  '2.12.{1..4}',
  '2.13.{0..3}',
  '2.14.{0,1}',
  '2.15.0',
  '2.16.0',
  '2.17.{0..2}',
  '2.{18..20}.0',
  '2.{21..23}.{0,1}',
  '2.24.{0..3}',
];
export const LOG4J_CORE = purlProduct({
  type: 'maven',
  namespace: 'org.apache.logging.log4j',
  name: 'log4j-core',
  versions: LOG4J2,
});
export const LOG4J_API = purlProduct({
  type: 'maven',
  namespace: 'org.apache.logging.log4j',
  name: 'log4j-api',
  versions: LOG4J2,
});
export const LOG4J_1 = purlProduct({
  type: 'maven',
  namespace: 'log4j',
  name: 'log4j',
  versions: ['1.2.{14..17}'],
});

function purls(type: string, table: string): Product[] {
  return table
    .trim()
    .split('\n')
    .map((line) => {
      const [coordinate = '', ...versions] = line.trim().split(/\s+/);
      const slash = coordinate.lastIndexOf('/');
      return purlProduct({
        type,
        namespace: slash < 0 ? '' : coordinate.slice(0, slash),
        name: coordinate.slice(slash + 1),
        versions,
      });
    });
}

/** Java libraries (`group/artifact` then version patterns). */
export const MAVEN_LIBRARIES = purls(
  'maven',
  `
  com.fasterxml.jackson.core/jackson-databind 2.{9..17}.{0..10}
  com.fasterxml.jackson.core/jackson-core 2.{9..17}.{0..6}
  com.fasterxml.jackson.core/jackson-annotations 2.{9..17}.{0..4}
  commons-collections/commons-collections 3.2.{1,2}
  org.apache.commons/commons-text 1.{8..12}
  org.apache.commons/commons-lang3 3.{9..14}.0
  commons-io/commons-io 2.{6..16}.{0,1}
  commons-codec/commons-codec 1.{11..17}
  com.google.guava/guava {20..33}.{0,1}-jre
  org.springframework/spring-core 4.3.{20..30..2}.RELEASE 5.2.{0..24..3}.RELEASE 5.3.{0..39..3} 6.{0,1}.{0..12..2}
  org.springframework/spring-beans 4.3.{20..30..2}.RELEASE 5.2.{0..24..3}.RELEASE 5.3.{0..39..3} 6.{0,1}.{0..12..2}
  org.springframework/spring-web 4.3.{20..30..2}.RELEASE 5.2.{0..24..3}.RELEASE 5.3.{0..39..3} 6.{0,1}.{0..12..2}
  org.yaml/snakeyaml 1.{17..33} 2.{0..2}
  com.h2database/h2 1.4.{190..200} 2.{1,2}.{210..230..4}
  org.apache.tomcat.embed/tomcat-embed-core 8.5.{50..100..5} 9.0.{30..90..4} 10.1.{0..30..2}
  io.netty/netty-codec-http 4.1.{42..112..5}.Final
  com.thoughtworks.xstream/xstream 1.4.{10..20}
  org.bouncycastle/bcprov-jdk15on 1.{58..70}
  org.postgresql/postgresql 42.{2..7}.{0..10}
  mysql/mysql-connector-java 5.1.{40..49} 8.0.{16..33}
  ca.uhn.hapi.fhir/hapi-fhir-base 4.{0..2}.0 5.{0..7}.{0..2} 6.{0..10..2}.{0..4}
  ca.uhn.hapi/hapi-base 2.{3,5}
  org.apache.httpcomponents/httpclient 4.5.{2..14}
  org.apache.struts/struts2-core 2.3.{30..37} 2.5.{10..33}
  org.hibernate/hibernate-core 4.3.{5..11}.Final 5.{2..6}.{0..15..3}.Final
  ch.qos.logback/logback-classic 1.{1..4}.{0..14}
  org.slf4j/slf4j-api 1.7.{21..36} 2.0.{0..13}
  xerces/xercesImpl 2.{9..12}.{0..2}
  org.apache.logging.log4j/log4j-slf4j-impl 2.{11..17}.{0..2} 2.{18..23}.{0,1}
  org.apache.commons/commons-compress 1.{18..26}.{0..2}
  org.apache.commons/commons-configuration2 2.{5..10}.{0,1}
  commons-fileupload/commons-fileupload 1.{3..5}.{0..3}
  commons-beanutils/commons-beanutils 1.9.{3,4}
  org.apache.poi/poi 3.{15..17} 4.{0,1}.{0..2} 5.{0..2}.{0..5}
  org.apache.pdfbox/pdfbox 2.0.{15..31}
  org.apache.santuario/xmlsec 2.{1..3}.{0..4}
  org.apache.cxf/cxf-core 3.{3..6}.{0..8}
  org.apache.activemq/activemq-client 5.{15..18}.{0..5}
  org.apache.kafka/kafka-clients 2.{4..8}.{0,1} 3.{0..7}.{0,1}
  org.apache.zookeeper/zookeeper 3.{5..9}.{0..8}
  org.eclipse.jetty/jetty-server 9.4.{20..54..2}.v2019{0101..1231..200} 10.0.{0..20} 11.0.{0..20}
  io.undertow/undertow-core 2.{0..3}.{0..30..3}.Final
  org.glassfish.jersey.core/jersey-server 2.{25..41}
  com.google.code.gson/gson 2.{8..11}.{0..9}
  com.google.protobuf/protobuf-java 3.{11..25}.{0..4}
  io.grpc/grpc-core 1.{30..62..2}.{0..2}
  org.json/json 20{180813,190722,200518,201115,210307,220320,230227,230618,231013,240303}
  net.minidev/json-smart 2.{3..5}.{0..1}
  com.nimbusds/nimbus-jose-jwt 8.{0..23} 9.{0..37..3}
  org.keycloak/keycloak-core 1{0..9}.0.{0..3} 2{0..5}.0.{0..3}
  org.apache.shiro/shiro-core 1.{4..13}.{0..2}
  org.springframework.security/spring-security-core 5.{1..8}.{0..12..2} 6.{0..3}.{0..8..2}
  org.springframework.boot/spring-boot 2.{1..7}.{0..18..3} 3.{0..3}.{0..10..2}
  org.thymeleaf/thymeleaf 3.0.{11..15}.RELEASE 3.1.{0..2}.RELEASE
  org.freemarker/freemarker 2.3.{28..33}
  org.apache.velocity/velocity-engine-core 2.{0..3}
  ca.uhn.hapi/hapi-structures-v24 2.{3,5}
  ca.uhn.hapi.fhir/hapi-fhir-structures-r4 4.{0..2}.0 5.{0..7}.{0..2} 6.{0..10..2}.{0..4}
  org.ehcache/ehcache 3.{8..10}.{0..8}
  com.zaxxer/HikariCP 3.4.{1..5} 4.0.3 5.{0,1}.{0..1}
  org.mariadb.jdbc/mariadb-java-client 2.{4..7}.{0..11} 3.{0..4}.{0..1}
  com.microsoft.sqlserver/mssql-jdbc {7..12}.{2,4}.{0..2}.jre8
  com.oracle.database.jdbc/ojdbc8 19.{3..23}.0.0 21.{1..13}.0.0
  `,
);

/** npm packages bundled in Electron apps and web front ends. */
export const NPM_LIBRARIES = purls(
  'npm',
  `
  lodash 4.17.{4..21}
  minimist 1.2.{0..8}
  axios 0.{18..27}.{0..2} 1.{0..7}.{0..9}
  moment 2.{22..30}.{0,1}
  ws 6.{0..2}.{0..2} 7.{0..5}.{0..10} 8.{0..18}.0
  semver 5.7.{0..2} 6.3.{0,1} 7.{3..6}.{0..4}
  debug 2.6.{8,9} 3.2.{6,7} 4.{1..3}.{0..7}
  qs 6.{5..13}.{0..4}
  express 4.{16..21}.{0..4}
  node-fetch 2.6.{0..13} 3.{0..3}.{0..2}
  underscore 1.{9..13}.{0..6}
  jquery 1.12.4 2.2.4 3.{3..7}.{0,1}
  ansi-regex 3.0.{0,1} 4.1.{0,1} 5.0.{0,1} 6.0.1
  json5 1.0.{1,2} 2.2.{0..3}
  tar 4.4.{13..19} 6.{1,2}.{0..15}
  follow-redirects 1.{14,15}.{0..6}
  async 2.6.{0..4} 3.2.{0..5}
  ua-parser-js 0.7.{20..33}
  node-forge 0.10.0 1.{0..3}.{0,1}
  dompurify 2.{0..4}.{0..7} 3.{0,1}.{0..6}
  marked 0.{7,8}.0 4.{0..3}.0
  electron-updater 4.{0..6}.{0..5} 5.{0..3}.0 6.{0..3}.{0..4}
  yargs-parser 13.1.2 15.0.{1,3} 18.1.3 20.2.{4..9} 21.1.1
  path-parse 1.0.{5..7}
  glob-parent 3.1.0 5.1.{0..2} 6.0.2
  shell-quote 1.7.{0..4} 1.8.{0,1}
  tough-cookie 2.5.0 4.{0,1}.{0..4}
  xml2js 0.4.{19..23} 0.{5,6}.0
  react 16.{8..14}.0 17.0.{0..2} 18.{0..3}.{0,1}
  react-dom 16.{8..14}.0 17.0.{0..2} 18.{0..3}.{0,1}
  vue 2.{5..7}.{0..16} 3.{0..4}.{0..30..3}
  @angular/core 8.2.14 {9..17}.{0..2}.{0..12..3}
  rxjs 6.{4..6}.{0..7} 7.{0..8}.{0..2}
  zone.js 0.{10..14}.{0..4}
  typescript 3.{7..9}.{2..7} 4.{0..9}.{2..5} 5.{0..6}.{2..3}
  tslib 1.{10..14}.{0,1} 2.{0..8}.{0,1}
  core-js 2.6.{9..12} 3.{6..37}.{0,1}
  regenerator-runtime 0.{11..14}.{0,1}
  @babel/core 7.{10..26}.{0..10..2}
  @babel/runtime 7.{10..26}.{0..10..2}
  webpack 4.{40..47}.0 5.{50..97..3}.{0,1}
  chalk 2.4.{1,2} 4.1.{0..2} 5.{0..3}.{0,1}
  commander 2.20.{0..3} {4..12}.{0,1}.0
  uuid 3.{3,4}.0 7.0.{0..3} 8.3.{0..2} 9.0.{0,1} 10.0.0
  body-parser 1.{18..20}.{0..3}
  cookie 0.{4..7}.{0..2}
  path-to-regexp 0.1.{7..12} 1.{8,9}.0 3.{2,3}.0 6.{2,3}.0 8.{0..2}.0
  send 0.{16..19}.{0..2}
  serve-static 1.{13..16}.{0..2}
  jsonwebtoken 8.5.{0,1} 9.0.{0..2}
  passport 0.{4..7}.{0..1}
  mongoose 5.{9..13}.{0..20..4} 6.{0..12}.{0..4} 7.{0..8}.{0..3}
  pg 7.{12..18}.{0..2} 8.{0..13}.{0..3}
  mysql2 2.{0..3}.{0..3} 3.{0..11}.{0..3}
  socket.io 2.{3..5}.{0,1} 4.{0..8}.{0,1}
  engine.io 3.{4..6}.{0..2} 6.{0..6}.{0..2}
  handlebars 4.{5..7}.{0..8}
  ejs 2.7.4 3.1.{5..10}
  pug 2.0.4 3.0.{0..3}
  sanitize-html 1.{20..27}.{0..5} 2.{0..13}.{0..1}
  highlight.js 9.18.{1..5} 10.{0..7}.{0..3} 11.{0..10}.0
  moment-timezone 0.5.{25..46}
  date-fns 2.{0..30}.0 3.{0..6}.0
  dayjs 1.{8..11}.{0..13}
  bootstrap 3.4.{0,1} 4.{4..6}.{0..2} 5.{0..3}.{0..3}
  popper.js 1.{14..16}.{0,1}
  chart.js 2.9.{3,4} 3.{0..9}.{0,1} 4.{0..4}.{0..2}
  d3 5.{12..16}.0 6.{0..7}.0 7.{0..9}.0
  xlsx 0.{15..18}.{0..12}
  pdfjs-dist 2.{0..16}.{100..500..100} 3.{0..11}.{100..174..37} 4.{0..8}.{69..69}
  jszip 3.{2..10}.{0..2}
  crypto-js 3.{1..3}.{0..9} 4.{0..2}.0
  bcrypt 3.0.{0..8} 5.{0,1}.{0,1}
  request 2.{80..88}.{0..2}
  got 9.6.0 11.8.{0..6} 12.{0..6}.{0,1}
  form-data 2.{3..5}.{0,1} 3.0.{0,1} 4.0.{0,1}
  mime 1.{4..6}.0 2.{4..6}.{0..6} 3.0.0
  micromatch 3.1.10 4.0.{2..8}
  braces 2.3.2 3.0.{2,3}
  nth-check 1.0.2 2.{0,1}.{0,1}
  postcss 7.0.{20..39..3} 8.{1..4}.{0..40..4}
  browserslist 4.{8..24}.{0..4}
  caniuse-lite 1.0.30001{000..700..25}
  electron-log 4.{0..4}.{0..8} 5.{0..2}.{0..4}
  electron-store 5.{0..2}.0 8.{0..2}.0
  keytar 5.{0..6}.0 7.{0..9}.0
  sqlite3 4.{1,2}.0 5.{0,1}.{0..7}
  node-gyp 5.1.{0,1} {6..10}.{0..4}.0
  ini 1.3.{5..8} 2.0.0 3.0.{0,1} 4.1.{0..3}
  decode-uri-component 0.2.{0..2}
  minimatch 3.{0,1}.{4..8} 5.1.{0..6} 9.0.{0..5}
  loader-utils 1.4.{0..2} 2.0.{0..4} 3.2.{0,1}
  terser 4.8.{0,1} 5.{0..36..3}.0
  `,
);

/** .NET packages in Windows line-of-business and clinical clients. */
export const NUGET_LIBRARIES = purls(
  'nuget',
  `
  Newtonsoft.Json 9.0.1 10.0.{1..3} 11.0.{1,2} 12.0.{1..3} 13.0.{1..3}
  log4net 1.2.{10..15} 2.0.{8..17}
  NLog 4.{5..7}.{0..15} 5.{0..3}.{0..4}
  DotNetZip 1.{9..16}.{0..8}
  SharpZipLib 1.{0..4}.{0..2}
  System.Data.SqlClient 4.{4..8}.{0..6}
  Microsoft.Data.SqlClient 1.1.{0..4} 2.1.{0..7} 3.1.{0..5} 4.0.{0..5} 5.1.{0..6}
  RestSharp 106.{10..15}.0 110.{0..2}.0
  BouncyCastle 1.8.{1..9}
  Hl7.Fhir.R4 1.{0..9}.0 4.{0..3}.0 5.{0..11}.0
  nHapi 2.5.0.6 3.{0..2}.{0..4}
  System.Text.Encodings.Web 4.{5..7}.{0..2} 5.0.{0,1} 6.0.0 8.0.0
  Microsoft.Owin 3.{0,1}.0 4.{0..2}.{0..2}
  Microsoft.AspNetCore.App.Runtime.win-x64 3.1.{0..32} 6.0.{0..36} 8.0.{0..11}
  Microsoft.NETCore.App.Runtime.win-x64 3.1.{0..32} 6.0.{0..36} 8.0.{0..11}
  Microsoft.Identity.Client 4.{20..66..2}.{0..1}
  Microsoft.IdentityModel.Tokens 5.{6,7}.0 6.{8..35..3}.0 7.{0..6}.{0..3}
  System.IdentityModel.Tokens.Jwt 5.{6,7}.0 6.{8..35..3}.0 7.{0..6}.{0..3}
  Microsoft.Extensions.Logging 2.{1,2}.0 3.1.{0..32..4} 5.0.0 6.0.{0,1} 7.0.{0,1} 8.0.{0,1}
  EntityFramework 6.{2..5}.{0,1}
  Microsoft.EntityFrameworkCore 3.1.{0..32..2} 5.0.{0..17..2} 6.0.{0..36..2} 7.0.{0..20..2} 8.0.{0..11}
  Dapper 1.{50..60}.{0..9} 2.{0,1}.{0..35..5}
  AutoMapper 8.{0,1}.{0,1} {9..13}.0.{0,1}
  Serilog 2.{8..12}.0 3.{0,1}.{0,1}
  Polly 7.{0..2}.{0..4} 8.{0..4}.0
  Swashbuckle.AspNetCore 5.{0..6}.{0..3} 6.{0..6}.{0..2}
  itext7 7.{1,2}.{0..5} 8.0.{0..5}
  iTextSharp 5.5.{10..13}
  EPPlus 4.5.3.{1..3} 5.{0..8}.{0..14..2} 6.{0..2}.{0..10..2} 7.{0..4}.{0..2}
  ClosedXML 0.9{0..5}.{0..4} 0.10{0..2}.{0..3}
  HtmlAgilityPack 1.11.{0..61..3}
  MimeKit 2.{0..15}.{0..1} 3.{0..6}.{0..1} 4.{0..7}.{0..1}
  MailKit 2.{0..15}.{0..1} 3.{0..6}.{0..1} 4.{0..7}.{0..1}
  Azure.Storage.Blobs 12.{0..22}.{0..2}
  Azure.Identity 1.{0..12}.{0..1}
  StackExchange.Redis 2.{0..8}.{0..30..6}
  Quartz 3.{0..13}.{0..1}
  System.Drawing.Common 4.{5..7}.{0..2} 5.0.{0..3} 6.0.0 7.0.0 8.0.{0..8}
  `,
);

/** Python packages in scripts, tools and data services. */
export const PYPI_LIBRARIES = purls(
  'pypi',
  `
  requests 2.{20..32}.{0..3}
  urllib3 1.{24..26}.{0..18} 2.{0..2}.{0..3}
  pyyaml 5.{1..4}.{0,1} 6.0.{0..2}
  jinja2 2.{10,11}.{0..3} 3.{0,1}.{0..6}
  django 2.2.{0..28} 3.2.{0..25} 4.2.{0..16}
  flask 1.1.{1..4} 2.{0..3}.{0..3} 3.0.{0..3}
  cryptography 3.{0..4}.{0..8} {36..43}.0.{0..8}
  pillow 8.{0..4}.0 9.{0..5}.0 10.{0..4}.0
  numpy 1.{18..26}.{0..4}
  paramiko 2.{7..12}.{0..2} 3.{0..4}.0
  lxml 4.{6..9}.{0..4} 5.{0..3}.0
  certifi 2019.11.28 2020.12.5 2021.10.8 2022.12.7 2023.7.22 2024.8.30
  setuptools {40..75..2}.{0..3}.0
  pip {19..24}.{0..3}
  six 1.1{2..6}.0
  idna 2.{8..10} 3.{0..7}
  chardet 3.0.4 4.0.0 5.{0..2}.0
  charset-normalizer 2.{0,1}.{0..12} 3.{0..3}.{0..2}
  python-dateutil 2.8.{0..2} 2.9.0
  pytz 20{19..24}.{1..3}
  pandas 1.{0..5}.{0..3} 2.{0..2}.{0..3}
  scipy 1.{4..14}.{0..1}
  sqlalchemy 1.{3,4}.{0..50..5} 2.0.{0..36..3}
  psycopg2-binary 2.{8,9}.{0..9}
  pymysql 0.{9,10}.{0..3} 1.{0,1}.{0..1}
  pyodbc 4.0.{26..39} 5.{0,1}.0
  werkzeug 0.16.{0,1} 1.0.{0,1} 2.{0..3}.{0..8} 3.0.{0..6}
  markupsafe 1.1.1 2.{0,1}.{0..5}
  itsdangerous 1.1.0 2.{0,1}.{0..2}
  click 7.{0,1}.{0..2} 8.{0,1}.{0..7}
  gunicorn 19.{9,10}.0 20.{0,1}.{0..4} 21.2.0 22.0.0 23.0.0
  celery 4.4.{0..7} 5.{0..4}.{0..6}
  redis 3.{3..5}.{0..3} 4.{0..6}.{0..3} 5.{0..2}.{0..1}
  boto3 1.{20..35}.{0..90..15}
  botocore 1.{23..35}.{0..90..15}
  pyjwt 1.7.1 2.{0..9}.{0..1}
  oauthlib 3.{1,2}.{0..2}
  httpx 0.{18..28}.{0..2}
  aiohttp 3.{6..10}.{0..11}
  fastapi 0.{60..115..5}.{0..2}
  pydantic 1.{8..10}.{0..17..3} 2.{0..9}.{0..3}
  openpyxl 3.{0,1}.{0..10}
  reportlab 3.{5..6}.{0..72..8} 4.{0..2}.{0..5}
  pyopenssl {19..24}.{0..3}.0
  hl7 0.{3,4}.{0..5}
  fhir.resources 6.{0..5}.0 7.{0,1}.0
  `,
);

/** The library called `name` (the last segment of its purl) in `list`; throws if the catalogue lacks it. */
export function findLibrary(list: readonly Product[], name: string): Product {
  const found = list.find((p) => p.id.endsWith(`/${name}`));
  if (!found) throw new Error(`no library ${name} in the catalogue`);
  return found;
}

/** OpenSSH in appliances (Linux servers take theirs from the distribution, see linux-package.catalog). */
export const OPENSSH = cpeProduct({
  part: 'a',
  vendor: 'openbsd',
  product: 'openssh',
  versions: ['5.{3..9}|p1', '6.{0..9}|p1', '7.{0..9}|p1', '8.{0..9}|p1', '9.{0..8}|p1'],
  display: (v, u) => (u ? `${v}${u}` : v),
});
export const BUSYBOX = cpeProduct({
  part: 'a',
  vendor: 'busybox',
  product: 'busybox',
  versions: ['1.{19..36}.{0..2}'],
});

/** Wind River VxWorks, the real-time OS inside many bedside devices (URGENT/11, CVE-2019-12255 …). */
export const VXWORKS = cpeProduct({
  part: 'o',
  vendor: 'windriver',
  product: 'vxworks',
  versions: ['6.{5..9}', '7.0'],
});
